import type { SecurityDiff } from "./compare";
import { changedResources } from "./summary";

/**
 * The security diff as JSON: `{"summary": {regressed, improved, changed, resources, added, removed,
 * unchanged}, "regressed": [...], "improved": [...], "changed": [...], "added": [...], "removed": [...]}`.
 * An attribute absent on one side has no `before` / `after` key.
 */
export function diffJson(diff: SecurityDiff): string {
  const summary = {
    regressed: diff.regressed.length,
    improved: diff.improved.length,
    changed: diff.changed.length,
    resources: changedResources(diff),
    added: diff.added.length,
    removed: diff.removed.length,
    unchanged: diff.unchanged,
  };
  const { regressed, improved, changed, added, removed } = diff;
  return `${JSON.stringify({ summary, regressed, improved, changed, added, removed }, null, 2)}\n`;
}
