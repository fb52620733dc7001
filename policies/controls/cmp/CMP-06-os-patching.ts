import type { Control } from "../../control";
import { type Resource, type Scope, type Unknown, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { VM_TYPES } from "../../views/cmek";
import { isSet, presenceProven, surestFirst } from "../../judge/presence";
import { evidence, judgeEach, projectVerdict, verdict } from "../../judge/results";
import { selects } from "../../views/patch-coverage";

const PATCH_DEPLOYMENT = "google_os_config_patch_deployment";

export const CMP06OsPatching: Control = {
  id: "CMP-06",
  title: "A recurring OS patch deployment covers every VM",
  claim: "Every VM is patched on a recurring schedule by VM Manager.",
  severity: "high",
  rationale:
    "Unpatched operating systems are the commonest way in; a recurring patch deployment applies security " +
    "updates without depending on someone remembering to.",
  remediation:
    "Declare a google_os_config_patch_deployment with a recurring_schedule whose instance_filter selects every VM " +
    "(all = true, or labels / zones / name prefixes that match each one).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The foundation stack declares a weekly patch deployment with instance_filter.all = true.",
  evaluate: (scope) => {
    const vms = VM_TYPES.flatMap((type) => scope.ofType(type));
    if (vms.length === 0)
      return [projectVerdict("not-applicable", `no VM in environment ${scope.environment}`)];
    const deployments = scope.ofType(PATCH_DEPLOYMENT);
    if (deployments.length === 0)
      return [projectVerdict("fail", `no ${PATCH_DEPLOYMENT}: ${vms.length} VM(s) are never patched`)];
    const recurring = surestFirst(
      deployments.filter((d) => isSet(get(d.attributes, "recurring_schedule"))),
      (d) => d,
    );
    return judgeEach(scope, VM_TYPES, (vm) => {
      const { covering, unknown } = firstSelecting(scope, recurring, vm);
      if (covering) {
        const found = [
          evidence(`${covering.address}.instance_filter`, get(covering.attributes, "instance_filter")),
        ];
        return presenceProven(verdict("pass", vm, `patched by ${covering.address}`, found), covering);
      }
      if (unknown)
        return verdict("unknown", vm, `whether ${unknown.d.address} selects it is known only after apply`, [
          evidence(`${unknown.d.address}.instance_filter`, unknown.selected),
        ]);
      const why =
        recurring.length === 0
          ? "no patch deployment has a recurring_schedule"
          : "no recurring patch deployment selects it";
      return verdict(
        "fail",
        vm,
        why,
        deployments.map((d) =>
          evidence(`${d.address}.instance_filter`, get(d.attributes, "instance_filter")),
        ),
      );
    });
  },
};

/**
 * The first deployment that selects the VM, else the first one whose selection is known only after apply.
 * Stops at the first that selects it: with one deployment for every VM, the check stays linear.
 */
function firstSelecting(
  scope: Scope,
  deployments: readonly Resource[],
  vm: Resource,
): { covering?: Resource; unknown?: { d: Resource; selected: Unknown } } {
  let unknown: { d: Resource; selected: Unknown } | undefined;
  for (const d of deployments) {
    const selected = selects(scope, d, vm);
    if (selected === true) return { covering: d };
    if (isUnknown(selected)) unknown ??= { d, selected };
  }
  return unknown ? { unknown } : {};
}
