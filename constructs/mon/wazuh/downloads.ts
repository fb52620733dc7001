/**
 * Files the Wazuh manager needs that Wazuh publishes outside its signed apt repository: the alerts index
 * template (from the release's tag on GitHub) and the Filebeat module. Wazuh publishes no checksum or signature
 * for either, so the boot script trusts only the SHA-256 recorded here for the configured release and refuses
 * anything else (fail closed): a release whose files are not recorded stops the manager's script at that step
 * with a message saying so, rather than installing an unverified file as root.
 *
 * Record a release with `scripts/hosts/record-wazuh-pins.sh <version>` (it downloads both files and prints the
 * entry to add below), on a machine that can reach packages.wazuh.com and raw.githubusercontent.com.
 */
export interface PinnedDownload {
  /** Name of the file in messages (the boot script names it when the check fails). */
  readonly what: string;
  readonly url: string;
  /** 64 lower-case hex digits, or undefined when no digest is recorded for this release. */
  readonly sha256: string | undefined;
}

export interface WazuhManagerDownloads {
  readonly template: PinnedDownload;
  readonly filebeatModule: PinnedDownload;
}

/** The Filebeat module Wazuh 4.8 and later use (Wazuh's packages list: 0.4 from 4.8.x on). */
const FILEBEAT_MODULE_URL = "https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz";

/**
 * SHA-256 digests recorded per Wazuh release. Empty until someone with internet access records them: this
 * repository's build machines cannot reach Wazuh's servers, and a digest that was not computed from the real
 * file must never be written here.
 */
const RECORDED: Readonly<Record<string, { readonly template: string; readonly filebeatModule: string }>> = {};

const SHA256 = /^[0-9a-f]{64}$/;

/** The two downloads of a Wazuh release with their recorded digests (undefined where none is recorded). */
export function wazuhManagerDownloads(version: string): WazuhManagerDownloads {
  const recorded = RECORDED[version];
  for (const digest of recorded ? [recorded.template, recorded.filebeatModule] : []) {
    if (!SHA256.test(digest))
      throw new Error(`Wazuh ${version}: recorded digest "${digest}" is not a SHA-256`);
  }
  return {
    template: {
      what: "Wazuh alerts index template",
      url: `https://raw.githubusercontent.com/wazuh/wazuh/v${version}/extensions/elasticsearch/7.x/wazuh-template.json`,
      sha256: recorded?.template,
    },
    filebeatModule: {
      what: "Wazuh Filebeat module",
      url: FILEBEAT_MODULE_URL,
      sha256: recorded?.filebeatModule,
    },
  };
}

/** What the boot script compares against when no digest is recorded: no file can have it. */
export const UNRECORDED_DIGEST = "unrecorded";

/**
 * Bash function (for a script under `set -euo pipefail`) that downloads URL to DEST only when its SHA-256 is
 * exactly the expected one: `fetch_pinned WHAT URL SHA256 DEST`. The file is written to DEST only after the
 * check, so a mismatch leaves no partial or foreign file behind.
 */
export const FETCH_PINNED_FUNCTION = [
  "# fetch_pinned WHAT URL SHA256 DEST: DEST gets URL's content only if its SHA-256 is exactly SHA256.",
  "fetch_pinned() {",
  '  local what="$1" url="$2" want="$3" dest="$4" tmp got',
  `  if [ "$want" = ${UNRECORDED_DIGEST} ]; then`,
  '    echo "$what: no SHA-256 is recorded for $url (constructs/mon/wazuh/downloads.ts); refusing an unverified download" >&2',
  "    return 1",
  "  fi",
  '  tmp="$(mktemp)"',
  '  curl -fsSL "$url" -o "$tmp"',
  '  got="$(sha256sum "$tmp" | cut -d\' \' -f1)"',
  '  if [ "$got" != "$want" ]; then',
  '    echo "$what: $url has SHA-256 $got, expected $want; not installed" >&2',
  '    rm -f "$tmp"',
  "    return 1",
  "  fi",
  '  install -m 0644 "$tmp" "$dest"',
  '  rm -f "$tmp"',
  "}",
].join("\n");
