import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { judgeVms } from "../../views/vms";
import { evidence, verdict } from "../../judge/results";

/** Shielded VM options and the provider's default for each when the block leaves it out. */
const OPTIONS = [
  { key: "enable_secure_boot", default: false },
  { key: "enable_vtpm", default: true },
  { key: "enable_integrity_monitoring", default: true },
];

export const CMP01ShieldedVm: Control = {
  id: "CMP-01",
  title: "Shielded VM: secure boot, vTPM and integrity monitoring",
  claim: "Every VM boots only signed software, with a virtual TPM and integrity monitoring of its boot.",
  severity: "high",
  rationale:
    "Secure boot blocks unsigned bootloaders, kernels and drivers (rootkits); the vTPM measures the boot and " +
    "integrity monitoring alerts when the measurement changes. Secure boot is off unless asked for. " +
    "Stricter than checkov's CKV_GCP_39, which does not read secure boot: secure boot is required " +
    "here, since without it a bootkit survives every reboot unnoticed. Trivy's AVD-GCP-0067, " +
    "AVD-GCP-0041 and AVD-GCP-0045 judge one option each on instances only; templates and instances " +
    "created from them are judged here too.",
  remediation:
    "Add shielded_instance_config { enable_secure_boot = true, enable_vtpm = true, enable_integrity_monitoring = true } " +
    "and use a Shielded VM image.",
  references: {
    cis: ["4.8"],
    checkov: ["CKV_GCP_39"],
    trivy: ["AVD-GCP-0067", "AVD-GCP-0041", "AVD-GCP-0045"],
  },
  implementation:
    "HardenedInstanceTemplate sets all three options; the compute.requireShieldedVm org policy enforces it.",
  evaluate: (scope) =>
    judgeVms(scope, (vm) => {
      const values = OPTIONS.map((o) => ({
        ...o,
        value: get(vm.attributes, `shielded_instance_config.${o.key}`),
      }));
      const found = values.map((v) => evidence(`shielded_instance_config.${v.key}`, v.value));
      if (values.some((v) => isUnknown(v.value)))
        return verdict("unknown", vm, "Shielded VM options known only after apply", found);
      const off = values.filter((v) => !((v.value ?? v.default) === true || v.value === "true"));
      return off.length === 0
        ? verdict("pass", vm, "secure boot, vTPM and integrity monitoring on", found)
        : verdict(
            "fail",
            vm,
            `${off.map((v) => v.key).join(", ")} off${off.some((v) => v.value === undefined) ? " (provider default)" : ""}`,
            found,
          );
    }),
};
