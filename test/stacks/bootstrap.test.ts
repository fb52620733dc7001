import { readFileSync } from "node:fs";
import { DEPLOYER_ROLES, NO_GOOGLE_PERMISSION } from "../../constructs/iam/deployer-roles";
import { stateBucketName } from "../../stacks/naming";
import { baselineText, editBaseline } from "../support/baseline-text";
import {
  attributesOf,
  configFromYaml,
  defaultConfig,
  normalise,
  synthBaseline,
  synthStack,
} from "../support/synth";

describe("bootstrap stack", () => {
  const config = defaultConfig();
  const stack = synthStack("bootstrap");
  const [accessLogs, bucket] = attributesOf(stack, "google_storage_bucket");

  test("sets the baseline's org policies on the state project, unless every environment sets orgPolicies: false", () => {
    const names = attributesOf(stack, "google_org_policy_policy").map((p) => p.name);
    expect(names).toContain("projects/100000000001/policies/run.allowedIngress");
    expect(names).toContain("projects/100000000001/policies/iam.automaticIamGrantsForDefaultServiceAccounts");
    const one = editBaseline("    adminAccess:", "    orgPolicies: false\n    adminAccess:").text;
    expect(
      attributesOf(synthStack("bootstrap", configFromYaml(one)), "google_org_policy_policy"),
    ).not.toEqual([]);
    const all = baselineText()
      .split("\n")
      .map((line) => (line === "    adminAccess:" ? "    orgPolicies: false\n    adminAccess:" : line))
      .join("\n");
    expect(all.match(/orgPolicies: false/g)).toHaveLength(2);
    const without = synthStack("bootstrap", configFromYaml(all));
    expect(attributesOf(without, "google_org_policy_policy")).toEqual([]);
    expect(attributesOf(without, "google_project_iam_member_remove")).toHaveLength(2);
  });

  test("the deployer's roles cover every type the stacks declare, none is basic, and the README lists each", () => {
    const declared = new Set<string>();
    for (const json of Object.values(synthBaseline())) {
      for (const type of Object.keys(json.resource ?? {})) declared.add(type);
      for (const type of Object.keys(json.data ?? {})) declared.add(`data.${type}`);
    }
    const covered = new Set(DEPLOYER_ROLES.flatMap((r) => r.covers));
    const uncovered = [...declared].filter(
      (type) => !covered.has(type) && !NO_GOOGLE_PERMISSION.some((pattern) => pattern.test(type)),
    );
    expect(uncovered).toEqual([]);
    const roles = DEPLOYER_ROLES.map((r) => r.role);
    expect(roles).not.toEqual(expect.arrayContaining(["roles/owner"]));
    expect(roles.filter((r) => ["roles/owner", "roles/editor", "roles/viewer"].includes(r))).toEqual([]);
    const readme = readFileSync("README.md", "utf8");
    expect(roles.filter((r) => !readme.includes(`\`${r}\``))).toEqual([]);
    expect(readme).not.toMatch(/Owner is simplest/);
  });

  test("keeps its own state locally and works in the state project and region", () => {
    // Terraform runs in cdktf.out/stacks/bootstrap, which each synth replaces: the state lives in the project root.
    expect(stack.terraform!.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
    expect(stack.provider!.google).toEqual([
      { project: "acme-tf-seed", region: "europe-west2", default_labels: config.labels },
    ]);
    // Label keys reach Terraform verbatim (cdktf would otherwise snake-case "managed-by").
    expect(Object.keys(stack.provider!.google[0].default_labels)).toContain("managed-by");
  });

  test("creates the state bucket every other stack uses, each under its own prefix", () => {
    expect(bucket.name).toBe(stateBucketName(config));
    const backends = Object.entries(synthBaseline())
      .filter(([name]) => name !== "bootstrap")
      .map(([name, json]) => ({ name, gcs: json.terraform!.backend.gcs }));
    expect(backends.length).toBeGreaterThanOrEqual(config.environments.length * 3);
    for (const { name, gcs } of backends) {
      expect(gcs.bucket).toBe(bucket.name);
      expect(gcs.prefix).toBe(name.replace("-", "/"));
      // The misspelt cdktf property would render an argument Terraform rejects.
      expect(gcs).not.toHaveProperty("storeage_custom_endpoint");
    }
  });

  test("the state bucket is hardened: CMEK, versioning, uniform access, public access prevention", () => {
    expect(bucket).toMatchObject({
      location: "europe-west2",
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      lifecycle: { prevent_destroy: true },
    });
    expect(bucket.encryption.default_kms_key_name).toMatch(/^\$\{google_kms_crypto_key\.[^.]+\.id\}$/);
  });

  test("the state key lives in a ring in the bucket's region, granted only to the state project's storage agent", () => {
    expect(attributesOf(stack, "google_kms_key_ring")).toEqual([
      expect.objectContaining({ location: "europe-west2", lifecycle: { prevent_destroy: true } }),
    ]);
    expect(attributesOf(stack, "google_kms_crypto_key_iam_member").map((g) => g.member)).toEqual([
      "serviceAccount:service-100000000001@gs-project-accounts.iam.gserviceaccount.com",
    ]);
  });

  test("the state key rotates as often as the most demanding environment's keys", () => {
    const [defaultKey] = attributesOf(stack, "google_kms_crypto_key");
    expect(defaultKey.rotation_period).toBe("7776000s");
    const { text } = editBaseline("    adminAccess:", "    kms: { rotationDays: 30 }\n    adminAccess:");
    const [key] = attributesOf(synthStack("bootstrap", configFromYaml(text)), "google_kms_crypto_key");
    expect(key.rotation_period).toBe(`${30 * 86400}s`);
  });

  test("enables the APIs it needs in the state project, and never disables them on destroy", () => {
    const services = attributesOf(stack, "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual([
      "cloudkms.googleapis.com",
      "cloudresourcemanager.googleapis.com",
      "orgpolicy.googleapis.com",
      "storage.googleapis.com",
    ]);
    for (const service of services) expect(service.disable_on_destroy).toBe(false);
  });

  test("records every access to the state: usage logs to a hardened bucket, Data Access audit logs", () => {
    expect(bucket.project).toBe("acme-tf-seed");
    expect(bucket.logging.log_bucket).toMatch(/^\$\{google_storage_bucket\.[^.]+\.name\}$/);
    expect(accessLogs).toMatchObject({
      name: `${stateBucketName(config)}-access-logs`,
      project: "acme-tf-seed",
      location: "europe-west2",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      retention_policy: { retention_period: 400 * 86400 },
      encryption: bucket.encryption,
    });
    const [audit] = attributesOf(stack, "google_project_iam_audit_config");
    expect(audit).toMatchObject({ project: "acme-tf-seed", service: "allServices" });
    expect(audit.audit_log_config.map((c: { log_type: string }) => c.log_type)).toEqual([
      "ADMIN_READ",
      "DATA_READ",
      "DATA_WRITE",
    ]);
    // The audit config waits for the Resource Manager API it is set through.
    expect(audit.depends_on).toContain(
      `google_project_service.${Object.entries(stack.resource!.google_project_service).find(([, s]) => s.service === "cloudresourcemanager.googleapis.com")![0]}`,
    );
  });

  test("holds the state project to the baseline's org policies, confined to the state region", () => {
    const policies = attributesOf(stack, "google_org_policy_policy");
    expect(policies.map((p) => p.name)).toContain(
      "projects/100000000001/policies/iam.disableServiceAccountKeyCreation",
    );
    expect(policies.find((p) => p.name.endsWith("gcp.resourceLocations"))?.spec.rules).toEqual([
      { values: { allowed_values: ["in:europe-west2-locations"] } },
    ]);
  });

  test("snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
