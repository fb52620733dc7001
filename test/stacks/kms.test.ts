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

  test("has a key ring in the primary and one in the backup region, never destroyed", () => {
    expect(rings.map((r) => [r.name, r.location, r.lifecycle]).sort()).toEqual([
      ["acme-prod-backup", "europe-west1", { prevent_destroy: true }],
      ["acme-prod-primary", "europe-west2", { prevent_destroy: true }],
    ]);
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
