import type { Matrix } from "./build";
import { STATUS_LABEL, type MatrixStatus } from "./status";

const ORDER: readonly MatrixStatus[] = [
  "fail",
  "unknown",
  "waived",
  "pass",
  "not-applicable",
  "not-evaluated",
];

/** Per environment, how many controls stand at each status (statuses with no control left out), worst first. */
export function statusCounts(matrix: Matrix): { environment: string; counts: [MatrixStatus, number][] }[] {
  return matrix.environments.map((environment) => {
    const counts = ORDER.map((status): [MatrixStatus, number] => [
      status,
      matrix.rows.filter((row) => row.status[environment] === status).length,
    ]).filter(([, count]) => count > 0);
    return { environment, counts };
  });
}

/** `prod: ✅ pass 58, ❌ fail 1` — one line per environment, shared by the Markdown and HTML pages. */
export function countsLine(counts: [MatrixStatus, number][]): string {
  return counts.map(([status, count]) => `${STATUS_LABEL[status]} ${count}`).join(", ");
}

/** Every evidence address of a row across environments, sorted (stack names carry the environment). */
export function allEvidence(evidence: Readonly<Record<string, readonly string[]>>): string[] {
  return [...new Set(Object.values(evidence).flat())].sort();
}
