import { SQL02SslRequired } from "../../../policies/controls/sql/SQL-02-ssl-required";
import { expectFails, expectPasses, run } from "../../support/control-fixtures";
import { scopeWithUnknown } from "../../support/environment";
import { SQL, prodSql } from "./fixture";

describe("SQL-02 Cloud SQL requires TLS on every connection", () => {
  test("the baseline's instance passes", () => {
    expectPasses(SQL02SslRequired, prodSql().scope);
  });

  test("ALLOW_UNENCRYPTED_AND_ENCRYPTED fails; no ssl_mode fails; client certificates pass", () => {
    const allow = prodSql((i) => {
      i.settings.ip_configuration.ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED";
    });
    expectFails(SQL02SslRequired, allow.scope, allow.address);
    const unset = prodSql((i) => delete i.settings.ip_configuration.ssl_mode);
    expectFails(SQL02SslRequired, unset.scope, unset.address);
    const certs = prodSql((i) => {
      i.settings.ip_configuration.ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED";
    });
    expectPasses(SQL02SslRequired, certs.scope);
  });

  test("ssl_mode = null fails (unset: unencrypted connections accepted)", () => {
    const { scope, address } = prodSql((i) => (i.settings.ip_configuration.ssl_mode = null));
    expectFails(SQL02SslRequired, scope, address);
  });

  test("an ssl_mode known only after apply is unknown", () => {
    const { scope, address } = scopeWithUnknown(SQL, "settings.ip_configuration.ssl_mode");
    expect(run(SQL02SslRequired, scope)).toEqual([`${address}: unknown`]);
  });
});
