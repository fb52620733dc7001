import { SEC02SealKeyStrength } from "../../../policies/controls/sec/SEC-02-seal-key-strength";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, editConfig, failures, prodScope, unsealKey, unsealKeyAddress } from "./fixture";

describe("SEC-02 Vault's unseal key is HSM-protected and rotated every 90 days or sooner", () => {
  test("passes the baseline's HSM unseal key rotated within 90 days", () => {
    const [result] = expectPasses(SEC02SealKeyStrength, prodScope());
    expect(result.resource?.address).toBe(unsealKeyAddress());
  });

  test("fails on a SOFTWARE key", () => {
    const change = (stacks: Stacks) => {
      unsealKey(stacks).attributes.version_template.protection_level = "SOFTWARE";
    };
    expect(failures(after(SEC02SealKeyStrength, change))).toEqual([
      expect.stringContaining("protection level is SOFTWARE, not HSM"),
    ]);
    expectFails(SEC02SealKeyStrength, prodScope(change), unsealKeyAddress());
  });

  test("fails on a protection level or version template that is null (the provider's SOFTWARE default)", () => {
    for (const change of [
      (s: Stacks) => (unsealKey(s).attributes.version_template.protection_level = null),
      (s: Stacks) => (unsealKey(s).attributes.version_template = null),
    ]) {
      const [result] = expectFails(SEC02SealKeyStrength, prodScope(change), unsealKeyAddress());
      expect(result.message).toContain("SOFTWARE (the default), not HSM");
    }
  });

  test("fails on a key rotated every 120 days, or never", () => {
    const slow = (s: Stacks) => (unsealKey(s).attributes.rotation_period = `${120 * 86_400}s`);
    expect(failures(after(SEC02SealKeyStrength, slow))).toEqual([
      expect.stringContaining("rotates every 120 days, more than 90"),
    ]);
    expectFails(SEC02SealKeyStrength, prodScope(slow), unsealKeyAddress());
    const never = after(SEC02SealKeyStrength, (s) => delete unsealKey(s).attributes.rotation_period);
    expect(failures(never)).toEqual([expect.stringContaining("the key never rotates")]);
  });

  test("fails on a rotation_period that is null (unset: the key never rotates)", () => {
    const scope = prodScope((s) => (unsealKey(s).attributes.rotation_period = null));
    const [result] = expectFails(SEC02SealKeyStrength, scope, unsealKeyAddress());
    expect(result.message).toContain("the key never rotates");
  });

  test("is unknown when the seal's key cannot be resolved", () => {
    const results = after(SEC02SealKeyStrength, (stacks) =>
      editConfig(stacks, (t) => t.replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "hand-made-key"')),
    );
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });
});
