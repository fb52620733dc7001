import type { Control, Evidence, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get, list } from "../../model/values";
import { literal, referencedResources } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { presenceProven } from "../../judge/presence";
import {
  type ScheduledRun,
  jobNames,
  longestCronGapDays,
  restoreDrillJobs,
  scheduledRuns,
  sqlPrimaries,
} from "../../views/backup-stores";

/** Quarterly, as the published claim says: a drill at least every 92 days (the longest quarter). */
const MAX_DRILL_GAP_DAYS = 92;
/** The "not succeeded within its period" alert must look back no further than this. */
const MAX_OVERDUE_WINDOW_DAYS = 100;

export const BAK11RestoreDrill: Control = {
  id: "BAK-11",
  title: "Restore drill scheduled at least quarterly, and alerting",
  claim:
    "Recovery is tested at least quarterly: every Cloud SQL instance has a scheduled restore drill of its " +
    "backups, an alert fires when a drill fails, and another when none has succeeded within its period.",
  severity: "high",
  rationale:
    "A backup never restored is a hope, not a backup: exports can be empty, truncated, unreadable with the " +
    "keys at hand or missing the tables that matter. A scheduled drill finds that out before an incident does, " +
    "and only if someone hears when it fails or silently stops running.",
  remediation:
    "Declare a google_cloud_run_v2_job labelled purpose=restore-drill that names the instance in an " +
    "environment variable, a google_cloud_scheduler_job running it at least every 92 days, log-based metrics " +
    "on its failures and successes (their filters naming the job), an alert policy on the failure metric and " +
    `a PromQL alert policy when the success metric has not increased within ${MAX_OVERDUE_WINDOW_DAYS} days ` +
    "or fewer, both with notification channels.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The data stack's RestoreDrill: a Cloud Run job in the backup region (scripts/backups/sql-restore-drill.sh) " +
    "restores the newest export from the backup bucket into a throwaway PostgreSQL, counts the rows of " +
    "database.restoreCheckTable and logs a JSON result; Cloud Scheduler runs it on backups.restoreDrillSchedule " +
    "(quarterly by default); JobOutcomeAlerts alerts on failure and when no success is logged for " +
    "backups.restoreDrillMaxDays. Drills of Vault raft snapshots belong to the Vault hosts.",
  evaluate: (scope) => {
    const instances = sqlPrimaries(scope);
    if (instances.length === 0)
      return [
        projectVerdict("not-applicable", `environment ${scope.environment} declares no Cloud SQL instance`),
      ];
    const drills = restoreDrillJobs(scope);
    const runs = scheduledRuns(scope);
    return instances.map((instance) => {
      const mine = drills.filter((drill) => jobNames(scope, drill, instance));
      if (mine.length === 0) {
        return verdict(
          "fail",
          instance,
          "no restore drill restores its backups (no Cloud Run job labelled purpose=restore-drill names it)",
          [
            evidence(
              "(restore drills in the environment)",
              drills.map((d) => d.address),
            ),
          ],
        );
      }
      const judged = mine.map((drill) => judgeDrill(scope, instance, drill, runs));
      return (
        judged.find((r) => r.status === "pass") ?? judged.find((r) => r.status === "unknown") ?? judged[0]
      );
    });
  },
};

function judgeDrill(scope: Scope, instance: Resource, drill: Resource, runs: ScheduledRun[]): Result {
  const found: Evidence[] = [evidence("(drill)", drill.address)];
  const problems: string[] = [];
  let unknown = false;

  const scheduled = runs.filter((run) => run.job.id === drill.id);
  const gaps = scheduled.map((run) => {
    const schedule = literal(scope, run.scheduler, run.schedule);
    const gap = typeof schedule === "string" ? longestCronGapDays(schedule) : undefined;
    found.push(
      evidence("(schedule)", {
        scheduler: run.scheduler.address,
        schedule,
        paused: isUnknown(run.paused) ? run.paused.toJSON() : run.paused,
        longestGapDays: gap ?? "(not readable)",
      }),
    );
    if (isUnknown(schedule) || isUnknown(run.paused)) unknown = true;
    return { run, gap };
  });
  const active = gaps.filter(
    ({ run, gap }) => run.paused !== true && gap !== undefined && gap <= MAX_DRILL_GAP_DAYS,
  );
  if (scheduled.length === 0) problems.push("no Cloud Scheduler job runs it");
  else if (active.length === 0)
    problems.push(`no unpaused schedule runs it at least every ${MAX_DRILL_GAP_DAYS} days`);

  const metrics = scope.ofType("google_logging_metric").filter((metric) => filterNames(scope, metric, drill));
  const failureMetrics = metrics.filter((m) =>
    /severity\s*>=\s*ERROR|result="failure"/.test(String(m.attributes.filter)),
  );
  const successMetrics = metrics.filter((m) => /result="success"/.test(String(m.attributes.filter)));
  const policies = scope
    .ofType("google_monitoring_alert_policy")
    .filter((p) => p.attributes.enabled !== false && list(p.attributes, "notification_channels").length > 0);

  const onFailure = policies.filter((policy) =>
    blocks(policy.attributes, "conditions").some((c) => {
      const filter = get(c, "condition_threshold.filter");
      return failureMetrics.some(
        (metric) =>
          referencedResources(scope, policy, filter).some((r) => r.id === metric.id) ||
          (typeof filter === "string" &&
            filter.includes(`logging.googleapis.com/user/${String(metric.attributes.name)}"`)),
      );
    }),
  );
  const overdue = policies.flatMap((policy) =>
    blocks(policy.attributes, "conditions").flatMap((c) => {
      const query = get(c, "condition_prometheus_query_language.query");
      if (typeof query !== "string") return [];
      const metric = successMetrics.find((m) => query.includes(promqlLogMetric(String(m.attributes.name))));
      const days = /\[(\d+)d\]/.exec(query)?.[1];
      return metric && days !== undefined ? [{ policy, metric, days: Number(days) }] : [];
    }),
  );
  found.push(
    evidence(
      "(failure alerts)",
      onFailure.map((p) => p.address),
    ),
    evidence(
      "(overdue alerts)",
      overdue.map((o) => `${o.policy.address}: no success of ${o.metric.address} within ${o.days} days`),
    ),
  );
  if (onFailure.length === 0) problems.push("no alert with a notification channel fires when a drill fails");
  const timely = overdue.filter((o) => o.days <= MAX_OVERDUE_WINDOW_DAYS);
  if (timely.length === 0) {
    problems.push(
      overdue.length > 0
        ? `its overdue alert waits ${Math.min(...overdue.map((o) => o.days))} days, more than ${MAX_OVERDUE_WINDOW_DAYS}`
        : "no alert fires when no drill has succeeded within its period",
    );
  }

  if (problems.length > 0) {
    return verdict(
      unknown ? "unknown" : "fail",
      instance,
      `restore drill ${drill.address}: ${problems.join("; ")}`,
      found,
    );
  }
  const run = active[0];
  return presenceProven(
    verdict(
      "pass",
      instance,
      `restored by ${drill.address}, run by ${run.run.scheduler.address} at most ${run.gap} days apart, alerting ` +
        `on failure and after ${Math.min(...timely.map((o) => o.days))} days without success`,
      found,
    ),
    run.run.scheduler,
  );
}

/** Whether a log-based metric's filter names the job: by reference, or as `job_name="<name>"`. */
function filterNames(scope: Scope, metric: Resource, job: Resource): boolean {
  const filter = metric.attributes.filter;
  if (referencedResources(scope, metric, filter).some((r) => r.id === job.id)) return true;
  const name = job.attributes.name;
  return typeof filter === "string" && typeof name === "string" && filter.includes(`job_name="${name}"`);
}

/** `logging.googleapis.com/user/<name>` as PromQL names it (Cloud Monitoring's metric name mapping). */
function promqlLogMetric(name: string): string {
  return `logging_googleapis_com:user_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}
