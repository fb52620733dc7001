import { SEC18VaultNoSudoEverywhere } from "../../../policies/controls/sec/SEC-18-vault-no-sudo-everywhere";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodScope } from "./fixture";
import { addTo } from "./vault-config-fixture";

const ROOTISH = 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list", "sudo"]\n}\n';

describe("SEC-18 No Vault policy grants sudo on every path, except the named admin policy", () => {
  test("passes the baseline: five policies, none with sudo on a path matching everything", () => {
    const results = expectPasses(SEC18VaultNoSudoEverywhere, prodScope());
    expect(results).toHaveLength(5);
    expect(resultFor(SEC18VaultNoSudoEverywhere, prodScope(), "vault_policy.policy-admin").message).toContain(
      "no sudo on a path matching everything (13 paths)",
    );
  });

  test("fails a workload policy granting sudo on *, in HCL or JSON, or on +/*", () => {
    const scope = prodScope((s) => {
      s["prod-vault-config"].resource!.vault_policy["policy-app"].policy = ROOTISH;
      addTo(s, "vault_policy", {
        json: { name: "ops", policy: JSON.stringify({ path: { "*": { capabilities: ["read", "sudo"] } } }) },
        plus: { name: "plus", policy: 'path "+/*" { capabilities = ["sudo"] }' },
        narrow: { name: "narrow", policy: 'path "sys/raw/*" { capabilities = ["sudo", "read"] }' },
      });
    });
    expect(expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-app")[0].message).toContain(
      'grants sudo on "*"',
    );
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.json");
    expectFails(SEC18VaultNoSudoEverywhere, scope, "vault_policy.plus");
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.narrow").status).toBe("pass");
  });

  test("allows sudo on * only in the policy named vault-admin", () => {
    const scope = prodScope((s) => {
      s["prod-vault-config"].resource!.vault_policy["policy-admin"].policy = ROOTISH;
    });
    expect(resultFor(SEC18VaultNoSudoEverywhere, scope, "vault_policy.policy-admin")).toMatchObject({
      status: "pass",
      message: expect.stringContaining("allowed for the admin policy vault-admin only"),
    });
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
