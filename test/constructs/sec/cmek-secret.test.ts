import { CmekSecret } from "../../../constructs/sec/cmek-secret";
import { statuses } from "../../support/controls";
import { scopeFromTerraformJson } from "../../support/scope";
import { attributesOf, resourcesOf, synthScope } from "../../support/synth";

const KEY = "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/secrets";
const READER = "serviceAccount:app@p.iam.gserviceaccount.com";

function synthSecret(props: Partial<ConstructorParameters<typeof CmekSecret>[2]> = {}) {
  return synthScope(
    (stack) =>
      new CmekSecret(stack, "s", { secretId: "app-token", location: "europe-west2", kmsKey: KEY, ...props }),
  );
}

describe("CmekSecret", () => {
  test("used bare: one user-managed replica in its region with the CMEK key, deletion-protected, no version", () => {
    const json = synthSecret();
    expect(attributesOf(json, "google_secret_manager_secret")).toEqual([
      {
        secret_id: "app-token",
        deletion_protection: true,
        replication: {
          user_managed: {
            replicas: [{ location: "europe-west2", customer_managed_encryption: { kms_key_name: KEY } }],
          },
        },
      },
    ]);
    expect(json.resource?.google_secret_manager_secret_version).toBeUndefined();
    expect(json.resource?.google_secret_manager_secret_iam_member).toBeUndefined();
  });

  test("used bare, it passes the secret controls (no payload in state, named region with CMEK)", () => {
    const scope = scopeFromTerraformJson(synthSecret());
    expect(statuses("SEC-10", scope)).toEqual(["pass"]);
    expect(statuses("SEC-11", scope)).toEqual(["pass"]);
  });

  test("grants read access on this secret only, to the one accessor it is given", () => {
    const [grant] = attributesOf(
      synthSecret({ accessor: READER }),
      "google_secret_manager_secret_iam_member",
    );
    expect(grant).toEqual({
      secret_id: "${google_secret_manager_secret.s.id}",
      role: "roles/secretmanager.secretAccessor",
      member: READER,
    });
  });

  test("the secret takes the construct's own address", () => {
    expect(resourcesOf(synthSecret(), "google_secret_manager_secret").map(([name]) => name)).toEqual(["s"]);
  });

  test("deletion is allowed only when asked for by name", () => {
    const [secret] = attributesOf(synthSecret({ allowDeletion: true }), "google_secret_manager_secret");
    expect(secret.deletion_protection).toBe(false);
  });

  test("refuses a missing key or location, and a literal key in another region", () => {
    expect(() => synthSecret({ kmsKey: "" })).toThrow("CmekSecret app-token: kmsKey is required");
    expect(() => synthSecret({ location: " " })).toThrow("CmekSecret app-token: location is required");
    expect(() => synthSecret({ location: "europe-west1" })).toThrow(
      "kmsKey is in europe-west2; Secret Manager needs the key in europe-west1",
    );
  });
});
