#!/usr/bin/env bash
# Prints the SHA-256 entry for constructs/mon/wazuh/downloads.ts (RECORDED) of a Wazuh release: downloads the
# alerts template and the Filebeat module from Wazuh's servers (run it where they are reachable) and hashes them.
# Review what you record: the boot script then trusts exactly these bytes.
#
#   scripts/hosts/record-wazuh-pins.sh 4.12.0
set -euo pipefail
version="${1:?usage: record-wazuh-pins.sh <wazuh version, e.g. 4.12.0>}"
template="https://raw.githubusercontent.com/wazuh/wazuh/v$version/extensions/elasticsearch/7.x/wazuh-template.json"
module="https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz"
digest() { curl -fsSL "$1" | sha256sum | cut -d' ' -f1; }
printf '  "%s": {\n    template: "%s",\n    filebeatModule: "%s",\n  },\n' "$version" "$(digest "$template")" "$(digest "$module")"
