import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { engineOf, isTrue, judgeInstances, setting } from "../../views/sql-instances";

export const SQL05Backups: Control = {
  id: "SQL-05",
  title: "Cloud SQL daily backups with point-in-time recovery",
  claim: "Database backups run daily, with point-in-time recovery.",
  severity: "high",
  rationale:
    "Automated daily backups bound the loss to a day; point-in-time recovery (write-ahead logs) bounds it to " +
    "seconds and lets the database be restored to just before a destructive statement. " +
    "Checkov's CKV_GCP_14 and trivy's AVD-GCP-0024 ask only for backups; without point-in-time " +
    "recovery a day of writes can be lost, which fails here.",
  remediation:
    "Set settings.backup_configuration.enabled = true and point_in_time_recovery_enabled = true " +
    "(binary_log_enabled for MySQL).",
  references: { cis: ["6.7"], checkov: ["CKV_GCP_14"], trivy: ["AVD-GCP-0024"] },
  implementation:
    "PrivatePostgres enables daily backups at database.backupStartTime and point-in-time recovery.",
  evaluate: (scope) =>
    judgeInstances(scope, (instance) => {
      if (isSet(instance.attributes.master_instance_name)) {
        return verdict("not-applicable", instance, "a read replica: backups are taken on its primary", []);
      }
      const base = "settings.backup_configuration";
      const logPath =
        engineOf(scope, instance) === "MYSQL" ? "binary_log_enabled" : "point_in_time_recovery_enabled";
      const enabled = setting(scope, instance, `${base}.enabled`);
      const pitr = setting(scope, instance, `${base}.${logPath}`);
      const found = [evidence(`${base}.enabled`, enabled), evidence(`${base}.${logPath}`, pitr)];
      if (isUnknown(enabled) || isUnknown(pitr))
        return verdict("unknown", instance, "backup settings known only after apply", found);
      if (!isTrue(enabled)) return verdict("fail", instance, "automated backups are off", found);
      if (!isTrue(pitr)) return verdict("fail", instance, "point-in-time recovery is off", found);
      return verdict("pass", instance, "daily backups with point-in-time recovery", found);
    }),
};
