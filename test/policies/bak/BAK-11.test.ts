import { Unknown } from "../../../policies/model/types";
import { BAK11RestoreDrill } from "../../../policies/controls/bak/BAK-11-restore-drill";
import { expectFails, expectPasses, resultFor, run, scopeOf } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import {
  DRILL_JOB,
  DRILL_SCHEDULER,
  EXPORT_SCHEDULER,
  SQL,
  prodAfter,
  prodScope,
  removeWhere,
} from "./fixture";

describe("BAK-11 Restore drill scheduled at least quarterly, and alerting", () => {
  test("prod: the database's drill runs quarterly (at most 92 days apart) and alerts on failure and after 95 days", () => {
    const [result] = expectPasses(BAK11RestoreDrill, prodScope());
    expect(result.message).toMatch(
      /restored by google_cloud_run_v2_job\..*, run by google_cloud_scheduler_job\..* at most 92 days apart, alerting on failure and after 95 days without success/,
    );
    expectPasses(BAK11RestoreDrill, environmentScope(environmentStacks("staging"), "staging"));
  });

  test("a database without a drill fails (the job's purpose label removed)", () => {
    const { scope, address } = prodAfter(
      SQL,
      (stacks) => delete resourceOf(stacks, DRILL_JOB).attributes.labels.purpose,
    );
    const [failure] = expectFails(BAK11RestoreDrill, scope, address);
    expect(failure.message).toContain("no restore drill restores its backups");
  });

  test("the drill restores the database's export (evidence names the copy) and runs where it is stored", () => {
    const result = resultFor(
      BAK11RestoreDrill,
      prodScope(),
      resourceOf(environmentStacks("prod"), SQL).address,
    );
    expect(result.message).toMatch(
      /from its scheduled export \(google_cloud_scheduler_job\..*\/sql\/acme-prod-pg\/\)/,
    );
    expect(result.evidence).toContainEqual({
      path: "(restores copy)",
      value: expect.stringMatching(/-> google_storage_bucket\.\w+\/sql\/acme-prod-pg\/$/),
    });
    expect(result.evidence).toContainEqual({ path: "location", value: "europe-west1" });
  });

  test("a drill with nothing to restore fails: the export job removed", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      expect(
        removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === EXPORT_SCHEDULER.value),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK11RestoreDrill, scope, address);
    expect(failure.message).toContain("it restores none of the instance's exports (none)");
  });

  test("a drill reading another prefix of the bucket, or none mounted, fails", () => {
    const elsewhere = prodAfter(SQL, (stacks) => {
      const args = resourceOf(stacks, DRILL_JOB).attributes.template.template.containers[0].args as string[];
      args[args.indexOf("--source") + 1] = "/backups/vault/";
    });
    expect(expectFails(BAK11RestoreDrill, elsewhere.scope, elsewhere.address)[0].message).toContain(
      "no --source under a mounted bucket's export prefix",
    );
    const unmounted = prodAfter(SQL, (stacks) => {
      delete resourceOf(stacks, DRILL_JOB).attributes.template.template.volumes;
    });
    expectFails(BAK11RestoreDrill, unmounted.scope, unmounted.address);
  });

  test("a sibling prefix is not the export's, and a wrong source fails even beside a pause known only after apply", () => {
    const sibling = prodAfter(SQL, (stacks) => {
      const args = resourceOf(stacks, DRILL_JOB).attributes.template.template.containers[0].args as string[];
      args[args.indexOf("--source") + 1] = "/backups/sql/acme-prod-pg-old/";
    });
    expectFails(BAK11RestoreDrill, sibling.scope, sibling.address);
    const both = prodAfter(SQL, (stacks) => {
      const args = resourceOf(stacks, DRILL_JOB).attributes.template.template.containers[0].args as string[];
      args[args.indexOf("--source") + 1] = "/backups/vault/";
      resourceOf(stacks, DRILL_SCHEDULER).attributes.paused = new Unknown("known after apply");
    });
    expect(resultFor(BAK11RestoreDrill, both.scope, both.address).status).toBe("fail");
  });

  test("a drill running in the primary region fails: it proves nothing about restoring in the backup region", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, DRILL_JOB).attributes.location = "europe-west2";
    });
    expect(expectFails(BAK11RestoreDrill, scope, address)[0].message).toContain(
      "it runs in europe-west2, not where the export is (europe-west1)",
    );
  });

  test("a yearly drill fails: not quarterly", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, DRILL_SCHEDULER).attributes.schedule = "0 6 1 1 *";
    });
    const [failure] = expectFails(BAK11RestoreDrill, scope, address);
    expect(failure.message).toContain("no unpaused schedule runs it at least every 92 days");
  });

  test("an unscheduled drill and a paused one fail", () => {
    const unscheduled = prodAfter(SQL, (stacks) => {
      removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === DRILL_SCHEDULER.value);
    });
    expect(expectFails(BAK11RestoreDrill, unscheduled.scope, unscheduled.address)[0].message).toContain(
      "no Cloud Scheduler job runs it",
    );
    const paused = prodAfter(SQL, (stacks) => (resourceOf(stacks, DRILL_SCHEDULER).attributes.paused = true));
    expectFails(BAK11RestoreDrill, paused.scope, paused.address);
  });

  test("a drill whose failures alert nobody fails", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      removeWhere(stacks, "google_monitoring_alert_policy", (p) => p.display_name === "Restore drill failed");
    });
    const [failure] = expectFails(BAK11RestoreDrill, scope, address);
    expect(failure.message).toContain("no alert with a notification channel fires when a drill fails");
  });

  test("a drill with no overdue alert, or one waiting 200 days, fails", () => {
    const removed = prodAfter(SQL, (stacks) => {
      removeWhere(
        stacks,
        "google_monitoring_alert_policy",
        (p) => p.display_name === "Restore drill overdue",
      );
    });
    expect(expectFails(BAK11RestoreDrill, removed.scope, removed.address)[0].message).toContain(
      "no alert fires when no drill has succeeded within its period",
    );
    const late = prodAfter(SQL, (stacks) => {
      for (const stack of Object.values(stacks)) {
        for (const p of Object.values(stack.resource?.google_monitoring_alert_policy ?? {})) {
          if (p.display_name !== "Restore drill overdue") continue;
          const condition = p.conditions[0].condition_prometheus_query_language;
          condition.query = condition.query.replace("[95d]", "[200d]");
        }
      }
    });
    expect(expectFails(BAK11RestoreDrill, late.scope, late.address)[0].message).toContain(
      "its overdue alert waits 200 days, more than 100",
    );
  });

  test("alerts without a notification channel do not count", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      for (const stack of Object.values(stacks))
        for (const p of Object.values(stack.resource?.google_monitoring_alert_policy ?? {}))
          if (String(p.display_name).startsWith("Restore drill")) p.notification_channels = [];
    });
    expectFails(BAK11RestoreDrill, scope, address);
  });

  test("a schedule from an expression is unknown, not passed", () => {
    const { scope, address } = prodAfter(SQL, (stacks) => {
      resourceOf(stacks, DRILL_SCHEDULER).attributes.schedule = "${var.drill_schedule}";
    });
    expect(resultFor(BAK11RestoreDrill, scope, address).status).toBe("unknown");
  });

  test("no database: not applicable", () => {
    expect(run(BAK11RestoreDrill, scopeOf({ resource: {} }))).toEqual(["project: not-applicable"]);
  });
});
