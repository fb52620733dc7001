# shellcheck shell=bash
# One JSON object per line, which Cloud Run turns into a structured log entry. Sourced by the backup scripts
# when run alone; inlined in place of the `. ".../lib/json-line.sh"` line when a job carries the script.

# json_string TEXT: TEXT as a JSON string (control characters other than \n \r \t dropped).
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\037')"
}

# json_fields KEY JSON-VALUE ...: `,"KEY":JSON-VALUE` for each pair, to append to an open object.
json_fields() {
  local fields=""
  while (($# >= 2)); do
    fields+=",$(json_string "$1"):$2"
    shift 2
  done
  printf '%s' "$fields"
}
