import type { Status } from "../../control";
import { worstStatus } from "../../engine/evaluate";

/** A control with no finding at all in an environment: shown, never mistaken for a pass. */
export type MatrixStatus = Status | "not-evaluated";

/** The status a control shows for an environment: the most telling of its findings there. */
export function matrixStatus(statuses: readonly Status[]): MatrixStatus {
  return statuses.length === 0 ? "not-evaluated" : worstStatus(statuses);
}

/** Fail and unknown are what a reviewer must act on; the others hold the claim (or do not apply). */
export function isFailing(status: Status): boolean {
  return status === "fail" || status === "unknown";
}

export const STATUS_LABEL: Readonly<Record<MatrixStatus, string>> = {
  fail: "❌ fail",
  unknown: "❔ unknown",
  waived: "⚠️ waived",
  pass: "✅ pass",
  "not-applicable": "➖ n/a",
  "not-evaluated": "— not evaluated",
};
