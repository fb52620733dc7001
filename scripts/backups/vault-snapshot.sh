#!/usr/bin/env bash
# Vault raft snapshot job: logs in to Vault with the GCP auth method (iam type) as the job's own service
# account, saves a raft snapshot (GET sys/storage/raft/snapshot), verifies it (the archive's SHA256SUMS, a
# non-zero raft index, state.bin of the size meta.json states), uploads it to the backup bucket as
# gs://BUCKET/PREFIX raft-<UTC time>.snap (create only: an existing object is never replaced), checks that the
# bucket holds what was verified (size and MD5), and prints one JSON result line
# (Cloud Run turns each line it prints into a structured log entry: jsonPayload and severity).
#
# Only bash, curl and coreutils/tar/gzip are needed (the Google Cloud CLI image has them): Google's APIs are
# called over HTTPS with the metadata server's token for the job's account.
#
# Environment:
#   VAULT_ADDR          https://<Vault service name>:8200 (the internal load balancer's private DNS name)
#   VAULT_AUTH_ROLE     the GCP auth method's role for this job (iam type, bound to this account)
#   VAULT_AUTH_PATH     where the GCP auth method is mounted (default gcp)
#   CA_SECRET           projects/<project>/secrets/<id>: the Vault CA certificate (PEM) the job trusts, read
#                       from its latest version at each run
#   BUCKET, PREFIX      the backup bucket and this job's prefix in it (ends with /)
# Stand-ins for a drill by hand or a test (never set by the deployed job):
#   VAULT_TOKEN         a token to use instead of the GCP login (revoked all the same once the snapshot is saved)
#   VAULT_CACERT        a CA file to use instead of CA_SECRET
#   GOOGLE_APIS_URL     base URL that replaces https:// for Google's APIs (https://<host>/... becomes
#                       $GOOGLE_APIS_URL/<host>/...), and METADATA_URL for the metadata server
#
# Exit status: 0 when the snapshot was uploaded and verified, 1 when a step failed, 2 when the environment is
# incomplete.
set -euo pipefail
umask 077

# shellcheck source=SCRIPTDIR/lib/json-line.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/json-line.sh"

# log SEVERITY RESULT MESSAGE [KEY JSON-VALUE]...
log() {
  local head
  head="{\"severity\":$(json_string "$1"),\"job\":\"vault-snapshot\",\"result\":$(json_string "$2"),\"message\":$(json_string "$3")"
  shift 3
  printf '%s%s}\n' "$head" "$(json_fields "$@")"
}

for name in VAULT_ADDR VAULT_AUTH_ROLE BUCKET PREFIX; do
  if [[ -z "${!name:-}" ]]; then
    log ERROR failure "environment variable $name is not set"
    exit 2
  fi
done
if [[ -z "${CA_SECRET:-}" && -z "${VAULT_CACERT:-}" ]]; then
  log ERROR failure "environment variable CA_SECRET is not set"
  exit 2
fi
if [[ "$PREFIX" != */ || "$PREFIX" == /* ]]; then
  log ERROR failure "PREFIX must end with / and not start with one, got $PREFIX"
  exit 2
fi
if [[ "$VAULT_ADDR" != https://* ]]; then
  log ERROR failure "VAULT_ADDR must be an https:// address, got $VAULT_ADDR"
  exit 2
fi
auth_path=${VAULT_AUTH_PATH:-gcp}
metadata=${METADATA_URL:-http://metadata.google.internal}

work=$(mktemp -d)
errors="$work/errors"
: >"$errors"
vault_token=""
# revoke: revokes the Vault token (the policy must allow auth/token/revoke-self; otherwise it lives out its TTL).
revoke() {
  [[ -n "$vault_token" ]] || return 1
  local token=$vault_token
  vault_token=""
  curl --silent --fail --cacert "$work/ca.pem" --max-time 30 -X POST -H "X-Vault-Token: $token" \
    "$VAULT_ADDR/v1/auth/token/revoke-self" >/dev/null 2>&1
}
cleanup() {
  revoke || true
  rm -rf "$work"
}
trap cleanup EXIT

stamp=$(date -u +%Y%m%dT%H%M%SZ)
object="${PREFIX}raft-$stamp.snap"
uri="gs://$BUCKET/$object"

fail() {
  log ERROR failure "Vault raft snapshot to $uri failed: $1" uri "$(json_string "$uri")" \
    detail "$(json_string "$(tail -c 2000 "$errors")")"
  exit 1
}

# api HOST: the base URL of one of Google's APIs.
api() {
  if [[ -n "${GOOGLE_APIS_URL:-}" ]]; then printf '%s/%s' "$GOOGLE_APIS_URL" "$1"; else printf 'https://%s' "$1"; fi
}

# json_field NAME < JSON: the first string value of NAME (enough for the flat answers read here).
json_field() {
  grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" | head -n1 | sed 's/.*:[[:space:]]*"\(.*\)"$/\1/'
}

# json_number NAME < JSON: the first numeric value of NAME.
json_number() {
  grep -o "\"$1\"[[:space:]]*:[[:space:]]*[0-9]*" | head -n1 | sed 's/.*:[[:space:]]*//'
}

# curl with an error body kept for the log.
fetch() {
  curl --silent --show-error --fail-with-body --max-time "${FETCH_TIMEOUT:-300}" "$@" 2>>"$errors"
}

google_token=""
google() {
  if [[ -z "$google_token" ]]; then
    google_token=$(fetch -H "Metadata-Flavor: Google" \
      "$metadata/computeMetadata/v1/instance/service-accounts/default/token" | json_field access_token) ||
      fail "no access token from the metadata server"
    [[ -n "$google_token" ]] || fail "the metadata server returned no access token"
  fi
  fetch -H "Authorization: Bearer $google_token" "$@"
}

log INFO running "saving a raft snapshot of $VAULT_ADDR to $uri" uri "$(json_string "$uri")"

# 1. The CA that signs the Vault nodes' certificates: every call to Vault verifies it.
if [[ -n "${VAULT_CACERT:-}" ]]; then
  cp "$VAULT_CACERT" "$work/ca.pem" 2>>"$errors" || fail "cannot read VAULT_CACERT"
else
  answer=$(google "$(api secretmanager.googleapis.com)/v1/$CA_SECRET/versions/latest:access") ||
    fail "cannot read the Vault CA from $CA_SECRET"
  printf '%s' "$answer" | json_field data | base64 -d >"$work/ca.pem" 2>>"$errors" ||
    fail "the Vault CA secret's payload is not base64"
fi
grep -q -- "-----BEGIN CERTIFICATE-----" "$work/ca.pem" || fail "the Vault CA is not a PEM certificate"

vault() {
  local path=$1
  shift
  fetch --cacert "$work/ca.pem" "$@" "$VAULT_ADDR/v1/$path"
}

# 2. Log in: a JWT for "vault/<role>" signed by Google for this account (IAM Credentials signJwt), valid 10 min.
if [[ -n "${VAULT_TOKEN:-}" ]]; then
  vault_token=$VAULT_TOKEN
else
  email=$(fetch -H "Metadata-Flavor: Google" \
    "$metadata/computeMetadata/v1/instance/service-accounts/default/email") ||
    fail "no service account email from the metadata server"
  [[ "$email" =~ ^[a-z0-9-]+@[a-z0-9.-]+$ ]] || fail "unexpected service account email: $email"
  claims="{\"sub\":\"$email\",\"aud\":\"vault/$VAULT_AUTH_ROLE\",\"exp\":$(($(date +%s) + 600))}"
  signed=$(google -X POST -H "Content-Type: application/json" --data "{\"payload\":$(json_string "$claims")}" \
    "$(api iamcredentials.googleapis.com)/v1/projects/-/serviceAccounts/$email:signJwt" | json_field signedJwt) ||
    fail "IAM Credentials refused to sign the login JWT"
  [[ -n "$signed" ]] || fail "IAM Credentials returned no signed JWT"
  vault_token=$(vault "auth/$auth_path/login" -X POST -H "Content-Type: application/json" \
    --data "{\"role\":$(json_string "$VAULT_AUTH_ROLE"),\"jwt\":$(json_string "$signed")}" |
    json_field client_token) || fail "Vault refused the GCP login (role $VAULT_AUTH_ROLE)"
  [[ -n "$vault_token" ]] || fail "Vault returned no client token"
fi

# 3. Save the snapshot (a standby node forwards the request to the active one).
vault sys/storage/raft/snapshot -H "X-Vault-Token: $vault_token" -o "$work/raft.snap" ||
  fail "Vault refused or interrupted the snapshot"

# The token is no longer needed; the result line says whether Vault let it be revoked.
revoked=false
if revoke; then revoked=true; fi

# 4. Verify it: a gzip'd tar of meta.json, state.bin and SHA256SUMS whose sums match, of a non-empty raft log.
mkdir "$work/check"
tar -xzf "$work/raft.snap" -C "$work/check" 2>>"$errors" || fail "the snapshot is not a gzip'd tar archive"
for member in meta.json state.bin SHA256SUMS; do
  [[ -f "$work/check/$member" ]] || fail "the snapshot has no $member"
done
(cd "$work/check" && sha256sum --check --strict --quiet SHA256SUMS) >>"$errors" 2>&1 ||
  fail "the snapshot's checksums do not match its content"
if ! grep -q ' state\.bin$' "$work/check/SHA256SUMS" || ! grep -q ' meta\.json$' "$work/check/SHA256SUMS"; then
  fail "SHA256SUMS does not cover meta.json and state.bin"
fi
index=$(json_number Index <"$work/check/meta.json")
stated=$(json_number Size <"$work/check/meta.json")
[[ -n "$index" && "$index" -gt 0 ]] || fail "the snapshot's raft index is not positive (meta.json)"
actual=$(stat -c %s "$work/check/state.bin")
[[ "$stated" == "$actual" ]] || fail "state.bin holds $actual bytes, meta.json says ${stated:-nothing}"
size=$(stat -c %s "$work/raft.snap")
sha256=$(sha256sum "$work/raft.snap" | cut -d' ' -f1)
md5=$(md5sum "$work/raft.snap" | cut -d' ' -f1 | sed 's/../\\x&/g')
md5=$(printf '%b' "$md5" | base64)

# 5. Upload: ifGenerationMatch=0 creates the object or fails, never replaces one.
upload=$(google -X POST -H "Content-Type: application/octet-stream" --data-binary "@$work/raft.snap" \
  "$(api storage.googleapis.com)/upload/storage/v1/b/$BUCKET/o?uploadType=media&ifGenerationMatch=0&name=${object//\//%2F}") ||
  fail "the upload was refused"
[[ "$(printf '%s' "$upload" | json_field md5Hash)" == "$md5" ]] ||
  fail "the stored object's MD5 differs from the verified snapshot's"
[[ "$(printf '%s' "$upload" | json_field size)" == "$size" ]] ||
  fail "the stored object's size differs from the verified snapshot's"

log INFO success "saved raft snapshot index $index of $VAULT_ADDR to $uri" uri "$(json_string "$uri")" \
  index "$index" bytes "$size" sha256 "$(json_string "$sha256")" token_revoked "$revoked"
