import { familyControls } from "../../../policies/controls";
import { SEC01SealDeclaredKey } from "../../../policies/controls/sec/SEC-01-seal-declared-key";
import { SEC07ListenerTls } from "../../../policies/controls/sec/SEC-07-listener-tls";
import { markUnknown, run, scopeOf, tf } from "../../support/control-fixtures";
import { after, editConfig, prodScope, template } from "./fixture";

const SEC_CONTROLS = familyControls("SEC");

/** What every Vault control shares: how Vault hosts and their configuration are found (views/vault-hosts). */
describe("SEC Vault hosts", () => {
  test("an environment without Vault is not applicable, never silent", () => {
    const vaultControls = SEC_CONTROLS.filter((c) => !["SEC-10", "SEC-11"].includes(c.id));
    for (const control of vaultControls)
      expect(run(control, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });

  test("a Vault configuration known only after apply is unknown", () => {
    let address = "";
    const scope = prodScope((stacks) => (address = template(stacks).address));
    markUnknown(scope, address, "metadata.vault-config");
    expect(run(SEC01SealDeclaredKey, scope)).toEqual([`${address}: unknown`]);
    expect(run(SEC07ListenerTls, scope)).toEqual([`${address}: unknown`]);
  });

  test("a Vault configuration that is not HCL fails with the line of the problem", () => {
    const [result] = after(SEC01SealDeclaredKey, (stacks) =>
      editConfig(stacks, (t) => t.replace("ui ", "ui = {")),
    );
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/the Vault configuration cannot be read: line \d+: /);
  });
});
