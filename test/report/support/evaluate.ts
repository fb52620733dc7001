import type { Control } from "../../../policies/control";
import { runCheck, type CheckReport } from "../../../policies/engine/check";
import type { Waiver } from "../../../policies/load/waivers";
import { modelFromDocuments } from "../../../policies/load/documents";
import { readTerraformJson } from "../../../policies/load/terraform-json";
import type { Evaluated } from "../../../policies/report/diff/compare";
import { TEST_CATALOGUE } from "./controls";

export const TODAY = "2026-06-01";

/** What `check` gives for these stacks (name → Terraform JSON), with the resources the diff compares. */
export function evaluate(
  stacks: Record<string, object>,
  options: { controls?: readonly Control[]; waivers?: Waiver[] } = {},
): Evaluated & { report: CheckReport } {
  const documents = Object.entries(stacks).map(([stack, json]) =>
    readTerraformJson(json, { stack, file: `cdktf.out/stacks/${stack}/cdk.tf.json`, locate: () => 7 }),
  );
  const model = modelFromDocuments(documents);
  const report = runCheck(
    { model, stacks: documents },
    { controls: options.controls ?? TEST_CATALOGUE, waivers: options.waivers, today: TODAY },
  );
  return { report, findings: report.findings, resources: model.resources };
}

/** A small two-environment estate: keys, a protected backend, an audit config. */
export function estate(): Record<string, Record<string, unknown>> {
  const env = (name: string) => ({
    [`${name}-kms`]: {
      resource: {
        google_kms_crypto_key: {
          disks: { name: "disks", rotation_period: "7776000s" },
          backups: { name: "backups", rotation_period: "2592000s" },
        },
      },
    },
    [`${name}-edge`]: {
      resource: {
        google_compute_security_policy: { armor: { name: "armor" } },
        google_compute_backend_service: {
          api: {
            name: "api",
            load_balancing_scheme: "EXTERNAL_MANAGED",
            security_policy: "${google_compute_security_policy.armor.id}",
          },
        },
      },
    },
    [`${name}-foundation`]: {
      resource: { google_project_iam_audit_config: { all: { service: "allServices" } } },
    },
  });
  return { ...env("prod"), ...env("staging") };
}

/** A deep copy to mutate: the "after" side of a change. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
