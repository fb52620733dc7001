import { Unknown } from "../../../policies/model/types";
import { estate, evaluate } from "./evaluate";

/**
 * A check with every status: prod's disks key fails (365 days), its backups key is unknown until apply,
 * prod's backend has no Armor policy but a waiver, staging lacks its audit config (a project-level failure)
 * and a key whose name carries markup and a control character.
 */
export function mixedCheck() {
  const stacks = estate();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const s = stacks as Record<string, any>;
  s["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
  s["prod-kms"].resource.google_kms_crypto_key.backups.rotation_period = new Unknown("known after apply");
  delete s["prod-edge"].resource.google_compute_backend_service.api.security_policy;
  delete s["staging-foundation"].resource.google_project_iam_audit_config;
  s["staging-kms"].resource.google_kms_crypto_key['odd<&>"\u0007'] = { rotation_period: "99999999s" };
  return evaluate(stacks, {
    waivers: [
      {
        control: "TST-02",
        resource: "prod-edge/*",
        reason: 'Armor policy <pending> & reviewed by the "edge" team',
        owner: "edge-team",
        expires: "2026-12-31",
      },
    ],
  });
}
