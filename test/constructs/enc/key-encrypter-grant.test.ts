import { KeyEncrypterGrant } from "../../../constructs/enc/key-encrypter-grant";
import {
  SERVICE_AGENTS,
  type ServiceAgent,
  expectServiceAgent,
  serviceAgentEmail,
} from "../../../constructs/enc/service-agents";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

const KEY = "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k";

describe("KeyEncrypterGrant", () => {
  const json = synthScope((stack) => {
    new KeyEncrypterGrant(stack, "grant", {
      cryptoKeyId: KEY,
      agent: "compute",
      projectNumber: "42424242",
    });
  });

  test("grants encrypt/decrypt on one key to one service agent, additively", () => {
    expect(attributesOf(json, "google_kms_crypto_key_iam_member")).toEqual([
      {
        crypto_key_id: KEY,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: "serviceAccount:service-42424242@compute-system.iam.gserviceaccount.com",
      },
    ]);
    // Authoritative bindings would remove grants made elsewhere (e.g. the Vault unseal grant).
    expect(json.resource!.google_kms_crypto_key_iam_binding).toBeUndefined();
    expect(json.resource!.google_kms_crypto_key_iam_policy).toBeUndefined();
  });

  test("used bare, it passes the key-grant controls: not public, on the key only, to a service agent", () => {
    expectUsedBarePasses(json, ["ENC-04", "ENC-10", "ENC-11"]);
  });
});

describe("service agents", () => {
  test.each<[ServiceAgent, string]>([
    ["compute", "service-7@compute-system.iam.gserviceaccount.com"],
    ["storage", "service-7@gs-project-accounts.iam.gserviceaccount.com"],
    ["sql", "service-7@gcp-sa-cloud-sql.iam.gserviceaccount.com"],
    ["logging", "service-7@gcp-sa-logging.iam.gserviceaccount.com"],
    ["secretManager", "service-7@gcp-sa-secretmanager.iam.gserviceaccount.com"],
  ])("the %s agent of project 7 is %s", (agent, email) => {
    expect(serviceAgentEmail(agent, "7")).toBe(email);
    expect(SERVICE_AGENTS[agent].api).toMatch(/\.googleapis\.com$/);
  });

  test("a provisioning data source fails its postcondition unless Google reports the derived address", () => {
    expect(expectServiceAgent("service_account_id", "logging", "7").postcondition).toEqual([
      {
        condition: '${self.service_account_id == "service-7@gcp-sa-logging.iam.gserviceaccount.com"}',
        errorMessage: expect.stringContaining("service-7@gcp-sa-logging.iam.gserviceaccount.com"),
      },
    ]);
  });
});
