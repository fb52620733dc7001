import { plural } from "../markdown-inline";
import type { SecurityDiff } from "./compare";

/** Resources touched by a regression or an improvement. */
export function changedResources(diff: SecurityDiff): number {
  return new Set([...diff.regressed, ...diff.improved].map((c) => c.resource)).size;
}

/** `2 regressions, 1 improvement in 3 resources; 1 resource added, 0 removed; 118 findings unchanged`. */
export function summaryParts(diff: SecurityDiff): { changes: string; resources: string; unchanged: string } {
  return {
    changes:
      `${plural(diff.regressed.length, "regression")}, ${plural(diff.improved.length, "improvement")}` +
      ` in ${plural(changedResources(diff), "resource")}`,
    resources: `${plural(diff.added.length, "resource")} added, ${diff.removed.length} removed`,
    unchanged: `${plural(diff.unchanged, "finding")} unchanged`,
  };
}
