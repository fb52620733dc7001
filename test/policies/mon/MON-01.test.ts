import { MON01AuditConfig } from "../../../policies/controls/mon/MON-01-audit-config";
import { expectFails, expectPasses, markUnknown, resultFor } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { type Stacks, baselineScope, evaluate, failures } from "./fixture";

const AUDIT_CONFIG = { type: "google_project_iam_audit_config", key: "service", value: "allServices" };
const auditConfig = (stacks: Stacks) =>
  resourceWith(stacks, AUDIT_CONFIG.type, AUDIT_CONFIG.key, AUDIT_CONFIG.value);

describe("MON-01 Data Access audit logs for all services", () => {
  test("cites confirmed references only", () => {
    expect(MON01AuditConfig.references).toEqual({
      cis: ["2.1"],
      checkov: ["CKV2_GCP_8"],
      trivy: ["AVD-GCP-0079"],
    });
  });

  test("the baseline's allServices audit config (all three log types, no exemptions) passes", () => {
    expectPasses(MON01AuditConfig, baselineScope());
  });

  test("removing DATA_READ fails, naming it", () => {
    let address = "";
    const scope = baselineScope((stacks) => {
      const config = auditConfig(stacks);
      address = config.address;
      config.attributes.audit_log_config = config.attributes.audit_log_config.filter(
        (c: Attributes) => c.log_type !== "DATA_READ",
      );
    });
    expect(failures(MON01AuditConfig.evaluate(scope))).toEqual([
      expect.stringMatching(
        /^google_project_iam_audit_config\.\S+: allServices audit config: missing log type DATA_READ$/,
      ),
    ]);
    expectFails(MON01AuditConfig, scope, address);
  });

  test("audit_log_config null (unset: no Data Access log type recorded) does not pass", () => {
    let address = "";
    const scope = baselineScope((stacks) => {
      const config = auditConfig(stacks);
      address = config.address;
      config.attributes.audit_log_config = null;
    });
    expectFails(MON01AuditConfig, scope, address);
  });

  test("an exempted member fails, naming the member", () => {
    const results = evaluate(MON01AuditConfig, (stacks) => {
      auditConfig(stacks).attributes.audit_log_config[0].exempted_members = ["user:ops@example.com"];
    });
    expect(failures(results)[0]).toMatch(/exempted members \(ADMIN_READ: user:ops@example.com\)$/);
  });

  test("a service's own audit config exempting a member fails: Google unions it with allServices", () => {
    const scope = baselineScope((stacks) => {
      stacks["prod-foundation"].resource!.google_project_iam_audit_config.storage = {
        project: "p",
        service: "storage.googleapis.com",
        audit_log_config: [{ log_type: "DATA_READ", exempted_members: ["user:ops@example.com"] }],
      };
    });
    expect(failures(MON01AuditConfig.evaluate(scope))).toEqual([
      expect.stringMatching(
        /^google_project_iam_audit_config\.storage: storage\.googleapis\.com audit config exempts/,
      ),
    ]);
    expectFails(MON01AuditConfig, scope, "google_project_iam_audit_config.storage");
  });

  test("exempted members set from an expression are unknown, not passed", () => {
    const stacks = environmentStacks("prod");
    const { attributes, address } = auditConfig(stacks);
    attributes.audit_log_config[0].exempted_members = "${var.exempt}";
    expect(resultFor(MON01AuditConfig, environmentScope(stacks, "prod"), address).status).toBe("unknown");
  });

  test("an audit config whose count is an expression is unknown, unless another is always created", () => {
    const stacks = environmentStacks("prod");
    const { attributes, address } = auditConfig(stacks);
    attributes.count = "${var.audit ? 1 : 0}";
    const result = resultFor(MON01AuditConfig, environmentScope(stacks, "prod"), address);
    expect([result.status, result.message]).toEqual(["unknown", expect.stringContaining("exists only if")]);
    const configs = stacks["prod-foundation"].resource!.google_project_iam_audit_config;
    configs.always = { ...attributes, count: 1 };
    const statuses = MON01AuditConfig.evaluate(environmentScope(stacks, "prod")).map((r) => r.status);
    expect(statuses).toEqual(["pass", "pass"]);
  });

  test("no audit config at all fails at project level", () => {
    const scope = baselineScope(
      (stacks) => delete stacks["prod-foundation"].resource!.google_project_iam_audit_config,
    );
    expect(MON01AuditConfig.evaluate(scope).map((r) => [r.resource, r.status, r.message])).toEqual([
      [
        undefined,
        "fail",
        "environment prod has no google_project_iam_audit_config for allServices: ADMIN_READ, DATA_READ, DATA_WRITE are not recorded",
      ],
    ]);
    expectFails(MON01AuditConfig, scope, "project");
  });

  test("log types known only after apply are unknown", () => {
    const stacks = environmentStacks("prod");
    const { address } = auditConfig(stacks);
    const scope = markUnknown(environmentScope(stacks, "prod"), address, "audit_log_config.0.log_type");
    expect(resultFor(MON01AuditConfig, scope, address).status).toBe("unknown");
  });
});
