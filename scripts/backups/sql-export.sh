#!/usr/bin/env bash
# Export job: exports one Cloud SQL database to the backup bucket as gs://BUCKET/PREFIX<UTC time>.sql.gz and
# waits for Cloud SQL to finish, then prints one JSON result line (Cloud Run turns each line this script prints
# into a structured log entry: jsonPayload and severity). Runs in the Google Cloud CLI image as a service
# account allowed only cloudsql.instances.get and cloudsql.instances.export on INSTANCE; Cloud SQL's own
# service account writes the file, and may create objects under PREFIX only.
#
# Environment: PROJECT, INSTANCE, DATABASE, BUCKET, PREFIX (ends with /); optional EXPORT_ATTEMPTS (default 12)
# and EXPORT_RETRY_SECONDS (default 300): Cloud SQL runs one administrative operation at a time on an instance,
# so an export that meets the automated backup or maintenance is refused (HTTP 409) and is asked for again,
# that many times, that far apart; any other refusal fails at once.
# Each export gets a new name: the bucket's retention policy forbids replacing an object younger than it.
# Exit status: 0 when the export finished, 1 when it failed, 2 when the environment is incomplete.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/json-line.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/json-line.sh"

# log SEVERITY RESULT MESSAGE [KEY JSON-VALUE]...
log() {
  local head
  head="{\"severity\":$(json_string "$1"),\"job\":\"sql-export\",\"result\":$(json_string "$2"),\"message\":$(json_string "$3")"
  shift 3
  printf '%s%s}\n' "$head" "$(json_fields "$@")"
}

for name in PROJECT INSTANCE DATABASE BUCKET PREFIX; do
  if [[ -z "${!name:-}" ]]; then
    log ERROR failure "environment variable $name is not set"
    exit 2
  fi
done
if [[ "$PREFIX" != */ ]]; then
  log ERROR failure "PREFIX must end with /, got $PREFIX"
  exit 2
fi
attempts=${EXPORT_ATTEMPTS:-12}
pause=${EXPORT_RETRY_SECONDS:-300}
if [[ ! "$attempts" =~ ^[1-9][0-9]*$ || ! "$pause" =~ ^[0-9]+$ ]]; then
  log ERROR failure "EXPORT_ATTEMPTS must be a positive and EXPORT_RETRY_SECONDS a whole number, got $attempts and $pause"
  exit 2
fi

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
uri="gs://$BUCKET/$PREFIX$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
fail() {
  log ERROR failure "export of $INSTANCE/$DATABASE to $uri failed: $1" uri "$(json_string "$uri")" \
    detail "$(json_string "$(tail -c 2000 "$errors")")"
  exit 1
}

log INFO running "exporting $INSTANCE/$DATABASE to $uri" uri "$(json_string "$uri")"
attempt=1
until operation=$(gcloud sql export sql "$INSTANCE" "$uri" --database="$DATABASE" --project="$PROJECT" \
  --async --quiet --format='value(name)' 2>"$errors"); do
  if ((attempt < attempts)) && grep -q -e 'HTTPError 409' -e 'another operation was already in progress' "$errors"; then
    log INFO running "Cloud SQL is busy with another operation on $INSTANCE: asking again in $pause s" \
      attempt "$attempt" attempts "$attempts"
    sleep "$pause"
    attempt=$((attempt + 1))
    continue
  fi
  fail "the export was refused (attempt $attempt of $attempts)"
done
[[ -n "$operation" ]] || fail "Cloud SQL returned no operation"
gcloud sql operations wait "$operation" --project="$PROJECT" --timeout=unlimited --quiet \
  >/dev/null 2>>"$errors" || fail "operation $operation did not finish"
log INFO success "exported $INSTANCE/$DATABASE to $uri" uri "$(json_string "$uri")" \
  operation "$(json_string "$operation")"
