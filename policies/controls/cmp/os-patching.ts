import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { VM_TYPES } from "../shared/cmek";
import { isSet } from "../shared/presence";
import { evidence, judgeEach, projectVerdict, verdict } from "../shared/results";
import { selects } from "./patch-coverage";

const PATCH_DEPLOYMENT = "google_os_config_patch_deployment";

export const osPatching: Control = {
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
    const recurring = deployments.filter((d) => isSet(get(d.attributes, "recurring_schedule")));
    return judgeEach(scope, VM_TYPES, (vm) => {
      const verdicts = recurring.map((d) => ({ d, selected: selects(scope, d, vm) }));
      const covering = verdicts.find((v) => v.selected === true);
      if (covering) {
        return verdict("pass", vm, `patched by ${covering.d.address}`, [
          evidence(`${covering.d.address}.instance_filter`, get(covering.d.attributes, "instance_filter")),
        ]);
      }
      const unknown = verdicts.find((v) => isUnknown(v.selected));
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
