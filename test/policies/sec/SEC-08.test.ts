import { SEC08AuditDevice } from "../../../policies/controls/sec/SEC-08-audit-device";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, failures, prodScope, template, templateAddress } from "./fixture";

describe("SEC-08 Every Vault node declares a file audit device that its boot script sets up", () => {
  test("passes the baseline's file audit device, set up by the boot script", () => {
    const [result] = expectPasses(SEC08AuditDevice, prodScope());
    expect(result.message).toMatch(/file audit device at \/\S+, set up by the boot script$/);
  });

  test("fails with no audit device declared", () => {
    const change = (s: Stacks) => delete template(s).attributes.metadata["vault-audit-file"];
    expect(failures(after(SEC08AuditDevice, change))).toEqual([
      expect.stringContaining("no file audit device is declared"),
    ]);
    expectFails(SEC08AuditDevice, prodScope(change), templateAddress());
  });

  test("fails with an audit device that is null (unset: Vault records no request)", () => {
    const scope = prodScope((s) => (template(s).attributes.metadata["vault-audit-file"] = null));
    const [result] = expectFails(SEC08AuditDevice, scope, templateAddress());
    expect(result.message).toContain("no file audit device is declared");
  });

  test("fails when the boot script does not set up the declared device", () => {
    const change = (s: Stacks) =>
      (template(s).attributes.metadata["vault-audit-file"] = "/var/log/other.log");
    expect(failures(after(SEC08AuditDevice, change))).toEqual([
      expect.stringContaining("does not set up the audit device for /var/log/other.log"),
    ]);
    expectFails(SEC08AuditDevice, prodScope(change), templateAddress());
  });

  test("fails when the boot script is null (unset: nothing sets up the audit device)", () => {
    const scope = prodScope((s) => (template(s).attributes.metadata_startup_script = null));
    const [result] = expectFails(SEC08AuditDevice, scope, templateAddress());
    expect(result.message).toContain("the boot script does not set up the audit device");
  });
});
