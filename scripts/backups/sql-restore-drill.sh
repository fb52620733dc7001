#!/usr/bin/env bash
# Restore drill: restores the newest database export into a scratch database, counts the rows of a table the
# application always has, cleans up, and prints one JSON result line. Every line this script prints is a JSON
# object with a "severity": Cloud Run turns each into a structured log entry (jsonPayload), which the restore
# drill's log-based metrics and alerts read (constructs/bak/restore-drill.ts).
#
#   sql-restore-drill.sh --source DIR|FILE --table SCHEMA.TABLE (--server | --ephemeral-server)
#                        [--min-rows N] [--max-age-hours H] [--skip-extension NAME]... [--pg-bin DIR]
#                        [--timeout SECONDS] [--drill NAME]
#                        [--vault-source DIR|FILE [--vault-max-age-hours H] [--vault-bin PATH]]
#
#   --source            an export file, or a directory whose newest export (by name) is restored. Exports:
#                       <name>.sql.gz or <name>.sql (plain SQL, what `gcloud sql export sql` writes),
#                       <name>.dump (pg_dump -Fc), or a directory holding toc.dat (pg_dump -Fd).
#   --server            restore into a new database drill_<time> on the server the libpq environment names
#                       (PGHOST, PGPORT, PGUSER, ...); the database, and any role the drill created, are dropped.
#   --ephemeral-server  initdb a throwaway server listening only on a Unix socket in a new temporary directory
#                       (as the postgres user when run as root) and delete it at the end.
#   --max-age-hours     fail when the export is older than this (default 48): a drill of a stale export would
#                       hide a broken export job. The age is read from a name starting YYYYMMDDTHHMMSSZ, else
#                       from the file's modification time.
#   --skip-extension    an extension the restore server lacks and the check does not need (default: pgaudit,
#                       which Cloud SQL provides and stock PostgreSQL does not); repeatable.
#   --timeout           seconds allowed to each restore and check step (default 3000).
#   --vault-source      also check the newest Vault raft snapshot (raft-YYYYMMDDTHHMMSSZ.snap, by name) in this
#                       directory, or this snapshot file, before the database restore, without a Vault server
#                       and without an unseal key: no older than --vault-max-age-hours (default 30: the snapshot
#                       schedule's period plus slack), a gzip'd tar whose SHA256SUMS match meta.json and
#                       state.bin, a positive raft index, and `vault operator raft snapshot inspect` (offline: it
#                       reads the file, never VAULT_ADDR) reading the same index from it. Its result goes into
#                       the drill's result line (vaultSnapshot, vaultSnapshotAgeHours, vaultSnapshotIndex,
#                       vaultSnapshotKeys); a failed check fails the drill. A full restore needs the cluster's
#                       unseal key, which a scheduled job must not hold: that is proven in CI instead
#                       (test/runtime/backups/vault-snapshot.test.ts).
#   --vault-bin         the Vault CLI (default: vault on PATH).
#
# Plain SQL dumps name their owners and grantees; the drill creates each role the server lacks as NOLOGIN so
# that the restore can run with ON_ERROR_STOP (and drops them again with --server). Archive formats are
# restored with --no-owner --no-acl instead. Exit status: 0 when the drill succeeded, 1 when it failed,
# 2 on a usage error.
set -euo pipefail

drill="sql-restore"
source_path=""
table=""
mode=""
min_rows=1
max_age_hours=48
pg_bin=""
step_timeout=3000
skip_extensions=()
skip_default=1
vault_source=""
vault_max_age_hours=30
vault_bin=vault
started=$(date +%s)

# shellcheck source=SCRIPTDIR/lib/json-line.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/json-line.sh"

# log SEVERITY MESSAGE [KEY JSON-VALUE]...
log() {
  local severity=$1 message=$2
  shift 2
  local head
  head="{\"severity\":$(json_string "$severity"),\"message\":$(json_string "$message"),\"drill\":$(json_string "$drill")"
  printf '%s%s}\n' "$head" "$(json_fields "$@")"
}

usage() {
  log ERROR "usage: $1" result '"usage-error"'
  exit 2
}

while (($# > 0)); do
  case "$1" in
    --server) mode=server; shift; continue ;;
    --ephemeral-server) mode=ephemeral; shift; continue ;;
    --source | --table | --min-rows | --max-age-hours | --skip-extension | --pg-bin | --timeout | --drill | \
      --vault-source | --vault-max-age-hours | --vault-bin)
      (($# >= 2)) || usage "$1 needs a value" ;;
    *) usage "unknown argument $1" ;;
  esac
  case "$1" in
    --source) source_path=$2 ;;
    --table) table=$2 ;;
    --min-rows) min_rows=$2 ;;
    --max-age-hours) max_age_hours=$2 ;;
    --skip-extension)
      if ((skip_default)); then skip_extensions=(); skip_default=0; fi
      skip_extensions+=("$2")
      ;;
    --pg-bin) pg_bin=$2 ;;
    --timeout) step_timeout=$2 ;;
    --drill) drill=$2 ;;
    --vault-source) vault_source=$2 ;;
    --vault-max-age-hours) vault_max_age_hours=$2 ;;
    --vault-bin) vault_bin=$2 ;;
  esac
  shift 2
done
if ((skip_default)); then skip_extensions=(pgaudit); fi

[[ -n "$source_path" ]] || usage "--source is required"
[[ -n "$mode" ]] || usage "one of --server or --ephemeral-server is required"
[[ "$table" =~ ^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$ ]] || usage "--table must be schema.table in lowercase, got '$table'"
[[ "$min_rows" =~ ^[0-9]+$ ]] || usage "--min-rows must be a whole number, got '$min_rows'"
[[ "$max_age_hours" =~ ^[0-9]+$ ]] || usage "--max-age-hours must be a whole number, got '$max_age_hours'"
[[ "$step_timeout" =~ ^[1-9][0-9]*$ ]] || usage "--timeout must be a positive whole number, got '$step_timeout'"
[[ "$vault_max_age_hours" =~ ^[0-9]+$ ]] ||
  usage "--vault-max-age-hours must be a whole number, got '$vault_max_age_hours'"
for extension in "${skip_extensions[@]}"; do
  [[ "$extension" =~ ^[a-z_][a-z0-9_]*$ ]] || usage "--skip-extension must be an extension name, got '$extension'"
done
if [[ -n "$pg_bin" ]]; then PATH="$pg_bin:$PATH"; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/restore-drill.XXXXXX")
chmod 0755 "$work"
scratch_db="drill_$(date -u +%Y%m%d%H%M%S)_$$"
server_started=0
created_roles=()
errors="$work/errors.log"
: >"$errors"

# Commands touching the throwaway server run as postgres when the drill runs as root (initdb refuses root).
as_server_user() {
  if [[ "$mode" == ephemeral && "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_at() {
  as_server_user timeout --kill-after=10 "$step_timeout" psql -X -q -v ON_ERROR_STOP=1 "$@"
}

cleanup() {
  set +e
  if [[ -n "${PGDATABASE_ADMIN:-}" ]]; then
    psql_at -d "$PGDATABASE_ADMIN" -c "DROP DATABASE IF EXISTS \"$scratch_db\"" >/dev/null 2>>"$errors"
    local role
    for role in "${created_roles[@]}"; do
      psql_at -d "$PGDATABASE_ADMIN" -c "DROP ROLE IF EXISTS \"$role\"" >/dev/null 2>>"$errors"
    done
  fi
  if ((server_started)); then
    as_server_user pg_ctl -D "$work/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

result_fields() {
  local seconds=$(($(date +%s) - started)) roles_json="[" role
  for role in "${created_roles[@]}"; do
    roles_json+="$(json_string "$role"),"
  done
  roles_json="${roles_json%,}]"
  printf '%s\n' source "$(json_string "${export_path:-$source_path}")" table "$(json_string "$table")" \
    mode "$(json_string "$mode")" durationSeconds "$seconds" rolesCreated "$roles_json"
  if [[ -n "$vault_source" ]]; then
    printf '%s\n' vaultSnapshot "$(json_string "${vault_snapshot:-$vault_source}")" \
      vaultSnapshotChecked "${vault_checked:-false}"
    if [[ -n "${vault_age_hours:-}" ]]; then printf '%s\n' vaultSnapshotAgeHours "$vault_age_hours"; fi
    if [[ -n "${vault_index:-}" ]]; then printf '%s\n' vaultSnapshotIndex "$vault_index"; fi
    if [[ -n "${vault_keys:-}" ]]; then printf '%s\n' vaultSnapshotKeys "$vault_keys"; fi
  fi
}

fail() {
  local reason=$1 detail
  detail=$(tail -c 2000 "$errors" 2>/dev/null || true)
  local fields=()
  mapfile -t fields < <(result_fields)
  log ERROR "restore drill failed: $reason" result '"failure"' reason "$(json_string "$reason")" \
    detail "$(json_string "$detail")" "${fields[@]}"
  exit 1
}

# --- The Vault part: the newest raft snapshot, checked offline (no server, no unseal key).
vault_snapshot=""
vault_checked=false
vault_age_hours=""
vault_index=""
vault_keys=""
check_vault_snapshot() {
  local candidate name taken stated actual inspected
  if [[ -d "$vault_source" ]]; then
    while IFS= read -r -d '' candidate; do
      name=$(basename "$candidate")
      if [[ "$name" =~ ^raft-[0-9]{8}T[0-9]{6}Z\.snap$ && -f "$candidate" ]]; then
        if [[ -z "$vault_snapshot" || "$name" > "$(basename "$vault_snapshot")" ]]; then vault_snapshot=$candidate; fi
      fi
    done < <(find "$vault_source" -mindepth 1 -maxdepth 1 -print0)
    [[ -n "$vault_snapshot" ]] || fail "vault: no raft-<time>.snap in $vault_source"
  elif [[ -f "$vault_source" ]]; then
    vault_snapshot=$vault_source
  else
    fail "vault: snapshot source $vault_source does not exist"
  fi
  name=$(basename "$vault_snapshot")
  [[ "$name" =~ ^raft-([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z\.snap$ ]] ||
    fail "vault: $name is not named raft-YYYYMMDDTHHMMSSZ.snap"
  taken=$(date -u -d "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]}T${BASH_REMATCH[4]}:${BASH_REMATCH[5]}:${BASH_REMATCH[6]}Z" +%s 2>>"$errors") ||
    fail "vault: $name does not name a valid time"
  vault_age_hours=$((($(date +%s) - taken) / 3600))
  if ((vault_age_hours > vault_max_age_hours)); then
    fail "vault: newest snapshot $name is $vault_age_hours hours old, more than $vault_max_age_hours: the snapshot job is not running"
  fi
  mkdir "$work/vault"
  tar -xzf "$vault_snapshot" -C "$work/vault" 2>>"$errors" || fail "vault: $name is not a gzip'd tar archive"
  for member in meta.json state.bin SHA256SUMS; do
    [[ -f "$work/vault/$member" ]] || fail "vault: $name has no $member"
  done
  if ! grep -q ' state\.bin$' "$work/vault/SHA256SUMS" || ! grep -q ' meta\.json$' "$work/vault/SHA256SUMS"; then
    fail "vault: SHA256SUMS in $name does not cover meta.json and state.bin"
  fi
  (cd "$work/vault" && sha256sum --check --strict --quiet SHA256SUMS) >>"$errors" 2>&1 ||
    fail "vault: the checksums in $name do not match its content"
  vault_index=$(grep -o '"Index"[[:space:]]*:[[:space:]]*[0-9]*' "$work/vault/meta.json" | head -n1 | grep -o '[0-9]*$' || true)
  [[ -n "$vault_index" && "$vault_index" -gt 0 ]] || fail "vault: the raft index in $name is not positive"
  stated=$(grep -o '"Size"[[:space:]]*:[[:space:]]*[0-9]*' "$work/vault/meta.json" | head -n1 | grep -o '[0-9]*$' || true)
  actual=$(stat -c %s "$work/vault/state.bin")
  [[ "$stated" == "$actual" ]] || fail "vault: state.bin holds $actual bytes, meta.json says ${stated:-nothing}"
  # Offline: inspect reads the file. VAULT_ADDR names nothing, so a request to a server could not succeed.
  command -v "$vault_bin" >/dev/null 2>&1 || fail "vault: no Vault CLI at $vault_bin"
  env -u VAULT_TOKEN VAULT_ADDR=https://127.0.0.1:1 VAULT_FORMAT=json \
    timeout --kill-after=10 "$step_timeout" "$vault_bin" operator raft snapshot inspect "$vault_snapshot" \
    >"$work/vault-inspect.json" 2>>"$errors" || fail "vault: vault operator raft snapshot inspect refused $name"
  inspected=$(grep -o '"Index"[[:space:]]*:[[:space:]]*[0-9]*' "$work/vault-inspect.json" | head -n1 | grep -o '[0-9]*$' || true)
  [[ "$inspected" == "$vault_index" ]] ||
    fail "vault: inspect reads raft index ${inspected:-nothing} from $name, meta.json says $vault_index"
  vault_keys=$(grep -o '"TotalCountKV"[[:space:]]*:[[:space:]]*[0-9]*' "$work/vault-inspect.json" | head -n1 | grep -o '[0-9]*$' || true)
  [[ -n "$vault_keys" && "$vault_keys" -gt 0 ]] || fail "vault: inspect found no keys in $name"
  vault_checked=true
  rm -rf "$work/vault"
  log INFO "vault: raft snapshot $name checked (index $vault_index, $vault_keys keys, $vault_age_hours hours old)" \
    result '"running"'
}
if [[ -n "$vault_source" ]]; then check_vault_snapshot; fi

# The export to restore: the file given, or the newest by name in the directory given.
export_path=""
if [[ -d "$source_path" && ! -f "$source_path/toc.dat" ]]; then
  newest=""
  while IFS= read -r -d '' candidate; do
    name=$(basename "$candidate")
    if [[ "$name" =~ \.(sql\.gz|sql|dump)$ || -f "$candidate/toc.dat" ]]; then
      if [[ -z "$newest" || "$name" > "$(basename "$newest")" ]]; then newest=$candidate; fi
    fi
  done < <(find "$source_path" -mindepth 1 -maxdepth 1 -print0)
  [[ -n "$newest" ]] || fail "no export in $source_path"
  export_path=$newest
elif [[ -e "$source_path" ]]; then
  export_path=$source_path
else
  fail "source $source_path does not exist"
fi

name=$(basename "$export_path")
if [[ "$name" =~ ^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z ]]; then
  taken=$(date -u -d "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]}T${BASH_REMATCH[4]}:${BASH_REMATCH[5]}:${BASH_REMATCH[6]}Z" +%s) ||
    fail "export name $name does not start with a valid time"
else
  taken=$(stat -c %Y "$export_path")
fi
age_hours=$((($(date +%s) - taken) / 3600))
if ((age_hours > max_age_hours)); then
  fail "newest export $name is $age_hours hours old, more than $max_age_hours: the export job is not running"
fi

if [[ -d "$export_path" ]]; then
  format=directory
elif [[ "$name" == *.sql.gz ]]; then
  format=plain-gzip
elif [[ "$name" == *.sql ]]; then
  format=plain
elif [[ "$name" == *.dump ]]; then
  format=custom
else
  fail "cannot tell the format of $name (expected .sql.gz, .sql, .dump or a directory with toc.dat)"
fi
log INFO "restoring $name ($format, $age_hours hours old)" result '"running"'

# The server to restore into.
if [[ "$mode" == ephemeral ]]; then
  # The client environment must name the throwaway server, and the server must not take its port from it.
  export PGHOST=$work PGPORT=5432 PGUSER=postgres
  unset PGPASSWORD PGSERVICE PGDATABASE
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$work"; fi
  as_server_user initdb -D "$work/data" -U postgres --auth=trust --no-sync >/dev/null 2>>"$errors" ||
    fail "initdb failed"
  as_server_user pg_ctl -D "$work/data" -w -t 60 -l "$work/server.log" \
    -o "-c listen_addresses='' -c port=$PGPORT -c unix_socket_directories='$work' -c fsync=off" \
    start >/dev/null 2>>"$errors" ||
    fail "the throwaway server did not start: $(tail -c 500 "$work/server.log" 2>/dev/null || true)"
  server_started=1
fi
PGDATABASE_ADMIN=${PGDATABASE:-postgres}
psql_at -d "$PGDATABASE_ADMIN" -c "CREATE DATABASE \"$scratch_db\"" >/dev/null 2>>"$errors" ||
  fail "could not create the scratch database $scratch_db"

skip_pattern=$(IFS='|'; printf '%s' "${skip_extensions[*]}")

# Roles a plain dump names (owners, grantees, default-privilege owners) that the server lacks, created NOLOGIN
# for the restore. Only statement lines pg_dump writes are read, never COPY data.
dump_roles() {
  local identifier='("([^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
  {
    grep -E "^ALTER [A-Z ]+ .* OWNER TO $identifier;$" "$work/dump.sql" | sed -E 's/^.* OWNER TO //'
    grep -E "^(ALTER DEFAULT PRIVILEGES .*)?GRANT .* TO $identifier( *, *$identifier)*( WITH GRANT OPTION)?;$" \
      "$work/dump.sql" | sed -E 's/ WITH GRANT OPTION;$/;/; s/^.* TO //'
    grep -E "^(ALTER DEFAULT PRIVILEGES .*)?REVOKE .* FROM $identifier( *, *$identifier)*;$" "$work/dump.sql" |
      sed -E 's/^.* FROM //'
    grep -oE "^ALTER DEFAULT PRIVILEGES FOR ROLE $identifier" "$work/dump.sql" | sed -E 's/^.* FOR ROLE //'
  } | sed -E 's/;$//' | tr ',' '\n' | sed -E 's/^ +//; s/ +$//; s/^"(.*)"$/\1/; s/""/"/g' | sort -u
}

create_missing_roles() {
  local role exists
  while IFS= read -r role; do
    [[ -z "$role" || "$role" == PUBLIC || "$role" == public ]] && continue
    exists=$(psql_at -d "$PGDATABASE_ADMIN" -At -v role="$role" -f - 2>>"$errors" \
      <<<"SELECT 1 FROM pg_roles WHERE rolname = :'role';") || fail "could not look up role $role"
    if [[ -z "$exists" ]]; then
      psql_at -d "$PGDATABASE_ADMIN" -v role="$role" -f - >/dev/null 2>>"$errors" \
        <<<'CREATE ROLE :"role" NOLOGIN;' || fail "could not create role $role"
      created_roles+=("$role")
    fi
  done < <(dump_roles)
}

case "$format" in
  plain | plain-gzip)
    # Unpacked to a file the server user can read: the source may sit on a mount only root can read.
    if [[ "$format" == plain-gzip ]]; then
      gzip -dc "$export_path" >"$work/dump.sql" 2>>"$errors" || fail "$name is not a readable gzip file"
    else
      cp "$export_path" "$work/dump.sql" || fail "could not read $name"
    fi
    if [[ -n "$skip_pattern" ]]; then
      sed -i -E "/^(CREATE EXTENSION( IF NOT EXISTS)?|COMMENT ON EXTENSION) \"?($skip_pattern)\"?( |;)/d" "$work/dump.sql"
    fi
    chmod 0644 "$work/dump.sql"
    create_missing_roles
    psql_at -d "$scratch_db" --single-transaction -f "$work/dump.sql" >/dev/null 2>>"$errors" ||
      fail "restoring $name stopped at an error"
    ;;
  custom | directory)
    cp -r "$export_path" "$work/archive" || fail "could not read $name"
    chmod -R a+rX "$work/archive"
    as_server_user timeout --kill-after=10 "$step_timeout" pg_restore -l "$work/archive" >"$work/toc.list" 2>>"$errors" ||
      fail "$name is not a pg_dump archive"
    if [[ -n "$skip_pattern" ]]; then
      sed -i -E "/ (EXTENSION -|COMMENT - EXTENSION) ($skip_pattern)( |$)/d" "$work/toc.list"
    fi
    chmod 0644 "$work/toc.list"
    as_server_user timeout --kill-after=10 "$step_timeout" pg_restore --exit-on-error --no-owner --no-acl \
      --single-transaction -L "$work/toc.list" -d "$scratch_db" "$work/archive" >/dev/null 2>>"$errors" ||
      fail "restoring $name stopped at an error"
    ;;
esac

rows=$(psql_at -d "$scratch_db" -At -c "SELECT count(*) FROM $table" 2>>"$errors") ||
  fail "the restored export has no readable table $table"
if ((rows < min_rows)); then
  fail "$table holds $rows rows in the restored export, fewer than $min_rows"
fi

mapfile -t fields < <(result_fields)
vault_said=""
if [[ "$vault_checked" == true ]]; then vault_said="; Vault snapshot $(basename "$vault_snapshot") checked"; fi
log INFO "restore drill succeeded: $table holds $rows rows$vault_said" result '"success"' rows "$rows" \
  exportAgeHours "$age_hours" format "$(json_string "$format")" "${fields[@]}"
