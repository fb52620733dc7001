import type { Control, Result } from "../../policies/control";
import { CATALOGUE } from "../../policies/controls";
import type { Scope } from "../../policies/model/types";

/** A control of the catalogue by id (throws on a typo, so a test can never silently check nothing). */
export function control(id: string): Control {
  const found = CATALOGUE.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id} in the catalogue`);
  return found;
}

/** The statuses a control gives on a scope, one per result. */
export function statuses(id: string, scope: Scope): Result["status"][] {
  return control(id)
    .evaluate(scope)
    .map((r) => r.status);
}
