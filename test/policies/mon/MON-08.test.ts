import { MON08SecurityLogRetention } from "../../../policies/controls/mon/MON-08-security-log-retention";
import { SECURITY_LOGS as BUILT } from "../../../constructs/mon/logging/security-logs";
import { SECURITY_LOGS as REQUIRED } from "../../../policies/views/security-logs";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { environmentStacks, resourceWith } from "../../support/environment";
import { type Stacks, baselineScope, evaluate, failures, logBucket, sink } from "./fixture";

const SECURITY_SINK = "audit-logs-security-sink";
const securitySink = () =>
  resourceWith(environmentStacks("prod"), "google_logging_project_sink", "name", SECURITY_SINK).address;
const dropLog = (logId: string) => (stacks: Stacks) => {
  const s = sink(stacks, SECURITY_SINK);
  s.filter = String(s.filter)
    .split(" OR ")
    .filter((clause) => !clause.endsWith(`/logs/${logId}"`))
    .join(" OR ");
};

describe("MON-08 Security logs kept at least 400 days in a locked CMEK log bucket", () => {
  test("the baseline routes each security log by name to the locked audit bucket: one pass per log", () => {
    const results = expectPasses(MON08SecurityLogRetention, baselineScope());
    expect(results.map((r) => r.subject)).toEqual(REQUIRED.map((log) => log.category));
    expect(results[0].message).toMatch(
      /^google_logging_project_sink\.audit-logs_security-sink_\w+: VPC flow logs \(compute\.googleapis\.com%2Fvpc_flows\) go to google_logging_project_bucket_config\.audit-logs_bucket_\w+: CMEK, 400 days, locked$/,
    );
  });

  test("the builder routes every log the control requires, by the same ids", () => {
    expect(BUILT.map((log) => log.logId)).toEqual(REQUIRED.map((log) => log.logId));
  });

  test.each(REQUIRED.map((log) => [log.category, log.logId]))(
    "%s missing from the sink's filter fails at project level",
    (category, logId) => {
      const scope = baselineScope(dropLog(logId));
      const [failure] = expectFails(MON08SecurityLogRetention, scope, "project");
      expect(failure.message).toContain(
        `${category}: no log sink in environment prod routes ${logId} by name`,
      );
      expect(failures(MON08SecurityLogRetention.evaluate(scope))).toHaveLength(1);
    },
  );

  test("routed only to the 30-day application bucket fails, naming the retention", () => {
    const scope = baselineScope((stacks) => {
      const application = resourceWith(
        stacks,
        "google_logging_project_bucket_config",
        "bucket_id",
        "application-logs",
      );
      sink(stacks, SECURITY_SINK).destination = `logging.googleapis.com/\${${application.address}.id}`;
    });
    const failed = MON08SecurityLogRetention.evaluate(scope).filter((r) => r.status !== "pass");
    expect(failed).toHaveLength(REQUIRED.length);
    expect(failed[0].message).toMatch(
      /VPC flow logs go to google_logging_project_bucket_config\.application-logs_bucket_\w+: retention 30 days, below 400; retention not locked in production environment prod$/,
    );
    expectFails(MON08SecurityLogRetention, scope, securitySink());
  });

  test("an unlocked bucket fails in production and passes in staging; exclusions on the sink fail", () => {
    const unlocked = baselineScope((stacks) => (logBucket(stacks, "audit-logs").locked = false));
    const [failure] = expectFails(MON08SecurityLogRetention, unlocked, securitySink());
    expect(failure.message).toMatch(/retention not locked in production environment prod$/);
    expectPasses(
      MON08SecurityLogRetention,
      baselineScope(() => {}, "staging"),
    );
    const excluded = evaluate(MON08SecurityLogRetention, (stacks) => {
      sink(stacks, SECURITY_SINK).exclusions = [
        { name: "flows", filter: "compute.googleapis.com%2Fvpc_flows" },
      ];
    });
    expect(failures(excluded)[0]).toMatch(/the VPC flow logs sink has exclusions/);
  });

  test("a disjunction that is not only log names (an AND inside) is not read as routing them", () => {
    const scope = baselineScope((stacks) => {
      const s = sink(stacks, SECURITY_SINK);
      s.filter = `(${String(s.filter)}) AND severity>=ERROR`;
    });
    expect(failures(MON08SecurityLogRetention.evaluate(scope))).toHaveLength(REQUIRED.length);
  });
});
