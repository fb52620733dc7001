import type { Control, Evidence } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get, list } from "../../model/values";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { presenceProven } from "../../judge/presence";
import { designates, designationIndex, literal, referencedResources } from "../../model/resolve";
import {
  BACKUP_EVIDENCE,
  type BackupPath,
  CLOUD_RUN_JOB,
  type ScheduledRun,
  jobEnv,
  longestCronGapDays,
  restoreDrillJobs,
  scheduledRuns,
  sqlPaths,
  sqlPrimaries,
} from "../../views/backup-stores";
import { appendTo } from "../../../lib/multimap";

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
    "mounts the backup bucket read-only and restores the newest export under the instance's export prefix " +
    "(its --source) into a throwaway PostgreSQL, counts the rows of database.restoreCheckTable and logs a JSON " +
    "result; Cloud Scheduler runs it on backups.restoreDrillSchedule (quarterly by default); JobOutcomeAlerts " +
    "alerts on failure and when no success is logged for backups.restoreDrillMaxDays. Only the export is " +
    "restored: automated backups and the second offsite copy are not (the matrix marks the copy restored). " +
    "With backups.restoreDrillVaultCheck the same drill also checks the newest Vault raft snapshot offline " +
    "(not judged here); a full Vault restore needs the unseal key, so it is proven in CI, not scheduled.",
  evaluate: (scope) => {
    const instances = sqlPrimaries(scope);
    if (instances.length === 0)
      return [
        projectVerdict("not-applicable", `environment ${scope.environment} declares no Cloud SQL instance`),
      ];
    const drills = restoreDrillJobs(scope);
    const naming = designationIndex(scope, drills, (drill) =>
      jobEnv(drill).map(({ value }) => ({ from: drill, value })),
    );
    const alerting = drillAlerting(scope);
    // A drill is judged once, however many instances it names.
    const judged = new Map<Resource, DrillJudgement>();
    const judgementOf = (drill: Resource): DrillJudgement => {
      let judgement = judged.get(drill);
      if (!judgement) judged.set(drill, (judgement = judgeDrill(scope, drill, alerting)));
      return judgement;
    };
    return instances.map((instance) => {
      const mine = naming.designating(instance);
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
      const exports = sqlPaths(scope, instance).filter((path) => path.into !== undefined);
      const results = mine.map((drill) => {
        const judgement = judgementOf(drill);
        const reading = readsExport(scope, drill, exports);
        const found = [...judgement.found, ...reading.found];
        const problems = [...judgement.problems, ...reading.problems];
        if (problems.length > 0) {
          // Unknown only when every problem comes from a value known only after apply.
          const definite =
            judgement.problems.length > (judgement.unknown ? 1 : 0) ||
            (reading.problems.length > 0 && !reading.unknown);
          return verdict(
            definite ? "fail" : "unknown",
            instance,
            `restore drill ${drill.address}: ${problems.join("; ")}`,
            found,
          );
        }
        const { run, overdueDays } = judgement.passing!;
        const copy = reading.copy!;
        return presenceProven(
          verdict(
            "pass",
            instance,
            `restored by ${drill.address} from its ${copy.kind} (${copy.via}), run by ${run.scheduler.address} ` +
              `at most ${run.gapDays} days apart, alerting on failure and after ${overdueDays} days without success`,
            found,
          ),
          run.scheduler,
        );
      });
      return (
        results.find((r) => r.status === "pass") ?? results.find((r) => r.status === "unknown") ?? results[0]
      );
    });
  },
};

/** What is true of a drill whichever instance it is given for: its schedule and its alerts. */
interface DrillJudgement {
  readonly problems: string[];
  /** Its schedule is known only after apply: the schedule's problem (the first) may be no problem. */
  readonly unknown: boolean;
  readonly found: Evidence[];
  /** Without problems: the run a pass rests on and the overdue alert's window. */
  readonly passing?: { readonly run: { scheduler: Resource; gapDays: number }; readonly overdueDays: number };
}

interface OverdueCondition {
  readonly policy: Resource;
  readonly days: number;
  /** The condition's place among every alert condition, so alerts are listed in input order. */
  readonly position: number;
}

/**
 * The scheduler runs, log metrics and alert policies a drill may be tied to, indexed once per evaluation by
 * what ties them: the job a run starts or a metric's filter names, the metric a condition reads.
 */
function drillAlerting(scope: Scope) {
  const runsOf = new Map<string, ScheduledRun[]>();
  for (const run of scheduledRuns(scope)) appendTo(runsOf, run.job.id, run);

  const jobsByName = new Map<string, Resource[]>();
  for (const job of scope.ofType(CLOUD_RUN_JOB)) {
    const name = job.attributes.name;
    if (typeof name === "string") appendTo(jobsByName, name, job);
  }
  const metricsOf = new Map<string, Resource[]>();
  for (const metric of scope.ofType("google_logging_metric")) {
    const filter = metric.attributes.filter;
    const named =
      typeof filter === "string"
        ? [...filter.matchAll(/job_name="([^"]*)"/g)].flatMap((m) => jobsByName.get(m[1]) ?? [])
        : [];
    const jobs = [...referencedResources(scope, metric, filter), ...named];
    for (const id of new Set(jobs.map((job) => job.id))) appendTo(metricsOf, id, metric);
  }

  const policies = scope
    .ofType("google_monitoring_alert_policy")
    .filter((p) => p.attributes.enabled !== false && list(p.attributes, "notification_channels").length > 0);
  const policyPosition = new Map(policies.map((p, i) => [p, i]));
  const thresholdAlerts = new Map<string, Resource[]>();
  const overdueAlerts = new Map<string, OverdueCondition[]>();
  let position = 0;
  for (const policy of policies) {
    for (const condition of blocks(policy.attributes, "conditions")) {
      position++;
      const filter = get(condition, "condition_threshold.filter");
      const byName =
        typeof filter === "string"
          ? [...filter.matchAll(/logging\.googleapis\.com\/user\/([^"]*)"/g)].map((m) => `name:${m[1]}`)
          : [];
      const read = [...referencedResources(scope, policy, filter).map((r) => `ref:${r.id}`), ...byName];
      for (const key of new Set(read)) appendTo(thresholdAlerts, key, policy);

      const query = get(condition, "condition_prometheus_query_language.query");
      const days = typeof query === "string" ? /\[(\d+)d\]/.exec(query)?.[1] : undefined;
      if (typeof query !== "string" || days === undefined) continue;
      const overdue = { policy, days: Number(days), position };
      for (const m of new Set(
        [...query.matchAll(/logging_googleapis_com:user_(\w+)/g)].map((found) => found[1]),
      ))
        appendTo(overdueAlerts, m, overdue);
    }
  }
  return {
    runsOf: (drill: Resource) => runsOf.get(drill.id) ?? [],
    metricsOf: (drill: Resource) => metricsOf.get(drill.id) ?? [],
    /** Alert policies with a threshold condition on one of `metrics`, in input order. */
    failureAlerts: (metrics: readonly Resource[]) =>
      [
        ...new Set(
          metrics.flatMap((metric) => [
            ...(thresholdAlerts.get(`ref:${metric.id}`) ?? []),
            ...(thresholdAlerts.get(`name:${String(metric.attributes.name)}`) ?? []),
          ]),
        ),
      ].sort((a, b) => policyPosition.get(a)! - policyPosition.get(b)!),
    /** PromQL conditions on one of `metrics` with a `[<n>d]` window, each with the first metric it reads. */
    overdueAlerts: (metrics: readonly Resource[]) => {
      const byCondition = new Map<number, OverdueCondition & { metric: Resource }>();
      for (const metric of metrics) {
        for (const overdue of overdueAlerts.get(promqlLogMetric(String(metric.attributes.name))) ?? [])
          if (!byCondition.has(overdue.position)) byCondition.set(overdue.position, { ...overdue, metric });
      }
      return [...byCondition.values()].sort((a, b) => a.position - b.position);
    },
  };
}

function judgeDrill(
  scope: Scope,
  drill: Resource,
  alerting: ReturnType<typeof drillAlerting>,
): DrillJudgement {
  const found: Evidence[] = [evidence("(drill)", drill.address)];
  const problems: string[] = [];
  let unknown = false;

  const scheduled = alerting.runsOf(drill);
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
  // Only the schedule's problem, the first, can come from a value known only after apply.
  const scheduleUnknown = unknown && problems.length > 0;

  const metrics = alerting.metricsOf(drill);
  const failureMetrics = metrics.filter((m) =>
    /severity\s*>=\s*ERROR|result="failure"/.test(String(m.attributes.filter)),
  );
  const successMetrics = metrics.filter((m) => /result="success"/.test(String(m.attributes.filter)));
  const onFailure = alerting.failureAlerts(failureMetrics);
  const overdue = alerting.overdueAlerts(successMetrics);
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

  if (problems.length > 0) return { problems, unknown: scheduleUnknown, found };
  const run = active[0];
  return {
    problems,
    unknown: false,
    found,
    passing: {
      run: { scheduler: run.run.scheduler, gapDays: run.gap! },
      overdueDays: Math.min(...timely.map((o) => o.days)),
    },
  };
}

/** Whether a drill reads one of `exports`, and runs where it is stored: the copy it restores, or why not. */
interface ExportReading {
  readonly copy?: BackupPath;
  readonly problems: string[];
  readonly unknown: boolean;
  readonly found: Evidence[];
}

/**
 * The export a drill restores: a bucket mounted in its container (a Cloud Storage volume naming the export's
 * bucket) whose mount path, followed by the export's prefix, begins the drill's `--source` argument; and the
 * drill runs in a region the export is stored in (a drill elsewhere proves nothing about restoring there).
 */
function readsExport(scope: Scope, drill: Resource, exports: readonly BackupPath[]): ExportReading {
  const containers = blocks(drill.attributes, "template.template.containers");
  const args = containers.flatMap((container) =>
    list(container, "args").map((arg) => literal(scope, drill, arg)),
  );
  const given = args.flatMap((arg, i): unknown[] => {
    if (arg === "--source") return [args[i + 1]];
    return typeof arg === "string" && arg.startsWith("--source=") ? [arg.slice("--source=".length)] : [];
  });
  const found = [
    evidence(
      "(drill source)",
      given.map((v) => (isUnknown(v) ? v.toJSON() : v)),
    ),
  ];
  if (given.some(isUnknown))
    return { problems: ["its --source is known only after apply"], unknown: true, found };
  const sources = given.filter((v): v is string => typeof v === "string");
  const read = exports.find((copy) =>
    blocks(drill.attributes, "template.template.volumes")
      .filter((volume) => designates(scope, drill, get(volume, "gcs.bucket"), copy.into!) === true)
      .some((volume) =>
        containers
          .flatMap((container) => blocks(container, "volume_mounts"))
          .filter((mount) => mount.name === volume.name && typeof mount.mount_path === "string")
          .some((mount) => {
            // Only an export confined to a prefix can be told from the bucket's other objects.
            if (!copy.prefix) return false;
            const under = `${String(mount.mount_path).replace(/\/+$/, "")}/${copy.prefix.replace(/\/*$/, "/")}`;
            return sources.some((source) => source === under.slice(0, -1) || source.startsWith(under));
          }),
      ),
  );
  if (!read) {
    return {
      problems: [
        `it restores none of the instance's exports (${exports.map((e) => e.via).join(", ") || "none"}): ` +
          "no --source under a mounted bucket's export prefix (an export without a prefix cannot be told apart)",
      ],
      unknown: false,
      found,
    };
  }
  const location = literal(scope, drill, drill.attributes.location);
  found.push(evidence(BACKUP_EVIDENCE.restores, read.via), evidence("location", location));
  if (isUnknown(location) || isUnknown(read.regions))
    return { problems: ["its region or the export's is known only after apply"], unknown: true, found };
  const where = typeof location === "string" ? location.toLowerCase() : undefined;
  if (where === undefined || !read.regions.includes(where)) {
    return {
      problems: [
        `it runs in ${where ?? "(no location)"}, not where the export is (${read.regions.join(", ")})`,
      ],
      unknown: false,
      found,
    };
  }
  return { copy: read, problems: [], unknown: false, found };
}

/** `logging.googleapis.com/user/<name>` as PromQL names it (Cloud Monitoring's metric name mapping). */
function promqlLogMetric(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}
