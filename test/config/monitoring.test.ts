import { editBaseline, problemsOf } from "../support/baseline-text";
import { configFromYaml, defaultConfig } from "../support/synth";

describe("monitoring configuration", () => {
  test("the default mirrors every mirrorable subnet and locks audit logs in prod only", () => {
    const [staging, prod] = defaultConfig().environments;
    expect(staging.monitoring.mirroredSubnets).toEqual(["app", "vault", "data"]);
    expect([staging.monitoring.auditLogLocked, prod.monitoring.auditLogLocked]).toEqual([false, true]);
    expect(prod.monitoring.zeek.package).toBe("zeek-8.0");
  });

  test("the monitoring and proxy-only subnets cannot be mirrored", () => {
    const { text, line } = editBaseline(
      "  mirroredSubnets: [app, vault, data]",
      "  mirroredSubnets: [app, monitoring, proxyOnly]",
    );
    const expected = (index: number, value: string) =>
      `baseline.yaml:${line}: monitoring.mirroredSubnets[${index}]: expected one of app, vault, data ` +
      `(the monitoring subnet holds the collector; the proxy-only subnet cannot be mirrored); found "${value}"`;
    expect(problemsOf(text)).toEqual([expected(1, "monitoring"), expected(2, "proxyOnly")]);
  });

  test("audit logs kept less than 400 days are refused", () => {
    const { text, line } = editBaseline("  auditLogRetentionDays: 400", "  auditLogRetentionDays: 90");
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: monitoring.auditLogRetentionDays: audit logs must be kept at least 400 days; found 90`,
    ]);
  });

  test("Zeek must be pinned to a release series", () => {
    const { text, line } = editBaseline("    package: zeek-8.0", "    package: zeek");
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: monitoring.zeek.package: expected a Zeek release package such as zeek-8.0; found "zeek"`,
    ]);
  });

  test("the Wazuh manager's zone is one letter", () => {
    const { text, line } = editBaseline("    zoneSuffix: b", "    zoneSuffix: europe-west2-b");
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: monitoring.wazuh.zoneSuffix: expected a zone letter such as b; found "europe-west2-b"`,
    ]);
  });

  test("an environment can switch Wazuh and Zeek off and keep the rest", () => {
    const { text } = editBaseline("      auditLogLocked: true", "      enabled: false");
    const prod = configFromYaml(text).environments[1];
    expect(prod.monitoring.enabled).toBe(false);
    expect(prod.monitoring.auditLogLocked).toBe(false);
  });
});
