#!/usr/bin/env bash
# The host harness in one command (as root): builds or reuses the Debian 12 root filesystem
# (scripts/hosts/build-rootfs.sh, cached under ${BASELINE_CACHE:-$HOME/.cache/gcp-security-baseline}), then boots
# every host's startup script, rendered from the synthesized Terraform, in it (test/hosts); the Vault node with the
# real Vault binary (VAULT_BINARY, or scripts/vault/build.sh's cached build). Extra arguments go
# to jest (e.g. -t "Zeek").
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
rootfs="$(scripts/hosts/build-rootfs.sh)"
echo "host harness: root filesystem $rootfs ready after $((SECONDS - started)) s"
# The Vault node boots with the real Vault binary (built once, then cached: scripts/vault/build.sh).
VAULT_BINARY="${VAULT_BINARY:-$(scripts/vault/build.sh)}"
export VAULT_BINARY
echo "host harness: Vault binary $VAULT_BINARY ready after $((SECONDS - started)) s"
# Every host suite must boot its VMs here: one that cannot (not root, no root filesystem) fails instead of
# skipping (test/hosts/harness.ts), so this command cannot pass without booting anything.
export HOST_HARNESS_REQUIRED=1
status=0
BASELINE_HOST_ROOTFS="$rootfs" CHECKPOINT_DISABLE=1 npx jest test/hosts --runInBand "$@" || status=$?
echo "host harness: $((SECONDS - started)) s in all"
exit "$status"
