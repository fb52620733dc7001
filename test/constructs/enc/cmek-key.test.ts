import { CmekKey } from "../../../constructs/enc/cmek-key";
import { statuses } from "../../support/controls";
import { scopeFromTerraformJson } from "../../support/scope";
import { attributesOf, synthScope } from "../../support/synth";

const RING = "projects/p/locations/europe-west2/keyRings/r";

function synthKey(props: Partial<ConstructorParameters<typeof CmekKey>[2]> = {}) {
  return synthScope((stack) => new CmekKey(stack, "k", { keyRing: RING, name: "disks", ...props }));
}

describe("CmekKey", () => {
  test("used bare: symmetric AES-256-GCM, HSM, rotated every 90 days, recoverable, prevent_destroy", () => {
    const [key] = attributesOf(synthKey(), "google_kms_crypto_key");
    expect(key).toMatchObject({
      purpose: "ENCRYPT_DECRYPT",
      rotation_period: "7776000s",
      destroy_scheduled_duration: "2592000s",
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("used bare, it passes the key controls (symmetric, rotation, prevent_destroy, not public)", () => {
    const scope = scopeFromTerraformJson(synthKey());
    for (const id of ["ENC-01", "ENC-02", "ENC-03", "ENC-04"]) expect(statuses(id, scope)).toEqual(["pass"]);
  });

  test("rotation and protection level follow the props", () => {
    const [key] = attributesOf(
      synthKey({ rotationDays: 30, protectionLevel: "SOFTWARE" }),
      "google_kms_crypto_key",
    );
    expect(key.rotation_period).toBe("2592000s");
    expect(key.version_template.protection_level).toBe("SOFTWARE");
  });

  test.each([1, 91, 365, 30.5])("refuses a rotation of %p days", (rotationDays) => {
    expect(() => synthKey({ rotationDays })).toThrow(/rotationDays must be an integer from 2 to 90/);
  });

  test("allowDestroy is the explicit way to drop prevent_destroy, and the rotation control notices", () => {
    const json = synthKey({ allowDestroy: true });
    expect(attributesOf(json, "google_kms_crypto_key")[0].lifecycle).toEqual({ prevent_destroy: false });
    expect(statuses("ENC-03", scopeFromTerraformJson(json))).toEqual(["fail"]);
  });
});
