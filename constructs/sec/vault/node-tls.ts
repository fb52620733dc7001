import { shellQuote } from "../../mon/wazuh/apt";
import { VAULT_PATHS } from "./layout";

/** Where the boot script installs the node certificate script; the renewal timer runs it too. */
export const NODE_TLS_SCRIPT = "/usr/local/sbin/vault-node-tls";

/** Lifetimes, in days: the CA lives long, node certificates are short and renewed a month ahead. */
export const TLS_LIFETIMES = { caDays: 3650, certDays: 90, renewBeforeDays: 30 } as const;

export interface VaultNodeTlsProps {
  /** Project of the CA secret. */
  readonly project: string;
  /** Secret Manager secret holding the deployment's Vault CA (certificate, then private key, in PEM). */
  readonly caSecret: string;
  /** Secret Manager secret the node publishes the CA certificate to (never the key): read by clients. */
  readonly caCertificateSecret: string;
  /** Name every node certificate carries (the load balancer's DNS name; raft joins verify it). */
  readonly serviceName: string;
  /** Subject of the CA the first node creates, e.g. `acme-prod Vault CA`. */
  readonly caName: string;
  /**
   * The CA's name constraints: the only DNS subtrees and IPv4 ranges (CIDR) it may certify. A leaked CA key
   * then cannot certify anything but Vault nodes.
   */
  readonly permittedDns: readonly string[];
  readonly permittedRanges: readonly string[];
}

/**
 * A bash script that gives a Vault node its own TLS certificate, issued by the deployment's Vault CA:
 *
 *     vault-node-tls [--reload] NODE_IP [NODE_DNS_NAME...]
 *
 * The CA is the oldest enabled version of the CA secret. When the secret has none (the first boot of a new
 * cluster) the node creates the CA (EC P-256, name-constrained to the Vault names and node range) and adds
 * it; nodes racing to do so all settle on the oldest version, so every node trusts the same CA and nobody
 * has to provision TLS material before the nodes can start. The node's certificate (its own P-256 key,
 * generated here and never leaving the node) names the service name, the node's DNS names and its IP
 * address; it is reissued when missing, not from the current CA, not naming this node's address and names,
 * or within `renewBeforeDays` of expiry. The CA's private key exists on disk only in a temporary directory
 * removed on exit. The CA certificate alone (checked to be one certificate and no key) is added to the
 * certificate-only secret when that secret's latest version is not it; a failure there is reported on stderr and
 * leaves the node's TLS alone (the daily renewal tries again). Prints `issued` or `current`; with `--reload`,
 * reloads Vault (SIGHUP: Vault re-reads its listener certificate) after issuing.
 *
 * The files go to VAULT_TLS_DIR (default the node layout's TLS directory) owned by VAULT_TLS_OWNER (default
 * vault:vault). The real-cluster test (test/runtime/vault) runs this same script with a stand-in for gcloud.
 */
export function renderVaultNodeTlsScript(props: VaultNodeTlsProps): string {
  if (props.permittedDns.length === 0 || props.permittedRanges.length === 0)
    throw new Error("the Vault CA needs at least one permitted DNS subtree and one IP range");
  const constraints = [
    ...props.permittedDns.map((name) => `permitted;DNS:${name}`),
    ...props.permittedRanges.map((range) => `permitted;IP:${cidrToOpenssl(range)}`),
  ].join(",");
  return [
    "#!/bin/bash",
    "# Issues this Vault node's TLS certificate from the deployment's Vault CA, creating the CA in Secret",
    "# Manager when it has none (rendered by gcp-security-baseline, constructs/sec/vault/node-tls.ts).",
    "# Usage: vault-node-tls [--reload] NODE_IP [NODE_DNS_NAME...]",
    "set -euo pipefail",
    "",
    `readonly PROJECT=${shellQuote(props.project)}`,
    `readonly CA_SECRET=${shellQuote(props.caSecret)}`,
    `readonly CA_CERT_SECRET=${shellQuote(props.caCertificateSecret)}`,
    `readonly SERVICE_NAME=${shellQuote(props.serviceName)}`,
    `readonly CA_SUBJECT=${shellQuote(`/CN=${props.caName}`)}`,
    `readonly NAME_CONSTRAINTS=${shellQuote(constraints)}`,
    `readonly CA_DAYS=${TLS_LIFETIMES.caDays}`,
    `readonly CERT_DAYS=${TLS_LIFETIMES.certDays}`,
    `readonly RENEW_BEFORE_DAYS=${TLS_LIFETIMES.renewBeforeDays}`,
    `tls_dir=${VAULT_PATHS.tlsDir}`,
    "owner=vault:vault",
    'if printenv VAULT_TLS_DIR >/dev/null; then tls_dir="$VAULT_TLS_DIR"; fi',
    'if printenv VAULT_TLS_OWNER >/dev/null; then owner="$VAULT_TLS_OWNER"; fi',
    "",
    "reload=0",
    'if [ "$#" -gt 0 ] && [ "$1" = --reload ]; then',
    "  reload=1",
    "  shift",
    "fi",
    'if [ "$#" -lt 1 ]; then',
    '  echo "usage: vault-node-tls [--reload] NODE_IP [NODE_DNS_NAME...]" >&2',
    "  exit 2",
    "fi",
    'readonly NODE_IP="$1"',
    "shift",
    "# The names to certify: the service name, then the node's own DNS names.",
    'set -- "$SERVICE_NAME" "$@"',
    "",
    "umask 077",
    'work="$(mktemp -d)"',
    "trap 'rm -rf \"$work\"' EXIT",
    "",
    "# --- The deployment's CA: the oldest enabled version of the CA secret, so that nodes racing to create it",
    "# all settle on the same one. A listing that fails is an error, never an empty secret.",
    "oldest_ca_version() {",
    '  gcloud secrets versions list "$CA_SECRET" --project="$PROJECT" --filter="state=ENABLED" \\',
    "    --sort-by=createTime --limit=1 --format='value(name.basename())'",
    "}",
    "",
    "create_ca() {",
    '  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/new-ca.key" || return 1',
    '  openssl req -x509 -new -key "$work/new-ca.key" -subj "$CA_SUBJECT" -days "$CA_DAYS" -sha256 \\',
    "    -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' \\",
    "    -addext 'keyUsage=critical,keyCertSign,cRLSign' \\",
    '    -addext "nameConstraints=critical,$NAME_CONSTRAINTS" \\',
    '    -out "$work/new-ca.pem" || return 1',
    '  cat "$work/new-ca.pem" "$work/new-ca.key" > "$work/new-ca.bundle" || return 1',
    '  gcloud secrets versions add "$CA_SECRET" --project="$PROJECT" --data-file="$work/new-ca.bundle" >/dev/null \\',
    "    || return 1",
    '  rm -f "$work/new-ca.key" "$work/new-ca.bundle"',
    "}",
    "",
    "load_ca() {",
    "  local version",
    '  version="$(oldest_ca_version)" || return 1',
    '  if [ -z "$version" ]; then',
    '    echo "secret $CA_SECRET holds no CA yet: creating the deployment\'s Vault CA" >&2',
    "    create_ca || return 1",
    '    version="$(oldest_ca_version)" || return 1',
    '    [ -n "$version" ] || return 1',
    "  fi",
    '  gcloud secrets versions access "$version" --project="$PROJECT" --secret="$CA_SECRET" > "$work/ca.bundle" \\',
    "    || return 1",
    '  openssl x509 -in "$work/ca.bundle" -out "$work/ca.pem" || return 1',
    '  openssl pkey -in "$work/ca.bundle" -out "$work/ca.key" || return 1',
    '  rm -f "$work/ca.bundle"',
    "}",
    "",
    "attempt=1",
    "until load_ca; do",
    '  if [ "$attempt" -ge 30 ]; then',
    '    echo "cannot read or create the Vault CA in secret $CA_SECRET" >&2',
    "    exit 1",
    "  fi",
    '  echo "reading the Vault CA from secret $CA_SECRET failed (attempt $attempt), retrying" >&2',
    "  attempt=$((attempt + 1))",
    "  sleep 10",
    "done",
    "",
    "# --- This node's certificate: kept while it is from this CA, names this node and is far from expiry.",
    "current() {",
    '  local cert="$tls_dir/vault.pem" key="$tls_dir/vault-key.pem" sans name',
    '  if [ ! -s "$cert" ] || [ ! -s "$key" ]; then return 1; fi',
    '  openssl verify -CAfile "$work/ca.pem" "$cert" >/dev/null 2>&1 || return 1',
    '  openssl x509 -in "$cert" -noout -checkend "$((RENEW_BEFORE_DAYS * 86400))" >/dev/null || return 1',
    '  [ "$(openssl x509 -in "$cert" -noout -pubkey)" = "$(openssl pkey -in "$key" -pubout)" ] || return 1',
    "  sans=\"$(openssl x509 -in \"$cert\" -noout -ext subjectAltName | tail -n +2 | tr ',' '\\n' | sed 's/^ *//')\"",
    '  grep -qxF "IP Address:$NODE_IP" <<<"$sans" || return 1',
    '  for name in "$@"; do',
    '    grep -qxF "DNS:$name" <<<"$sans" || return 1',
    "  done",
    "}",
    "",
    "issue() {",
    '  local san="IP:$NODE_IP" name',
    '  for name in "$@"; do san="$san,DNS:$name"; done',
    "  printf '%s\\n' 'basicConstraints = critical,CA:FALSE' 'keyUsage = critical,digitalSignature' \\",
    '    \'extendedKeyUsage = serverAuth,clientAuth\' "subjectAltName = $san" > "$work/node.ext"',
    '  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/node.key"',
    '  openssl req -new -key "$work/node.key" -subj "/CN=$SERVICE_NAME" -out "$work/node.csr"',
    '  openssl x509 -req -in "$work/node.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \\',
    '    -set_serial "0x$(openssl rand -hex 16)" -days "$CERT_DAYS" -sha256 -extfile "$work/node.ext" \\',
    '    -out "$work/node.pem" 2>/dev/null',
    "  # The CA's name constraints are checked here, not only by clients: a node outside them fails loudly.",
    '  if ! openssl verify -CAfile "$work/ca.pem" "$work/node.pem" >&2; then',
    '    echo "the Vault CA may not certify $NODE_IP $*: outside its name constraints" >&2',
    "    exit 1",
    "  fi",
    '  install -m 0600 "$work/node.key" "$tls_dir/vault-key.pem.new"',
    '  install -m 0644 "$work/node.pem" "$tls_dir/vault.pem.new"',
    '  chown "$owner" "$tls_dir/vault-key.pem.new" "$tls_dir/vault.pem.new"',
    '  mv -f "$tls_dir/vault-key.pem.new" "$tls_dir/vault-key.pem"',
    '  mv -f "$tls_dir/vault.pem.new" "$tls_dir/vault.pem"',
    "}",
    "",
    'mkdir -p "$tls_dir"',
    'chmod 0755 "$tls_dir"',
    'chown "$owner" "$tls_dir"',
    'install -m 0644 "$work/ca.pem" "$tls_dir/ca.pem"',
    'chown "$owner" "$tls_dir/ca.pem"',
    "",
    "# --- The CA certificate, never its key, in the certificate-only secret for clients outside the cluster (the",
    "# raft snapshot job): added when the secret's latest version is not this CA's certificate. A failure here",
    "# leaves this node's TLS as it is: the daily renewal tries again.",
    "publish_ca_certificate() {",
    '  if grep -q "PRIVATE KEY" "$work/ca.pem" ||',
    `    [ "$(grep -c -- '-----BEGIN ' "$work/ca.pem")" != 1 ] ||`,
    `    ! grep -q -- '-----BEGIN CERTIFICATE-----' "$work/ca.pem"; then`,
    '    echo "refusing to publish: the CA file is not exactly one certificate" >&2',
    "    return 1",
    "  fi",
    '  if gcloud secrets versions access latest --project="$PROJECT" --secret="$CA_CERT_SECRET" \\',
    '    > "$work/published.pem" 2>/dev/null && cmp -s "$work/published.pem" "$work/ca.pem"; then',
    "    return 0",
    "  fi",
    '  gcloud secrets versions add "$CA_CERT_SECRET" --project="$PROJECT" --data-file="$work/ca.pem" >/dev/null',
    "}",
    "if ! publish_ca_certificate; then",
    '  echo "warning: could not publish the Vault CA certificate to secret $CA_CERT_SECRET" >&2',
    "fi",
    'if current "$@"; then',
    "  echo current",
    "  exit 0",
    "fi",
    'issue "$@"',
    "echo issued",
    'if [ "$reload" = 1 ] && systemctl is-active --quiet vault; then',
    "  systemctl reload vault",
    "fi",
    "",
  ].join("\n");
}

/** `10.20.16.0/24` -> `10.20.16.0/255.255.255.0`, the form OpenSSL's nameConstraints take. */
export function cidrToOpenssl(cidr: string): string {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const bits = match ? Number(match[2]) : NaN;
  if (!match || bits > 32 || match[1].split(".").some((octet) => Number(octet) > 255))
    throw new Error(`expected an IPv4 range such as 10.20.16.0/24, got "${cidr}"`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const dotted = [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join(".");
  return `${match[1]}/${dotted}`;
}
