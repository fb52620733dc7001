import type { Status } from "../../control";
import { isUnknown } from "../../model/types";
import type { AttributeChange } from "./attributes";

/** Longest rendering of one value before it is clipped: a diff line must stay readable. */
const MAX_VALUE = 100;

/**
 * An attribute value as a reviewer reads it: bare words and durations as is (`7776000s`), other strings
 * quoted, structures as compact JSON, an absent value as `(absent)`.
 */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return "(absent)";
  if (isUnknown(value)) return "(known after apply)";
  const shown =
    typeof value === "string"
      ? /^[\w.:/@+-]+$/.test(value)
        ? value
        : JSON.stringify(value)
      : JSON.stringify(value);
  return shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE - 1)}…` : shown;
}

/** `rotation_period 7776000s → 31536000s`. */
export function showChange(change: AttributeChange): string {
  return `${change.path} ${showValue(change.before)} → ${showValue(change.after)}`;
}

/** `pass → fail`; a side without the finding reads `(none)`. */
export function showTransition(before: Status | undefined, after: Status | undefined): string {
  return `${before ?? "(none)"} → ${after ?? "(none)"}`;
}
