import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { judgeVms } from "../../views/vms";
import { isSet } from "../../judge/presence";
import { principalKind } from "../../views/principals";
import { evidence, verdict } from "../../judge/results";

export const CMP05DedicatedServiceAccount: Control = {
  id: "CMP-05",
  title: "Every VM runs as a dedicated service account",
  claim: "Every VM runs as its own workload service account, never the Compute Engine default account.",
  severity: "high",
  rationale:
    "The default compute account is shared by every VM that names no account and historically holds Editor on " +
    "the project; a dedicated account limits a compromised VM to its workload's grants. With a dedicated " +
    "account the cloud-platform scope is Google's recommendation: IAM, not scopes, limits it. " +
    "Checkov's CKV_GCP_30 and CKV_GCP_31 read instances only, and CKV_GCP_31 only the cloud-platform " +
    "scope: a template on the default account, or the default account with narrow scopes, fails " +
    "here. Trivy's AVD-GCP-0044 passes an instance with no service_account block, which Compute " +
    "Engine runs as the default account.",
  remediation:
    'Add service_account { email = google_service_account.<workload>.email, scopes = ["cloud-platform"] } ' +
    "naming a service account created for this workload.",
  references: { cis: ["4.1", "4.2"], checkov: ["CKV_GCP_30", "CKV_GCP_31"], trivy: ["AVD-GCP-0044"] },
  implementation:
    "HardenedInstanceTemplate requires the email of a WorkloadServiceAccount created for the workload.",
  evaluate: (scope) =>
    judgeVms(scope, (vm) => {
      const block = get(vm.attributes, "service_account");
      const email = get(vm.attributes, "service_account.email");
      const found = [evidence("service_account.email", email)];
      if (isUnknown(block) || isUnknown(email))
        return verdict("unknown", vm, "service account known only after apply", found);
      if (!isSet(block)) {
        const why =
          vm.type === "google_compute_instance"
            ? "no service_account block"
            : "no service_account block: the default compute account is used";
        return verdict("fail", vm, why, found);
      }
      if (!isSet(email))
        return verdict(
          "fail",
          vm,
          "service_account.email is not set: the default compute account is used",
          found,
        );
      const kind = principalKind(scope, vm, `serviceAccount:${String(email)}`);
      if (isUnknown(kind))
        return verdict("unknown", vm, `service account ${String(email)} cannot be resolved`, found);
      return kind === "service-account"
        ? verdict("pass", vm, `runs as ${String(email)}`, found)
        : verdict("fail", vm, `runs as ${String(email)} (${kind}), not a dedicated service account`, found);
    }),
};
