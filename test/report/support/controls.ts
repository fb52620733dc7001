import type { Control, Result } from "../../../policies/control";
import { isUnknown, type Resource } from "../../../policies/model/types";
import { get } from "../../../policies/model/values";

/**
 * Two small, real controls for report tests, independent of the catalogue's evolution: one judging a
 * resource's own attribute, one judging a reference to another resource (as cross-resource controls do).
 */
const base = {
  rationale: 'Test rationale with <markup> & "quotes".',
  references: { cis: ["1.10"], checkov: ["CKV_GCP_43"], trivy: ["AVD-GCP-0065"] },
};

function judge(resource: Resource, status: Result["status"], message: string, path: string): Result {
  return {
    resource,
    status,
    message,
    evidence: [{ path, value: get(resource.attributes, path) ?? "(not set)" }],
  };
}

export const ROTATION: Control = {
  ...base,
  id: "TST-01",
  title: "Keys rotate every 90 days | or sooner",
  claim: "Every key rotates at least every 90 days.",
  severity: "high",
  remediation: 'Set rotation_period to "7776000s".',
  implementation: "CmekKey renders rotation_period from kms.rotationDays.",
  evaluate: (scope) =>
    scope.ofType("google_kms_crypto_key").map((key) => {
      const period = key.attributes.rotation_period;
      if (isUnknown(period)) return judge(key, "unknown", "rotation known after apply", "rotation_period");
      const seconds = typeof period === "string" ? Number(period.replace(/s$/, "")) : NaN;
      return seconds <= 90 * 86_400
        ? judge(key, "pass", `rotates every ${seconds / 86_400} days`, "rotation_period")
        : judge(key, "fail", `rotates every ${seconds / 86_400} days, more than 90`, "rotation_period");
    }),
};

export const ARMOR: Control = {
  ...base,
  id: "TST-02",
  title: "External backends have a Cloud Armor policy",
  claim: "Every internet-facing backend is behind Cloud Armor.",
  severity: "critical",
  remediation: "Attach a google_compute_security_policy to the backend service.",
  implementation: "HttpsLoadBalancer requires an ArmorPolicy.",
  evaluate: (scope) => {
    const backends = scope.ofType("google_compute_backend_service");
    if (backends.length === 0)
      return [{ status: "not-applicable", message: "no backend service", evidence: [] }];
    return backends.map((backend) => {
      const policies = scope
        .references(backend, backend.attributes.security_policy)
        .filter((r) => r.resource.type === "google_compute_security_policy");
      return policies.length > 0
        ? judge(backend, "pass", `protected by ${policies[0].resource.address}`, "security_policy")
        : judge(backend, "fail", "no Cloud Armor policy", "security_policy");
    });
  },
};

/** A project-level control: the environment must declare an audit config. */
export const AUDIT: Control = {
  ...base,
  id: "TST-03",
  title: "Audit logs are on",
  claim: "Admin and data access is logged.",
  severity: "medium",
  remediation: "Declare google_project_iam_audit_config for allServices.",
  implementation: "FoundationStack declares the audit config.",
  evaluate: (scope) => {
    const configs = scope.ofType("google_project_iam_audit_config");
    if (configs.length === 0) return [{ status: "fail", message: "no audit config", evidence: [] }];
    return configs.map((c) => judge(c, "pass", "audit config present", "service"));
  },
};

export const TEST_CATALOGUE: readonly Control[] = [ROTATION, ARMOR, AUDIT];
