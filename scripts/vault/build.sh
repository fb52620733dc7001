#!/usr/bin/env bash
# Builds the Vault server that the real-cluster test (test/runtime/vault) runs, from the Go module proxy, and
# prints the binary's path on stdout (everything else goes to stderr):
#
#   VAULT_BINARY="$(scripts/vault/build.sh)" npx jest test/runtime/vault
#
# The wrapper module beside this script (go.mod, go.sum, tools.go) requires github.com/hashicorp/vault and
# repeats the two `replace` lines of Vault's own go.mod that a dependent module must restate. The stripped
# binary is cached in ${BASELINE_CACHE:-~/.cache/gcp-security-baseline}/vault-<sha256 of go.sum>/vault and reused
# while go.sum is unchanged, so only the first run (or a version change) pays for the build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${BASELINE_CACHE:-$HOME/.cache/gcp-security-baseline}"
key="$(sha256sum "$here/go.sum" | cut -d' ' -f1)"
dir="$cache_root/vault-$key"
out="$dir/vault"
# The release the wrapper requires; the built binary must report it.
version="$(sed -n 's/^require github\.com\/hashicorp\/vault v\([0-9.]*\)$/\1/p' "$here/go.mod")"
if [ -z "$version" ]; then
  echo "build.sh: no 'require github.com/hashicorp/vault vX.Y.Z' line in $here/go.mod" >&2
  exit 1
fi

reports_version() {
  "$1" version 2>/dev/null | grep -q "^Vault v${version}[ ,]"
}

mkdir -p "$dir"
# One build at a time per cache entry: a second caller waits, then finds the binary.
exec 9>"$dir/.lock"
flock 9

if [ -x "$out" ] && reports_version "$out"; then
  echo "build.sh: reusing $out (Vault $version)" >&2
  echo "$out"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "build.sh: go is not installed (Go 1.25 or later builds Vault $version)" >&2; exit 1; }

# Build in a scratch copy: -mod=mod may rewrite go.mod/go.sum, which must not touch the repository.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/go.mod" "$here/go.sum" "$here/tools.go" "$work/"
echo "build.sh: building Vault $version into $out (several minutes on a cold module and build cache)" >&2
start=$SECONDS
(
  cd "$work"
  # Some of Vault's plugin modules are unknown to the checksum database; go.sum still pins every hash.
  GOFLAGS=-mod=mod GONOSUMDB=github.com/hashicorp go build -ldflags "-s -w" -o "$work/vault" github.com/hashicorp/vault
) >&2
if ! reports_version "$work/vault"; then
  echo "build.sh: the built binary does not report Vault $version:" >&2
  "$work/vault" version >&2 || true
  exit 1
fi
mv "$work/vault" "$out.tmp"
mv "$out.tmp" "$out"
echo "build.sh: built Vault $version in $((SECONDS - start)) s" >&2
echo "$out"
