import { SQL05Backups } from "../../../policies/controls/sql/SQL-05-backups";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { verdictAfter } from "../../support/environment";
import { SQL, prodSql } from "./fixture";

describe("SQL-05 Cloud SQL daily backups with point-in-time recovery", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL05Backups, prodSql().scope);
  });

  test("point-in-time recovery off fails", () => {
    const result = verdictAfter(SQL05Backups, SQL, (i) => {
      i.settings.backup_configuration.point_in_time_recovery_enabled = false;
    });
    expect(result.message).toContain("point-in-time recovery is off");
  });

  test("backups off fails", () => {
    const { scope, address } = prodSql((i) => (i.settings.backup_configuration.enabled = false));
    expectFails(SQL05Backups, scope, address);
  });

  test("enabled = null or point_in_time_recovery_enabled = null fails (unset: off)", () => {
    const backups = prodSql((i) => (i.settings.backup_configuration.enabled = null));
    expectFails(SQL05Backups, backups.scope, backups.address);
    const pitr = prodSql((i) => (i.settings.backup_configuration.point_in_time_recovery_enabled = null));
    expectFails(SQL05Backups, pitr.scope, pitr.address);
  });

  test("a read replica is not applicable", () => {
    const result = verdictAfter(SQL05Backups, SQL, (i) => {
      i.master_instance_name = "acme-prod-pg-primary";
      delete i.settings.backup_configuration;
    });
    expect(result.status).toBe("not-applicable");
  });
});
