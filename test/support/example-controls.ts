import type { Control, Result } from "../../policies/control";
import { isUnknown, type Resource, type Scope } from "../../policies/model/types";
import { get, truthy } from "../../policies/model/values";

/**
 * Small, real controls for testing the engine, waivers and CLI independently of the growing catalogue.
 * Each evaluates real fixtures; none is wired into the catalogue.
 */
const base = {
  rationale: "Test control for the engine.",
  remediation: "Fix the fixture.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "Test fixture.",
};

function verdict(
  resource: Resource,
  path: string,
  value: unknown,
  ok: boolean | "unknown",
  what: string,
): Result {
  const status = ok === "unknown" ? "unknown" : ok ? "pass" : "fail";
  return { resource, status, message: `${resource.address}: ${what}`, evidence: [{ path, value }] };
}

/** One result per resource of `type`, judging the attribute at `path`; unknown stays unknown. */
function perResource(type: string, path: string, what: string, judge: (value: unknown) => boolean) {
  return (scope: Scope): Result[] =>
    scope.ofType(type).map((resource) => {
      const value = get(resource.attributes, path);
      return verdict(resource, path, value, isUnknown(value) ? "unknown" : judge(value), what);
    });
}

const isTrue = (value: unknown) => truthy(value) === true;

/** High severity, one result per bucket; unknown when the value is only known after apply. */
export const UNIFORM_ACCESS: Control = {
  ...base,
  id: "TEST-01",
  title: "Uniform bucket-level access",
  claim: "Every bucket uses uniform bucket-level access.",
  severity: "high",
  evaluate: perResource("google_storage_bucket", "uniform_bucket_level_access", "uniform access", isTrue),
};

/** Project-level: a missing audit config is a finding about the environment, not silence. */
export const AUDIT_CONFIG: Control = {
  ...base,
  id: "TEST-02",
  title: "Audit logging configured",
  claim: "The project has an audit log configuration.",
  severity: "medium",
  evaluate: (scope: Scope) => {
    const configs = scope.ofType("google_project_iam_audit_config");
    if (configs.length === 0) {
      return [
        { status: "fail", message: "No google_project_iam_audit_config in the environment.", evidence: [] },
      ];
    }
    return perResource(
      "google_project_iam_audit_config",
      "service",
      "audit config",
      (s) => s === "allServices",
    )(scope);
  },
};

/** Cross-resource, low severity: the bucket's key is a declared key that rotates. */
export const ROTATED_BUCKET_KEY: Control = {
  ...base,
  id: "TEST-03",
  title: "Bucket keys rotate",
  claim: "Every bucket is encrypted with a declared key that rotates.",
  severity: "low",
  evaluate: (scope: Scope) =>
    scope.ofType("google_storage_bucket").map((bucket) => {
      const path = "encryption.default_kms_key_name";
      const value = get(bucket.attributes, path);
      if (isUnknown(value)) return verdict(bucket, path, value, "unknown", "key known only after apply");
      const key = scope
        .references(bucket, value)
        .find((r) => r.resource.type === "google_kms_crypto_key")?.resource;
      const rotation = key && get(key.attributes, "rotation_period");
      return verdict(
        bucket,
        path,
        value,
        typeof rotation === "string",
        key ? `key ${key.id}` : "no declared key",
      );
    }),
};

/** Applies to VMs only: environments without any yield not-applicable. */
export const SHIELDED_VM: Control = {
  ...base,
  id: "TEST-04",
  title: "Shielded VM",
  claim: "Every VM has secure boot.",
  severity: "critical",
  evaluate: perResource(
    "google_compute_instance",
    "shielded_instance_config.enable_secure_boot",
    "secure boot",
    isTrue,
  ),
};

export const EXAMPLE_CONTROLS: readonly Control[] = [
  UNIFORM_ACCESS,
  AUDIT_CONFIG,
  ROTATED_BUCKET_KEY,
  SHIELDED_VM,
];

const TEN_YEARS_SECONDS = 10 * 365 * 24 * 3600;

/** Stricter than the baseline (which keeps backups 30 days): for tests of what happens when a control fails. */
export const TEN_YEAR_RETENTION: Control = {
  ...base,
  id: "TEST-05",
  title: "Ten-year bucket retention",
  claim: "Every bucket keeps objects for ten years.",
  severity: "medium",
  evaluate: perResource(
    "google_storage_bucket",
    "retention_policy.retention_period",
    "retention",
    (value) => Number(value) >= TEN_YEARS_SECONDS,
  ),
};
