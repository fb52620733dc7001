import { SEC01SealDeclaredKey } from "../../../policies/controls/sec/SEC-01-seal-declared-key";
import { expectFails, expectPasses, statuses } from "../../support/control-fixtures";
import { type Stacks, after, editConfig, failures, prodScope, templateAddress } from "./fixture";

/** The seal written with literal names (as a plan shows them), its region line replaced by `region`. */
const literalSeal = (region: string) => (t: string) =>
  t
    .replace(/key_ring\s+= "[^"]+"/, 'key_ring = "acme-prod-primary"')
    .replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "vault-unseal"')
    .replace(/\n\s*region\s+= "[^"]+"/, region);

describe("SEC-01 Vault auto-unseals with a Cloud KMS key the baseline declares", () => {
  test("passes with the kms stack's vault-unseal key, resolved across stacks", () => {
    const [result] = expectPasses(SEC01SealDeclaredKey, prodScope());
    expect(result.message).toMatch(
      /seals with prod-kms\/google_kms_crypto_key\.vaultUnseal-primary_key_\w+ in prod-kms\/google_kms_key_ring\.ring-primary$/,
    );
  });

  test("passes with literal names (as a plan shows them) that match a declared key ring and key", () => {
    const change = (stacks: Stacks) => editConfig(stacks, literalSeal('\n  region = "europe-west2"'));
    expect(statuses(after(SEC01SealDeclaredKey, change))).toEqual([expect.stringMatching(/: pass$/)]);
    expectPasses(SEC01SealDeclaredKey, prodScope(change));
  });

  test("fails when the seal points at a key the baseline does not declare", () => {
    const change = (stacks: Stacks) =>
      editConfig(stacks, (t) => t.replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "hand-made-key"'));
    expect(failures(after(SEC01SealDeclaredKey, change))).toEqual([
      expect.stringContaining(`the seal's crypto key "hand-made-key" is not declared`),
    ]);
    expectFails(SEC01SealDeclaredKey, prodScope(change), templateAddress());
  });

  test("fails when the region is not the key ring's location, or missing (Vault would use us-east-1)", () => {
    const wrong = after(SEC01SealDeclaredKey, (s) =>
      editConfig(s, literalSeal('\n  region = "europe-west1"')),
    );
    expect(failures(wrong)).toEqual([
      expect.stringContaining(`the seal's key ring "acme-prod-primary" is not declared`),
    ]);
    const missing = after(SEC01SealDeclaredKey, (s) => editConfig(s, literalSeal("")));
    expect(failures(missing)).toEqual([expect.stringContaining("the seal sets no region")]);
  });

  test("fails when the seal's region is null (unset: Vault would use us-east-1)", () => {
    const scope = prodScope((s) => editConfig(s, literalSeal("\n  region = null")));
    const [result] = expectFails(SEC01SealDeclaredKey, scope, templateAddress());
    expect(result.message).toContain("the seal sets no region");
  });

  test("fails without a gcpckms seal (Shamir unseal keys)", () => {
    const change = (stacks: Stacks) =>
      editConfig(stacks, (t) => t.replace('seal "gcpckms"', 'seal "awskms"'));
    expect(failures(after(SEC01SealDeclaredKey, change))).toEqual([
      expect.stringContaining("has no gcpckms seal"),
    ]);
    expectFails(SEC01SealDeclaredKey, prodScope(change), templateAddress());
  });
});
