import { SQL01PrivateIp } from "../../../policies/controls/sql/SQL-01-private-ip";
import { expectFails, expectPasses, run, scopeOf, tf } from "../../support/control-fixtures";
import { scopeWithUnknown, verdictAfter } from "../../support/environment";
import { SQL, prodSql } from "./fixture";

describe("SQL-01 Cloud SQL reachable on a private IP only", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL01PrivateIp, prodSql().scope);
  });

  test("a public IPv4 address fails, also when ipv4_enabled is left to Cloud SQL's default", () => {
    const { scope, address } = prodSql((i) => (i.settings.ip_configuration.ipv4_enabled = true));
    expectFails(SQL01PrivateIp, scope, address);
    const unset = verdictAfter(SQL01PrivateIp, SQL, (i) => delete i.settings.ip_configuration.ipv4_enabled);
    expect(unset.message).toContain("has a public IPv4 address");
  });

  test("ipv4_enabled = null fails (unset: Cloud SQL assigns a public address)", () => {
    const { scope, address } = prodSql((i) => (i.settings.ip_configuration.ipv4_enabled = null));
    expectFails(SQL01PrivateIp, scope, address);
  });

  test("an authorized network fails", () => {
    const result = verdictAfter(SQL01PrivateIp, SQL, (i) => {
      i.settings.ip_configuration.authorized_networks = [{ name: "office", value: "203.0.113.0/24" }];
    });
    expect(result.message).toContain("1 authorized network(s)");
  });

  test("no private network fails", () => {
    const { scope, address } = prodSql((i) => delete i.settings.ip_configuration.private_network);
    expectFails(SQL01PrivateIp, scope, address);
  });

  test("private_network = null fails (unset: no private address)", () => {
    const { scope, address } = prodSql((i) => (i.settings.ip_configuration.private_network = null));
    expectFails(SQL01PrivateIp, scope, address);
  });

  test("authorized networks known only after apply are unknown", () => {
    const { scope, address } = scopeWithUnknown(SQL, "settings.ip_configuration.authorized_networks");
    expect(run(SQL01PrivateIp, scope)).toEqual([`${address}: unknown`]);
  });

  test("an environment without Cloud SQL is not applicable", () => {
    expect(run(SQL01PrivateIp, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });
});
