import { MON02AuditLogBucket } from "../../../policies/controls/mon/MON-02-audit-log-bucket";
import { expectFails, expectPasses, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import { type Stacks, baselineScope, evaluate, failures, logBucket, sink } from "./fixture";

const auditBucket = (stacks: Stacks) => logBucket(stacks, "audit-logs");
/** The address of the sink of every audit log, which the verdicts name. */
const auditSink = () =>
  resourceWith(environmentStacks("prod"), "google_logging_project_sink", "name", "audit-logs-sink").address;

describe("MON-02 Audit logs routed to a locked CMEK log bucket", () => {
  test("the baseline's audit log sink to a locked CMEK bucket kept 400 days passes", () => {
    expectPasses(MON02AuditLogBucket, baselineScope());
  });

  test("an unlocked bucket fails in prod and passes in staging", () => {
    const unlocked = baselineScope((stacks) => (auditBucket(stacks).locked = false));
    expect(failures(MON02AuditLogBucket.evaluate(unlocked))).toEqual([
      expect.stringMatching(/: audit log bucket \S+: retention not locked in production environment prod$/),
    ]);
    expectFails(MON02AuditLogBucket, unlocked, auditSink());
    const staging = environmentScope(environmentStacks("staging"), "staging");
    expect(run(MON02AuditLogBucket, staging)).toEqual([
      expect.stringMatching(/^google_logging_project_sink\.\S+: pass$/),
    ]);
    expectPasses(MON02AuditLogBucket, staging);
  });

  test("short retention and a Google-managed key fail, each named", () => {
    const messages = failures(
      evaluate(MON02AuditLogBucket, (stacks) => {
        auditBucket(stacks).retention_days = 90;
        delete auditBucket(stacks).cmek_settings;
      }),
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /no customer-managed key \(cmek_settings\.kms_key_name\); retention 90 days, below 400$/,
      ),
    ]);
  });

  test.each(["retention_days", "locked", "cmek_settings"])(
    "%s null (unset: 30 days, unlocked, Google-managed key) fails in prod",
    (attribute) => {
      const scope = baselineScope((stacks) => (auditBucket(stacks)[attribute] = null));
      expectFails(MON02AuditLogBucket, scope, auditSink());
    },
  );

  test("a sink whose count is an expression is unknown: it may route nothing", () => {
    const results = evaluate(MON02AuditLogBucket, (stacks) => {
      sink(stacks, "audit-logs-sink").count = "${var.audit ? 1 : 0}";
    });
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });

  test("a sink that drops some audit entries, or none at all, fails", () => {
    const narrowed = baselineScope((stacks) => {
      sink(stacks, "audit-logs-sink").filter = 'logName:"cloudaudit.googleapis.com%2Factivity"';
    });
    expect(failures(MON02AuditLogBucket.evaluate(narrowed))[0]).toMatch(
      /^environment prod has no log sink routing every audit log/,
    );
    expectFails(MON02AuditLogBucket, narrowed, "project");
    const excluded = evaluate(MON02AuditLogBucket, (stacks) => {
      sink(stacks, "audit-logs-sink").exclusions = [{ name: "reads", filter: "DATA_READ" }];
    });
    expect(failures(excluded)[0]).toMatch(/the audit log sink has exclusions/);
  });
});
