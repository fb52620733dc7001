/**
 * The prologue of a boot script that names the step it stopped in: `set -Eeuo pipefail`, an ERR trap recording
 * the failing line, an EXIT trap printing `<script>: step "<name>" failed (exit N, line L)`, and `begin <name>`
 * to enter a step. The host harness (test/hosts) asserts that message for every failing step.
 */
export function renderStepTracing(script: string): string {
  return `set -Eeuo pipefail
step="start"
failed_line=""
trap 'failed_line="$LINENO"' ERR
# Whatever stops the script (a failing command or a check that exits) names the step it was in.
on_exit() {
  local where=""
  [ -z "$failed_line" ] || where=", line $failed_line"
  if [ "$1" != 0 ]; then
    echo "${script}: step \\"$step\\" failed (exit $1$where)" >&2
  fi
}
trap 'on_exit "$?"' EXIT
begin() {
  step="$1"
  echo "==> $step"
}`;
}
