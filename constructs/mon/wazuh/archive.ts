/**
 * The Wazuh manager's daily archive into the backup bucket: a systemd timer on the manager runs
 * /usr/local/sbin/wazuh-archive, which copies the previous day's rotated alerts (and archives, when logall is
 * on) and a tar of the manager's configuration and API state to gs://<bucket>/<prefix><day>/, as the Wazuh
 * writer account (create only on <prefix>), whose access token it obtains with the VM's own token (IAM
 * Credentials generateAccessToken). It verifies each stored object's size and MD5 and writes one JSON result
 * line to Cloud Logging (log `wazuh-archive`), which the job's alerts match.
 *
 * What the job is told comes from instance metadata (BACKUP_JOB_METADATA), so that the checker reads the same
 * declaration the VM acts on (the keys are shared/host-backup-jobs.ts).
 */
import { BACKUP_JOB_METADATA } from "../../../shared/host-backup-jobs";

/** The unit names: `<name>.timer` starts `<name>.service`, which runs `/usr/local/sbin/<name>`. */
export const WAZUH_ARCHIVE_JOB = "wazuh-archive";
/** Daily, at 01:30 UTC: after Wazuh has rotated and compressed the previous day's alerts at midnight. */
export const WAZUH_ARCHIVE_SCHEDULE = "*-*-* 01:30:00 UTC";
/** Where the script is installed. */
export const WAZUH_ARCHIVE_SCRIPT_PATH = `/usr/local/sbin/${WAZUH_ARCHIVE_JOB}`;
/** The Cloud Logging log the result lines go to (projects/<project>/logs/<this>). */
export const WAZUH_ARCHIVE_LOG = WAZUH_ARCHIVE_JOB;
/** The writer account the backup stack declares for the Wazuh prefix (stacks/backup.ts). */
export const WAZUH_ARCHIVE_WRITER_ID = "wazuh-archive-writer";

/** Instance metadata keys that declare a host-side backup job (read by the boot script, the job and the checker). */
export { BACKUP_JOB_METADATA };

/** `<id>@<project>.iam.gserviceaccount.com` of the Wazuh archive writer. */
export function wazuhArchiveWriterEmail(project: string): string {
  return `${WAZUH_ARCHIVE_WRITER_ID}@${project}.iam.gserviceaccount.com`;
}

export interface WazuhArchiveTarget {
  /** The backup bucket's name: a literal (it reaches the VM as metadata, read by the checker). */
  readonly bucket: string;
  /** The writer's prefix, ending with `/`. */
  readonly prefix: string;
  /** The writer account's e-mail (literal). */
  readonly writerEmail: string;
  /** systemd OnCalendar expression (default WAZUH_ARCHIVE_SCHEDULE). */
  readonly schedule?: string;
}

// Extended regular expressions, for grep -E in the scripts and for checking here alike.
const BUCKET_ERE = "^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$";
const PREFIX_ERE = "^[a-z0-9][a-z0-9._-]*/([a-z0-9._-]+/)*$";
const EMAIL_ERE = "^[a-z0-9-]+@[a-z0-9.-]+[.]iam[.]gserviceaccount[.]com$";
const CALENDAR_ERE = "^[0-9A-Za-z*:,./ ~-]+$";
const [BUCKET, PREFIX, EMAIL, CALENDAR] = [BUCKET_ERE, PREFIX_ERE, EMAIL_ERE, CALENDAR_ERE].map(
  (ere) => new RegExp(ere),
);

/** The instance metadata that declares the archive job; throws on a value the script would refuse. */
export function wazuhArchiveMetadata(target: WazuhArchiveTarget): Record<string, string> {
  const schedule = target.schedule ?? WAZUH_ARCHIVE_SCHEDULE;
  const checks: [string, string, RegExp][] = [
    ["bucket", target.bucket, BUCKET],
    ["prefix", target.prefix, PREFIX],
    ["writer e-mail", target.writerEmail, EMAIL],
    ["schedule", schedule, CALENDAR],
  ];
  for (const [what, value, pattern] of checks) {
    if (!pattern.test(value))
      throw new Error(`Wazuh archive: ${what} "${value}" is not a literal the job accepts`);
  }
  return {
    [BACKUP_JOB_METADATA.name]: WAZUH_ARCHIVE_JOB,
    [BACKUP_JOB_METADATA.schedule]: schedule,
    [BACKUP_JOB_METADATA.bucket]: target.bucket,
    [BACKUP_JOB_METADATA.prefix]: target.prefix,
    [BACKUP_JOB_METADATA.writer]: target.writerEmail,
  };
}

/**
 * The boot script's step that installs the job (run on every boot, before the install marker is checked, so
 * a changed schedule applies at the next boot): the script, the oneshot service and the daily, persistent
 * timer (a run missed while the VM was down happens at the next boot). A VM without the metadata gets no job.
 */
export function renderWazuhArchiveInstall(): string {
  const M = BACKUP_JOB_METADATA;
  return `begin "Wazuh archive job"
# Declared by instance metadata (${M.schedule}, ${M.bucket}, ${M.prefix}, ${M.writer}); none, no job.
archive_schedule="$(metadata instance/attributes/${M.schedule} 2>/dev/null || true)"
if [ -n "$archive_schedule" ]; then
  if ! printf '%s' "$archive_schedule" | grep -Eq '${CALENDAR_ERE}'; then
    echo "metadata ${M.schedule} is not a calendar expression: $archive_schedule" >&2
    exit 1
  fi
  cat > ${WAZUH_ARCHIVE_SCRIPT_PATH}.new <<'WAZUH_ARCHIVE'
${renderWazuhArchiveScript()}WAZUH_ARCHIVE
  chmod 0700 ${WAZUH_ARCHIVE_SCRIPT_PATH}.new
  mv -f ${WAZUH_ARCHIVE_SCRIPT_PATH}.new ${WAZUH_ARCHIVE_SCRIPT_PATH}
  cat > /etc/systemd/system/${WAZUH_ARCHIVE_JOB}.service <<'UNIT'
[Unit]
Description=Wazuh archive: yesterday's alerts and the manager's configuration to the backup bucket
Wants=network-online.target
After=network-online.target
RequiresMountsFor=/var/ossec

[Service]
Type=oneshot
ExecStart=${WAZUH_ARCHIVE_SCRIPT_PATH}
UNIT
  cat > /etc/systemd/system/${WAZUH_ARCHIVE_JOB}.timer <<UNIT
[Unit]
Description=Daily Wazuh archive to the backup bucket

[Timer]
OnCalendar=$archive_schedule
Persistent=true

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now ${WAZUH_ARCHIVE_JOB}.timer
else
  echo "no ${M.schedule} metadata: no Wazuh archive job"
fi`;
}

/**
 * The job's script. Bash, curl, tar, gzip and coreutils only; no `${` or `%{` anywhere (it travels inside
 * Terraform strings). Exit status 0 when every object was stored and verified (or already existed), 1 when
 * any step failed, 2 when the metadata is incomplete. An optional argument YYYY-MM-DD archives that day
 * instead of yesterday (UTC), e.g. to catch up a missed day by hand.
 */
export function renderWazuhArchiveScript(): string {
  const M = BACKUP_JOB_METADATA;
  return `#!/bin/bash
# Wazuh archive job, rendered by gcp-security-baseline (constructs/mon/wazuh/archive.ts).
# Copies one day's rotated Wazuh alerts (and archives, when logall is on) and a tar of the manager's
# configuration (/var/ossec/etc: ossec.conf, rules, decoders, lists, shared agent groups, client.keys,
# authd.pass, the authd TLS key) and API configuration (/var/ossec/api/configuration) to
# gs://BUCKET/PREFIX<day>/, create-only (ifGenerationMatch=0: an existing object is never replaced), as the
# writer account whose token the VM's own account obtains from IAM Credentials; verifies each stored object's
# size and MD5; writes one JSON result line to stdout and to Cloud Logging (log ${WAZUH_ARCHIVE_LOG}).
#   ${WAZUH_ARCHIVE_SCRIPT_PATH} [YYYY-MM-DD]     (default: yesterday, UTC)
set -euo pipefail
umask 077
export LC_ALL=C

readonly OSSEC=/var/ossec
readonly METADATA=http://metadata.google.internal/computeMetadata/v1
readonly STORAGE=https://storage.googleapis.com
readonly IAM_CREDENTIALS=https://iamcredentials.googleapis.com
readonly LOGGING=https://logging.googleapis.com

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
errors="$work/errors"
: > "$errors"

# json_string TEXT: TEXT as a JSON string (control characters dropped, newlines as \\n).
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | tr '\\t' ' ' | tr -d '\\000-\\011\\013-\\037' | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g' | awk 'NR > 1 { printf "\\\\n" } { printf "%s", $0 }')"
}

# json_field NAME < JSON: the first string value of NAME (enough for the flat answers read here).
json_field() {
  grep -o "\\"$1\\"[[:space:]]*:[[:space:]]*\\"[^\\"]*\\"" | head -n1 | sed 's/.*:[[:space:]]*"\\(.*\\)"$/\\1/'
}

metadata() {
  curl --silent --show-error --fail --max-time 10 -H 'Metadata-Flavor: Google' "$METADATA/$1" 2>>"$errors"
}

vm_token=""
project=""
# emit SEVERITY RESULT MESSAGE [KEY JSON-VALUE]...: the result line, on stdout and in Cloud Logging.
emit() {
  local severity="$1" line
  line="{\\"job\\":\\"${WAZUH_ARCHIVE_JOB}\\",\\"result\\":$(json_string "$2"),\\"message\\":$(json_string "$3")"
  shift 3
  while [ "$#" -ge 2 ]; do
    line="$line,$(json_string "$1"):$2"
    shift 2
  done
  line="$line}"
  printf '{"severity":"%s",%s\\n' "$severity" "$(printf '%s' "$line" | cut -c2-)"
  if [ -z "$vm_token" ] || [ -z "$project" ]; then
    echo "wazuh-archive: no token or project: the result line is not in Cloud Logging" >&2
    return 1
  fi
  local zone instance_id entry
  zone="$(metadata instance/zone | sed 's|.*/||')" || zone=""
  instance_id="$(metadata instance/id)" || instance_id=""
  entry="{\\"logName\\":\\"projects/$project/logs/${WAZUH_ARCHIVE_LOG}\\",\\"resource\\":{\\"type\\":\\"gce_instance\\",\\"labels\\":{\\"project_id\\":$(json_string "$project"),\\"zone\\":$(json_string "$zone"),\\"instance_id\\":$(json_string "$instance_id")}},\\"severity\\":\\"$severity\\",\\"jsonPayload\\":$line}"
  if ! printf '{"entries":[%s]}' "$entry" | curl --silent --show-error --fail --max-time 30 -X POST \\
    -H "Authorization: Bearer $vm_token" -H 'Content-Type: application/json' --data-binary @- \\
    "$LOGGING/v2/entries:write" > /dev/null 2>>"$errors"; then
    echo "wazuh-archive: Cloud Logging refused the result line: $(tail -c 500 "$errors")" >&2
    return 1
  fi
}

# fail MESSAGE: a failure before any upload.
fail() {
  emit ERROR failure "Wazuh archive failed: $1" detail "$(json_string "$(tail -c 2000 "$errors")")" || true
  exit 1
}

# 1. What to do, from the instance metadata.
bucket="$(metadata instance/attributes/${M.bucket})" || bucket=""
prefix="$(metadata instance/attributes/${M.prefix})" || prefix=""
writer="$(metadata instance/attributes/${M.writer})" || writer=""
project="$(metadata project/project-id)" || project=""
vm_token="$(metadata instance/service-accounts/default/token | json_field access_token)" || vm_token=""
[ -n "$vm_token" ] || fail "no access token for the VM's account from the metadata server"
if ! printf '%s' "$bucket" | grep -Eq '${BUCKET_ERE}' ||
  ! printf '%s' "$prefix" | grep -Eq '${PREFIX_ERE}' ||
  ! printf '%s' "$writer" | grep -Eq '${EMAIL_ERE}'; then
  emit ERROR failure "Wazuh archive: metadata ${M.bucket}, ${M.prefix} and ${M.writer} must name a bucket, a prefix ending with / and a service account (got '$bucket', '$prefix', '$writer')" || true
  exit 2
fi

requested=yesterday
[ "$#" -eq 0 ] || requested="$1"
day="$(date -u -d "$requested" +%F 2>>"$errors")" || fail "not a day: $requested"
year="$(date -u -d "$day" +%Y)"
month="$(date -u -d "$day" +%b)"
dd="$(date -u -d "$day" +%d)"
dest="$prefix$day/"
uri="gs://$bucket/$dest"

# 2. What to archive: the day's rotated alerts (required) and archives (when logall is on), each with the
# checksum file Wazuh writes beside it, and the configuration tar.
list="$work/list"
: > "$list"
for kind in alerts:alerts archives:archive; do
  dir="$OSSEC/logs/$(printf '%s' "$kind" | cut -d: -f1)/$year/$month"
  stem="ossec-$(printf '%s' "$kind" | cut -d: -f2)-$dd"
  for ext in json.gz json.sum log.gz log.sum; do
    if [ -f "$dir/$stem.$ext" ]; then
      printf '%s %s\\n' "$dir/$stem.$ext" "$(printf '%s' "$kind" | cut -d: -f1)/$stem.$ext" >> "$list"
    fi
  done
done
alerts="$OSSEC/logs/alerts/$year/$month/ossec-alerts-$dd.json.gz"
[ -f "$alerts" ] || fail "no rotated alerts for $day ($alerts)"
while read -r file _; do
  case "$file" in
    *.gz) gzip -t "$file" 2>>"$errors" || fail "$file is not an intact gzip file" ;;
  esac
done < "$list"
state_paths="etc"
[ -d "$OSSEC/api/configuration" ] && state_paths="$state_paths api/configuration"
# shellcheck disable=SC2086 # the paths are words
tar -C "$OSSEC" -czf "$work/ossec-state.tar.gz" $state_paths 2>>"$errors" ||
  fail "cannot tar $state_paths of $OSSEC"
tar -tzf "$work/ossec-state.tar.gz" > /dev/null 2>>"$errors" || fail "the state tar does not read back"
printf '%s %s\\n' "$work/ossec-state.tar.gz" "ossec-state.tar.gz" >> "$list"

# 3. A short-lived token for the writer account, minted with the VM's own token.
scope_json='["https://www.googleapis.com/auth/devstorage.read_write"]'
writer_token="$(curl --silent --show-error --fail-with-body --max-time 30 -X POST \\
  -H "Authorization: Bearer $vm_token" -H 'Content-Type: application/json' \\
  --data "{\\"scope\\":$scope_json,\\"lifetime\\":\\"900s\\"}" \\
  "$IAM_CREDENTIALS/v1/projects/-/serviceAccounts/$writer:generateAccessToken" 2>>"$errors" |
  json_field accessToken)" || writer_token=""
[ -n "$writer_token" ] || fail "IAM Credentials gave no token for $writer"

# 4. Upload each file, create-only, and check what the bucket stored.
uploaded=0
bytes=0
stored="$work/stored"
present="$work/present"
failed="$work/failed"
: > "$stored"
: > "$present"
: > "$failed"
while read -r file name; do
  object="$dest$name"
  size="$(stat -c %s "$file")"
  md5="$(md5sum "$file" | cut -d' ' -f1 | sed 's/../\\\\x&/g')"
  md5="$(printf '%b' "$md5" | base64)"
  : > "$work/headers"
  curl --silent --show-error --max-time 600 -X POST -D "$work/headers" -o "$work/answer" \\
    -H "Authorization: Bearer $writer_token" -H 'Content-Type: application/octet-stream' \\
    --data-binary "@$file" \\
    "$STORAGE/upload/storage/v1/b/$bucket/o?uploadType=media&ifGenerationMatch=0&name=$(printf '%s' "$object" | sed 's|/|%2F|g')" \\
    2>>"$errors" || true
  status="$(awk 'toupper($1) ~ /^HTTP\\// { code = $2 } END { print code }' "$work/headers")"
  case "$status" in
    200)
      if [ "$(json_field md5Hash < "$work/answer")" != "$md5" ]; then
        echo "$object: the stored object's MD5 differs from the file's" >> "$failed"
      elif [ "$(json_field size < "$work/answer")" != "$size" ]; then
        echo "$object: the stored object's size differs from the file's" >> "$failed"
      else
        echo "$object" >> "$stored"
        uploaded=$((uploaded + 1))
        bytes=$((bytes + size))
      fi
      ;;
    412) echo "$object" >> "$present" ;;
    *) echo "$object: upload refused (HTTP $status): $(tr -d '\\n' < "$work/answer" | cut -c1-300)" >> "$failed" ;;
  esac
done < "$list"

# json_list FILE: the file's lines as a JSON array of strings.
json_list() {
  local out="" line
  while IFS= read -r line; do
    out="$out,$(json_string "$line")"
  done < "$1"
  printf '[%s]' "$(printf '%s' "$out" | cut -c2-)"
}

set -- uri "$(json_string "$uri")" day "$(json_string "$day")" objects "$uploaded" bytes "$bytes" \\
  stored "$(json_list "$stored")" present "$(json_list "$present")" failed "$(json_list "$failed")"
if [ -s "$failed" ]; then
  emit ERROR failure "Wazuh archive of $day to $uri failed: $(wc -l < "$failed") object(s) not stored intact" "$@" || true
  exit 1
fi
if [ "$uploaded" -eq 0 ]; then
  emit WARNING already-archived "Wazuh archive of $day: every object already exists in $uri (create-only: not replaced)" "$@"
  exit 0
fi
emit INFO success "Wazuh archive of $day: $uploaded object(s), $bytes bytes stored and verified in $uri" "$@"
`;
}
