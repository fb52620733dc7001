import type { TerraformStack } from "cdktf";
import { CmekKey } from "../../constructs/enc/cmek-key";
import { CATALOGUE } from "../../policies/controls";
import { expectPasses } from "../support/control-fixtures";
import { control } from "../support/controls";
import { scopeFromTerraformJson } from "../support/scope";
import type { TerraformJson } from "../support/synth";

/**
 * A construct used bare passes each control that judges its resources: every listed control gives no fail and
 * no unknown on the construct's synthesis, and at least one pass (a control with nothing to judge proves
 * nothing). Controls that need resources the construct does not declare (the environment's org policies, VPC,
 * VM Manager) are left out where the call is made, with the reason in a comment.
 */
export function expectUsedBarePasses(json: TerraformJson, ids: readonly string[]): void {
  const scope = scopeFromTerraformJson(json);
  for (const id of ids) {
    const statuses = expectPasses(control(id), scope).map((result) => result.status);
    expect({ id, statuses }).toEqual({ id, statuses: expect.arrayContaining(["pass"]) });
  }
}

/** The ids of every control of a family (`SQL` → SQL-01, SQL-02, ...), for a construct that family is about. */
export function familyIds(family: string): string[] {
  return CATALOGUE.filter((c) => c.id.startsWith(`${family}-`)).map((c) => c.id);
}

/**
 * A customer-managed key declared beside a construct that takes one, as the kms stack declares it: the CMEK
 * controls (ENC-05 to ENC-08, SQL-03) judge only keys the configuration declares, never a literal key name.
 * Returns the key's id (a reference), to pass as the construct's key.
 */
export function declaredKey(stack: TerraformStack, location = "europe-west2"): string {
  return new CmekKey(stack, "declared-key", {
    keyRing: `projects/p/locations/${location}/keyRings/r`,
    name: "k",
  }).key.id;
}
