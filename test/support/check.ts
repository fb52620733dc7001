import type { Control } from "../../policies/control";
import { runCheck, type CheckOptions, type CheckReport } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { EXAMPLE_CONTROLS } from "./example-controls";

/** A fixed date for waiver expiry: tests never depend on the clock. */
export const TODAY = "2030-06-15";

/** Runs the check over stacks given as Terraform JSON objects (stack name → JSON). */
export function checkStacks(
  stacks: Record<string, object>,
  options: Partial<CheckOptions> & { controls?: readonly Control[] } = {},
): CheckReport {
  const documents = Object.entries(stacks).map(([stack, json]) => readTerraformJson(json, { stack }));
  return runCheck(
    { model: modelFromDocuments(documents), stacks: documents },
    { controls: EXAMPLE_CONTROLS, today: TODAY, ...options },
  );
}
