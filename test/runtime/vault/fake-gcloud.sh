#!/bin/bash
# Stand-in for gcloud in the real-cluster test: the three `gcloud secrets versions` calls that vault-node-tls
# makes (list, access, add), on a directory $FAKE_SECRET_MANAGER/<project>/<secret>/<version>. The secret must
# exist (the stack declares it); versions are numbered from 1 in the order they are added, as in Secret
# Manager, and a file <version>.disabled marks a disabled one. Any other invocation fails loudly, so a change
# to the script's gcloud calls cannot pass unnoticed.
set -euo pipefail

fail() {
  echo "fake gcloud: $*" >&2
  exit 64
}

if [ "$#" -lt 4 ] || [ "$1" != secrets ] || [ "$2" != versions ]; then fail "unsupported call: gcloud $*"; fi
command="$3"
shift 3
positional=""
project=""
secret=""
data_file=""
for arg in "$@"; do
  case "$arg" in
    --project=*) project="${arg#--project=}" ;;
    --secret=*) secret="${arg#--secret=}" ;;
    --data-file=*) data_file="${arg#--data-file=}" ;;
    --filter=state=ENABLED | --sort-by=createTime | --limit=1 | '--format=value(name.basename())')
      [ "$command" = list ] || fail "$arg is not expected for $command" ;;
    --*) fail "unsupported flag $arg for $command" ;;
    *)
      [ -z "$positional" ] || fail "unexpected argument $arg"
      positional="$arg"
      ;;
  esac
done
[ -n "$project" ] || fail "--project is required"

store() {
  local dir="$FAKE_SECRET_MANAGER/$project/$1"
  [ -d "$dir" ] || { echo "ERROR: (gcloud.secrets.versions.$command) NOT_FOUND: Secret [$1] not found" >&2; exit 1; }
  echo "$dir"
}

case "$command" in
  list)
    # The call vault-node-tls makes: the oldest enabled version's number, or nothing.
    [ "$#" -eq 6 ] || fail "list expects the secret and exactly the five flags vault-node-tls passes: $*"
    dir="$(store "$positional")"
    for version in $(find "$dir" -maxdepth 1 -type f -name '[0-9]*' ! -name '*.*' -printf '%f\n' | sort -n); do
      if [ ! -e "$dir/$version.disabled" ]; then
        echo "$version"
        break
      fi
    done
    ;;
  access)
    dir="$(store "$secret")"
    if [ ! -f "$dir/$positional" ] || [ -e "$dir/$positional.disabled" ]; then
      echo "ERROR: (gcloud.secrets.versions.access) NOT_FOUND: version $positional" >&2
      exit 1
    fi
    cat "$dir/$positional"
    ;;
  add)
    dir="$(store "$positional")"
    [ -f "$data_file" ] || fail "--data-file must name a file"
    # Versions are numbered atomically, as Secret Manager does for concurrent adds.
    until mkdir "$dir/.lock" 2>/dev/null; do sleep 0.05; done
    next=$(($(find "$dir" -maxdepth 1 -type f -name '[0-9]*' ! -name '*.*' | wc -l) + 1))
    cp "$data_file" "$dir/$next"
    rmdir "$dir/.lock"
    echo "Created version [$next] of the secret [$positional]." >&2
    ;;
  *) fail "unsupported command secrets versions $command" ;;
esac
