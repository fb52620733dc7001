#!/usr/bin/env bash
# Renders the control matrix of a synthesized baseline as HTML, opens it in headless Chromium and saves a
# screenshot to look at; fails unless the browser shows one table row per control.
#   scripts/render-matrix.sh [CDKTF_OUT] [SCREENSHOT]    (defaults: cdktf.out, a PNG in a new temp directory)
# Needs Chromium (Debian: apt-get install -y chromium). The page loads nothing from the network; the flags
# below also keep Chromium itself from calling home.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
input="${1:-cdktf.out}"
work="$(mktemp -d "${TMPDIR:-/tmp}/render-matrix.XXXXXX")"
screenshot="${2:-$work/matrix.png}"
trap 'rm -rf "$work/profile"' EXIT

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser="$candidate"
    break
  fi
done
if [[ -z "$browser" ]]; then
  echo "render-matrix: Chromium not found; install it with: apt-get install -y chromium" >&2
  exit 2
fi
if [[ ! -e "$input" ]]; then
  echo "render-matrix: $input does not exist; synthesize first (npm start) or pass a cdktf.out directory" >&2
  exit 2
fi

baseline() { node "$repo/bin/baseline.js" "$@"; }
page="$work/matrix.html"
baseline matrix "$input" --format html --output "$page" >/dev/null
controls="$(baseline controls --format json | grep -c '"id":')"

chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/profile" "$@" "file://$page" 2>/dev/null
}
chrome --screenshot="$screenshot" --window-size=1400,2000 >/dev/null
rows="$(chrome --dump-dom | grep -o '<tr id="[A-Z]*-[0-9]*"' | wc -l)"

if [[ ! -s "$screenshot" ]]; then
  echo "render-matrix: Chromium wrote no screenshot" >&2
  exit 1
fi
if [[ "$rows" -ne "$controls" ]]; then
  echo "render-matrix: the browser shows $rows control rows; the catalogue has $controls" >&2
  exit 1
fi
echo "Rendered $rows controls: $page"
echo "Screenshot: $screenshot"
