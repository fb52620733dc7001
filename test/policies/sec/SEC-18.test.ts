import { SEC18VaultNoSudoEverywhere } from "../../../policies/controls/sec/SEC-18-vault-no-sudo-everywhere";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodScope } from "./fixture";
import { addTo } from "./vault-config-fixture";

const ROOTISH = 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list", "sudo"]\n}\n';

const SUDO_READ_EVERYWHERE = 'path "*" {\n  capabilities = ["read", "list", "sudo"]\n}\n';

describe("SEC-18 No Vault policy is root-equivalent", () => {
  test("passes the baseline: five policies, no root-equivalent sudo, none writes a policy or token role", () => {
    const results = expectPasses(SEC18VaultNoSudoEverywhere, prodScope());
    expect(results).toHaveLength(5);
    expect(resultFor(SEC18VaultNoSudoEverywhere, prodScope(), "vault_policy.policy-admin").message).toBe(
      "vault_policy.policy-admin: no sudo on every path, sys/*, sys/raw or sys/audit, and no write under sys/policies/acl/, " +
        "sys/policy/, auth/token/roles/ (13 paths)",
    );
  });

  test("fails a workload policy granting sudo on *, in HCL or JSON, or on +/*", () => {
    const scope = prodScope((s) => {
      s["prod-vault-config"].resource!.vault_policy["policy-app"].policy = ROOTISH;
      addTo(s, "vault_policy", {
        json: { name: "ops", policy: JSON.stringify({ path: { "*": { capabilities: ["read", "sudo"] } } }) },
        plus: { name: "plus", policy: 'path "+/*" { capabilities = ["sudo"] }' },
      });
    });
    expect(expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-app")[0].message).toContain(
      'grants sudo on "*"',
    );
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.json");
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.plus");
  });

  test("fails sudo on sys/*, on raw storage and on audit devices outside the admin policy; passes other sudo", () => {
    const scope = prodScope((s) =>
      addTo(s, "vault_policy", {
        sys: { name: "sys", policy: 'path "sys/*" { capabilities = ["read", "sudo"] }' },
        // Was a passing case before raw storage counted as root-equivalent: sudo on sys/raw reads Vault's
        // storage unencrypted and rewrites it.
        narrow: { name: "narrow", policy: 'path "sys/raw/*" { capabilities = ["sudo", "read"] }' },
        raw: { name: "raw", policy: 'path "/sys/ra*" { capabilities = ["sudo", "list"] }' },
        audit: { name: "audit", policy: 'path "sys/audit/file" { capabilities = ["delete", "sudo"] }' },
        audits: { name: "audits", policy: 'path "+/audit" { capabilities = ["read", "sudo"] }' },
        rotate: { name: "rotate", policy: 'path "sys/rotate" { capabilities = ["update", "sudo"] }' },
        leases: {
          name: "leases",
          policy: 'path "sys/leases/lookup/*" { capabilities = ["list", "sudo"] }',
        },
      }),
    );
    for (const [address, path] of [
      ["vault_policy.sys", "sys/*"],
      ["vault_policy.narrow", "sys/raw/*"],
      ["vault_policy.raw", "/sys/ra*"],
      ["vault_policy.audit", "sys/audit/file"],
      ["vault_policy.audits", "+/audit"],
    ])
      expect(expectFails(SEC18VaultNoSudoEverywhere, scope, address)[0].message).toBe(
        `${address}: grants sudo on "${path}": root-equivalent outside the admin policy`,
      );
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.rotate").status).toBe("pass");
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.leases").status).toBe("pass");
  });

  test("fails any policy, the admin one included, that can write a policy or a token role", () => {
    const scope = prodScope((s) => {
      const policies = s["prod-vault-config"].resource!.vault_policy;
      policies["policy-admin"].policy += 'path "sys/policies/acl/*" { capabilities = ["update"] }\n';
      policies["policy-reports"].policy += 'path "auth/token/roles/ci" { capabilities = ["create"] }\n';
      addTo(s, "vault_policy", {
        legacy: { name: "legacy", policy: 'path "sys/policy/app" { capabilities = ["update"] }' },
        glob: { name: "glob", policy: 'path "sys/*" { capabilities = ["read", "patch"] }' },
        segment: { name: "segment", policy: 'path "+/+/roles/*" { capabilities = ["create"] }' },
        self: { name: "self", policy: 'path "sys/policies/+/self" { capabilities = ["update"] }' },
        readonly: {
          name: "readonly",
          policy:
            'path "sys/policies/acl/*" { capabilities = ["read", "list", "delete"] }\n' +
            'path "auth/token/roles/*" { capabilities = ["read", "list"] }\n' +
            'path "sys/policies/acl" { capabilities = ["update", "list"] }',
        },
        other: { name: "other", policy: 'path "auth/gcp/role/*" { capabilities = ["create", "update"] }' },
      });
    });
    expect(expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-admin")[0].message).toBe(
      'vault_policy.policy-admin: writes "sys/policies/acl/*", which reaches sys/policies/acl/*: it can grant itself any policy',
    );
    expect(
      expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-reports")[0].message,
    ).toContain('writes "auth/token/roles/ci", which reaches auth/token/roles/*');
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.legacy");
    expect(expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.glob")[0].message).toContain(
      "which reaches sys/policies/acl/*, sys/policy/*",
    );
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.segment");
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.self");
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.readonly").status).toBe("pass");
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.other").status).toBe("pass");
  });

  test("allows sudo on * only in the policy named vault-admin, and only without writing policies", () => {
    const allowed = prodScope((s) => {
      s["prod-vault-config"].resource!.vault_policy["policy-admin"].policy = SUDO_READ_EVERYWHERE;
    });
    expect(resultFor(SEC18VaultNoSudoEverywhere, allowed, "vault_policy.policy-admin")).toMatchObject({
      status: "pass",
      message: expect.stringContaining("allowed for the admin policy vault-admin only"),
    });
    // The same sudo on * with create and update (ROOTISH) also writes every policy: it fails, admin or not.
    const rootish = prodScope((s) => {
      s["prod-vault-config"].resource!.vault_policy["policy-admin"].policy = ROOTISH;
    });
    expect(expectFails(SEC18VaultNoSudoEverywhere, rootish, "vault_policy.policy-admin")[0].message).toBe(
      'vault_policy.policy-admin: writes "*", which reaches sys/policies/acl/*, sys/policy/*, auth/token/roles/*: it can grant itself ' +
        "any policy",
    );
  });

  test("an unreadable policy fails, one computed at apply time is unknown", () => {
    const scope = prodScope((s) => {
      const policies = s["prod-vault-config"].resource!.vault_policy;
      policies["policy-app"].policy = 'path "kv/*" { capabilities = ';
      policies["policy-reports"].policy = "${var.policy}";
    });
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-app").status).toBe("fail");
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-reports").status).toBe(
      "unknown",
    );
  });
});
