import { SEC13VaultAuditDevices } from "../../../policies/controls/sec/SEC-13-vault-audit-devices";
import { expectFails, expectPasses, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks } from "../../support/environment";
import { after, prodScope, template } from "./fixture";
import { VAULT_CONFIG, vaultConfigResources } from "./vault-config-fixture";

describe("SEC-13 Vault's configuration enables two audit devices, writing files its nodes ship", () => {
  test("passes the baseline: the shipped file device and a fallback device, both shipped", () => {
    const [result] = expectPasses(SEC13VaultAuditDevices, prodScope());
    expect(result.message).toBe(
      "2 audit devices, writing the shipped files /var/log/vault/audit.log, /var/log/vault/audit-fallback.log",
    );
  });

  test("fails when the nodes do not ship the fallback device's file: what only it records stays on the node", () => {
    const scope = prodScope((s) => {
      delete template(s).attributes.metadata["vault-audit-fallback-file"];
    });
    const [result] = expectFails(SEC13VaultAuditDevices, scope, "project");
    expect(result.message).toMatch(
      /^google_compute_instance_template\.\S+ does not ship \/var\/log\/vault\/audit-fallback\.log \(vault_audit\.audit_fallback\w*\): what only that device records is lost with the node/,
    );
  });

  test("fails with one device: a failing device would stop Vault", () => {
    const scope = prodScope((s) => {
      const devices = vaultConfigResources(s, "vault_audit");
      delete devices[Object.keys(devices).find((name) => name.startsWith("audit_fallback"))!];
    });
    const [result] = expectFails(SEC13VaultAuditDevices, scope, "project");
    expect(result.message).toContain("1 audit device(s) declared");
  });

  test("fails when no device writes the file the nodes' Ops Agent ships", () => {
    const change = (s: Parameters<Parameters<typeof after>[1]>[0]) => {
      template(s).attributes.metadata["vault-audit-file"] = "/var/log/vault/elsewhere.log";
    };
    const [result] = expectFails(SEC13VaultAuditDevices, prodScope(change), "project");
    expect(result.message).toContain("no file audit device writes /var/log/vault/elsewhere.log");
  });

  test("an audit file set from an expression is unknown, never a pass", () => {
    const scope = prodScope((s) => {
      const shipped = Object.entries(vaultConfigResources(s, "vault_audit")).find(([n]) =>
        n.startsWith("audit_shipped"),
      )!;
      shipped[1].options.file_path = "${var.audit_file}";
    });
    expect(run(SEC13VaultAuditDevices, scope)).toEqual(["project: unknown"]);
  });

  test("is not applicable where no Vault configuration is declared", () => {
    const stacks = environmentStacks("prod");
    delete stacks[VAULT_CONFIG];
    expect(run(SEC13VaultAuditDevices, environmentScope(stacks, "prod"))).toEqual([
      "project: not-applicable",
    ]);
  });
});
