import { ENFORCED_CONSTRAINTS } from "../../constructs/iam/project-org-policies";
import { BASELINE_APIS } from "../../stacks/foundation";
import { IAM08DefaultServiceAccountEditor } from "../../policies/controls/iam/IAM-08-default-service-account-editor";
import { baselineText, editBaseline } from "../support/baseline-text";
import { scopeFromStacks } from "../support/scope";
import {
  type Attributes,
  type TerraformJson,
  attributesOf,
  configFromYaml,
  normalise,
  synthBaseline,
  synthStack,
} from "../support/synth";

const PROJECT_NUMBER = "100000000002";
const agent = (domain: string) => `serviceAccount:service-${PROJECT_NUMBER}@${domain}`;

/** The kms-stack key a grant's crypto_key_id points at, followed through cdktf's cross-stack output. */
function keyOf(grant: Attributes, kms: TerraformJson): { name: string; location: string } {
  const output = /outputs\.([^}]+)\}$/.exec(grant.crypto_key_id)![1];
  const keyRef = /^\$\{google_kms_crypto_key\.([^.]+)\.id\}$/.exec(kms.output![output].value)![1];
  const key = kms.resource!.google_kms_crypto_key[keyRef];
  const ringRef = /^\$\{google_kms_key_ring\.([^.]+)\.id\}$/.exec(key.key_ring)![1];
  return { name: key.name, location: kms.resource!.google_kms_key_ring[ringRef].location };
}

function grantsOf(foundation: TerraformJson, kms: TerraformJson) {
  return attributesOf(foundation, "google_kms_crypto_key_iam_member").map((grant) => ({
    member: grant.member,
    role: grant.role,
    ...keyOf(grant, kms),
  }));
}

describe("foundation stack", () => {
  const stack = synthStack("staging-foundation");
  const kms = synthStack("staging-kms");

  test("enables every API the baseline uses, and never disables one on destroy", () => {
    const services = attributesOf(stack, "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual(BASELINE_APIS.map((api) => api.service).sort());
    expect(services.map((s) => s.service)).toEqual(
      expect.arrayContaining(
        [
          "compute",
          "cloudkms",
          "logging",
          "monitoring",
          "servicenetworking",
          "sqladmin",
          "secretmanager",
          "iap",
        ]
          .concat(["osconfig", "orgpolicy", "run", "backupdr", "dns"])
          .map((api) => `${api}.googleapis.com`),
      ),
    );
    for (const service of services) expect(service.disable_on_destroy).toBe(false);
  });

  test("sets the organization policy guardrails on the environment's project", () => {
    const policies = attributesOf(stack, "google_org_policy_policy");
    expect(policies.map((p) => p.name).sort()).toEqual(
      [...ENFORCED_CONSTRAINTS, "compute.vmExternalIpAccess", "gcp.resourceLocations", "run.allowedIngress"]
        .map((constraint) => `projects/${PROJECT_NUMBER}/policies/${constraint}`)
        .sort(),
    );
    const locations = policies.find((p) => p.name.endsWith("gcp.resourceLocations"))!;
    expect(locations.spec.rules[0].values.allowed_values).toEqual([
      "in:europe-west2-locations",
      "in:europe-west1-locations",
    ]);
  });

  test("removes Editor from the default Compute Engine and App Engine service accounts, after the Compute API", () => {
    expect(attributesOf(stack, "google_project_iam_member_remove")).toEqual([
      expect.objectContaining({
        project: "acme-sec-staging",
        role: "roles/editor",
        member: `serviceAccount:acme-sec-staging@appspot.gserviceaccount.com`,
      }),
      expect.objectContaining({
        project: "acme-sec-staging",
        role: "roles/editor",
        member: `serviceAccount:${PROJECT_NUMBER}-compute@developer.gserviceaccount.com`,
        depends_on: expect.arrayContaining(["google_project_service.api-compute"]),
      }),
    ]);
  });

  test("orgPolicies: false (no Organization Policy Administrator) sets none on that project; IAM-08 then fails", () => {
    const { text } = editBaseline("    adminAccess:", "    orgPolicies: false\n    adminAccess:");
    const stacks = synthBaseline(configFromYaml(text));
    expect(attributesOf(stacks["staging-foundation"], "google_org_policy_policy")).toEqual([]);
    expect(attributesOf(stacks["prod-foundation"], "google_org_policy_policy").length).toBeGreaterThan(0);
    // The Editor removal needs only project IAM rights: it stays.
    expect(attributesOf(stacks["staging-foundation"], "google_project_iam_member_remove")).toHaveLength(2);
    const staging = Object.fromEntries(
      Object.entries(stacks).filter(([name]) => name.startsWith("staging-")),
    );
    const [constraint] = IAM08DefaultServiceAccountEditor.evaluate(scopeFromStacks(staging, "staging"));
    expect(constraint.status).toBe("fail");
  });

  test("turns on Data Access audit logs for all services", () => {
    expect(attributesOf(stack, "google_project_iam_audit_config")).toEqual([
      expect.objectContaining({
        project: "acme-sec-staging",
        service: "allServices",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
      }),
    ]);
  });

  test("patches every VM weekly through VM Manager, with the OS Config agent on project-wide", () => {
    expect(attributesOf(stack, "google_os_config_patch_deployment")).toEqual([
      expect.objectContaining({ instance_filter: { all: true }, recurring_schedule: expect.anything() }),
    ]);
    expect(attributesOf(stack, "google_compute_project_metadata_item")).toEqual([
      expect.objectContaining({ key: "enable-osconfig", value: "TRUE" }),
    ]);
  });

  test("grants each service agent encrypt/decrypt on exactly the keys its service uses", () => {
    const role = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
    expect(grantsOf(stack, kms)).toEqual(
      expect.arrayContaining([
        {
          member: agent("compute-system.iam.gserviceaccount.com"),
          role,
          name: "disks",
          location: "europe-west2",
        },
        {
          member: agent("compute-system.iam.gserviceaccount.com"),
          role,
          name: "disks",
          location: "europe-west1",
        },
        {
          member: agent("gs-project-accounts.iam.gserviceaccount.com"),
          role,
          name: "storage",
          location: "europe-west2",
        },
        {
          member: agent("gs-project-accounts.iam.gserviceaccount.com"),
          role,
          name: "backups",
          location: "europe-west1",
        },
        {
          member: agent("gcp-sa-cloud-sql.iam.gserviceaccount.com"),
          role,
          name: "sql",
          location: "europe-west2",
        },
        {
          member: agent("gcp-sa-logging.iam.gserviceaccount.com"),
          role,
          name: "logs",
          location: "europe-west2",
        },
        {
          member: agent("gcp-sa-secretmanager.iam.gserviceaccount.com"),
          role,
          name: "storage",
          location: "europe-west2",
        },
      ]),
    );
    expect(grantsOf(stack, kms)).toHaveLength(7);
  });

  test("grants nothing project-wide", () => {
    for (const type of [
      "google_project_iam_member",
      "google_project_iam_binding",
      "google_project_iam_policy",
    ]) {
      expect(attributesOf(stack, type)).toEqual([]);
    }
  });

  test("provisions the storage and logging agents and checks their addresses before granting", () => {
    const storage = Object.values(stack.data!.google_storage_project_service_account)[0];
    const logging = Object.values(stack.data!.google_logging_project_cmek_settings)[0];
    expect(storage.lifecycle.postcondition[0].condition).toContain(
      `service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
    );
    expect(logging.lifecycle.postcondition[0].condition).toContain(
      `self.service_account_id == "service-${PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com"`,
    );
    const grants = attributesOf(stack, "google_kms_crypto_key_iam_member");
    const loggingGrant = grants.find((g) => g.member.includes("gcp-sa-logging"))!;
    expect(loggingGrant.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^data\.google_logging_project_cmek_settings\./)]),
    );
    for (const grant of grants) {
      expect(grant.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^google_project_service\./)]),
      );
    }
  });

  test("without Cloud SQL, Vault or Wazuh (all Secret Manager users), their APIs and agents' grants are left out", () => {
    const text = baselineText()
      .replace("\ndatabase:\n  enabled: true", "\ndatabase:\n  enabled: false")
      .replace("\nvault:\n  enabled: true", "\nvault:\n  enabled: false")
      .replace("\nmonitoring:\n  enabled: true", "\nmonitoring:\n  enabled: false");
    const stacks = synthBaseline(configFromYaml(text));
    const services = attributesOf(stacks["staging-foundation"], "google_project_service").map(
      (s) => s.service,
    );
    expect(services).not.toContain("sqladmin.googleapis.com");
    expect(services).not.toContain("secretmanager.googleapis.com");
    const members = grantsOf(stacks["staging-foundation"], stacks["staging-kms"]).map((g) => g.member);
    expect(members.filter((m) => /cloud-sql|secretmanager/.test(m))).toEqual([]);
  });

  test("the database alone still gets Secret Manager, for its break-glass password secret", () => {
    const text = baselineText().replace("\nvault:\n  enabled: true", "\nvault:\n  enabled: false");
    const stacks = synthBaseline(configFromYaml(text));
    const services = attributesOf(stacks["staging-foundation"], "google_project_service").map(
      (s) => s.service,
    );
    expect(services).toContain("secretmanager.googleapis.com");
  });

  test("snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
