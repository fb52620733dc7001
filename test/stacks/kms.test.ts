import { KEY_PURPOSES } from "../../config/sections/kms";
import { editBaseline } from "../support/baseline-text";
import { attributesOf, configFromYaml, normalise, resourcesOf, synthStack } from "../support/synth";

describe("kms stack", () => {
  const stack = synthStack("prod-kms");
  const rings = attributesOf(stack, "google_kms_key_ring");
  const keys = resourcesOf(stack, "google_kms_crypto_key");
  const ringRef = (location: string) => {
    const [name] = resourcesOf(stack, "google_kms_key_ring").find(([, ring]) => ring.location === location)!;
    return `\${google_kms_key_ring.${name}.id}`;
  };

  test("has a key ring in the primary, the backup and (prod) the secondary region, never destroyed", () => {
    expect(rings.map((r) => [r.name, r.location, r.lifecycle]).sort()).toEqual([
      ["acme-prod-backup", "europe-west1", { prevent_destroy: true }],
      ["acme-prod-primary", "europe-west2", { prevent_destroy: true }],
      ["acme-prod-secondary", "europe-west3", { prevent_destroy: true }],
    ]);
  });

  test("the secondary region holds the backups key only, made like the backup region's", () => {
    const inSecondary = keys.filter(([, k]) => k.key_ring === ringRef("europe-west3")).map(([, k]) => k);
    const [backupRegion] = keys.filter(
      ([, k]) => k.key_ring === ringRef("europe-west1") && k.name === "backups",
    );
    expect(inSecondary.map((k) => k.name)).toEqual(["backups"]);
    const made = (k: (typeof inSecondary)[number]) => ({
      purpose: k.purpose,
      rotation_period: k.rotation_period,
      destroy_scheduled_duration: k.destroy_scheduled_duration,
      version_template: k.version_template,
      lifecycle: k.lifecycle,
    });
    expect(made(inSecondary[0])).toEqual(made(backupRegion[1]));
    expect(inSecondary[0].version_template.protection_level).toBe("HSM");
  });

  test("without backups.secondaryRegion there is no secondary ring (staging)", () => {
    const staging = attributesOf(synthStack("staging-kms"), "google_kms_key_ring");
    expect(staging.map((r) => r.name).sort()).toEqual(["acme-staging-backup", "acme-staging-primary"]);
  });

  test.each(["europe-west2", "europe-west1"])("holds one key per purpose in %s", (location) => {
    const names = keys.filter(([, k]) => k.key_ring === ringRef(location)).map(([, k]) => k.name);
    expect(names.sort()).toEqual(
      KEY_PURPOSES.map((p) => p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).sort(),
    );
  });

  test("every key is symmetric, rotated on the configured period and protected from destroy", () => {
    for (const [, key] of keys) {
      expect(key).toMatchObject({
        purpose: "ENCRYPT_DECRYPT",
        rotation_period: "7776000s",
        version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION" },
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test("protection levels follow the config: HSM for vault unseal and backups, SOFTWARE otherwise", () => {
    const level = (name: string) =>
      new Set(keys.filter(([, k]) => k.name === name).map(([, k]) => k.version_template.protection_level));
    expect(level("vault-unseal")).toEqual(new Set(["HSM"]));
    expect(level("backups")).toEqual(new Set(["HSM"]));
    expect(level("disks")).toEqual(new Set(["SOFTWARE"]));
  });

  test("a shorter rotation in baseline.yaml reaches every key", () => {
    const { text } = editBaseline("  rotationDays: 90", "  rotationDays: 30");
    const rotated = attributesOf(synthStack("staging-kms", configFromYaml(text)), "google_kms_crypto_key");
    expect(new Set(rotated.map((k) => k.rotation_period))).toEqual(new Set(["2592000s"]));
  });

  test("matches the snapshot", () => {
    expect(normalise(synthStack("staging-kms"))).toMatchSnapshot();
  });
});
