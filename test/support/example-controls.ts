import type { Control, Result } from "../../policies/control";
import type { Resource, Scope } from "../../policies/model/types";
import { get, truthy } from "../../policies/model/values";
import { isUnknown } from "../../policies/model/types";

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

/** High severity, one result per bucket; unknown when the value is only known after apply. */
export const UNIFORM_ACCESS: Control = {
  ...base,
  id: "TEST-01",
  title: "Uniform bucket-level access",
  claim: "Every bucket uses uniform bucket-level access.",
  severity: "high",
  evaluate: (scope: Scope) =>
    scope.ofType("google_storage_bucket").map((bucket) => {
      const value = get(bucket.attributes, "uniform_bucket_level_access");
      const on = truthy(value);
      return verdict(
        bucket,
        "uniform_bucket_level_access",
        value,
        isUnknown(on) ? "unknown" : on,
        "uniform access",
      );
    }),
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
    return configs.map((c) =>
      verdict(
        c,
        "service",
        get(c.attributes, "service"),
        c.attributes.service === "allServices",
        "audit config",
      ),
    );
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
  evaluate: (scope: Scope) =>
    scope.ofType("google_compute_instance").map((vm) => {
      const value = get(vm.attributes, "shielded_instance_config.enable_secure_boot");
      const on = truthy(value);
      return verdict(
        vm,
        "shielded_instance_config.enable_secure_boot",
        value,
        isUnknown(on) ? "unknown" : on,
        "secure boot",
      );
    }),
};

export const EXAMPLE_CONTROLS: readonly Control[] = [
  UNIFORM_ACCESS,
  AUDIT_CONFIG,
  ROTATED_BUCKET_KEY,
  SHIELDED_VM,
];
