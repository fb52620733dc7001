import { ENC04NoPublicKeys } from "../../../policies/controls/enc/ENC-04-no-public-keys";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { ENCRYPTER, KMS_STACK, scope } from "./fixture";

describe("ENC-04 No public access to keys", () => {
  it("passes grants to service agents and service accounts", () => {
    expect(run(ENC04NoPublicKeys, scope())).toEqual([
      "google_kms_crypto_key_iam_member.compute_agent: pass",
      "google_kms_crypto_key_iam_member.storage_agent: pass",
      "google_kms_crypto_key_iam_member.vault: pass",
    ]);
    expectPasses(ENC04NoPublicKeys, scope());
  });

  it.each(["allUsers", "allAuthenticatedUsers"])(
    "fails %s on a key ring binding and in a policy",
    (member) => {
      const json = mutate(KMS_STACK, (j) => {
        j.resource.google_kms_key_ring_iam_binding = {
          viewers: {
            key_ring_id: "${google_kms_key_ring.london.id}",
            role: "roles/cloudkms.viewer",
            members: [member],
          },
        };
        j.resource.google_kms_crypto_key_iam_policy = {
          p: {
            crypto_key_id: "${google_kms_crypto_key.europe.id}",
            policy_data: JSON.stringify({ bindings: [{ role: ENCRYPTER, members: [member] }] }),
          },
        };
      });
      expectFails(ENC04NoPublicKeys, scope(json), "google_kms_key_ring_iam_binding.viewers");
      expectFails(ENC04NoPublicKeys, scope(json), "google_kms_crypto_key_iam_policy.p");
    },
  );

  it("reads an authoritative policy through its google_iam_policy data source, and is unknown when it cannot", () => {
    const json = mutate(KMS_STACK, (j) => {
      j.data.google_iam_policy = { p: { binding: [{ role: ENCRYPTER, members: ["allUsers"] }] } };
      j.resource.google_kms_crypto_key_iam_policy = {
        p: { crypto_key_id: "k", policy_data: "${data.google_iam_policy.p.policy_data}" },
        q: { crypto_key_id: "k", policy_data: "${var.policy}" },
      };
    });
    const statuses = run(ENC04NoPublicKeys, scope(json));
    expect(statuses).toContain("google_kms_crypto_key_iam_policy.p: fail");
    expect(statuses).toContain("google_kms_crypto_key_iam_policy.q: unknown");
  });
});
