import type { Control } from "../../policies/control";
import { SQL_CONTROLS } from "../../policies/controls/sql";
import { AUDIT_FLAG_CONTROLS } from "../../policies/controls/sql/audit-flags";
import { SQL05Backups } from "../../policies/controls/sql/SQL-05-backups";
import { SQL03Cmek } from "../../policies/controls/sql/SQL-03-cmek";
import { SQL04DeletionProtection } from "../../policies/controls/sql/SQL-04-deletion-protection";
import { SQL06IamAuthentication } from "../../policies/controls/sql/SQL-06-iam-authentication";
import { SQL01PrivateIp } from "../../policies/controls/sql/SQL-01-private-ip";
import { SQL02SslRequired } from "../../policies/controls/sql/SQL-02-ssl-required";
import { type Attrs, expectWellFormed, markUnknown, run, scopeOf, tf } from "../support/control-fixtures";
import {
  PROD_SQL_INSTANCE as SQL,
  environmentScope,
  environmentStacks,
  resourceOf,
  resourceWith,
  scopeWithUnknown,
  verdictAfter,
} from "../support/environment";
import type { TerraformJson } from "../support/synth";

function flagControl(id: string): Control {
  const control = AUDIT_FLAG_CONTROLS.find((c) => c.id === id);
  if (!control) throw new Error(`no control ${id}`);
  return control;
}

/** Sets (or, with undefined, removes) one database flag of the instance. */
function setFlag(instance: Attrs, name: string, value: string | undefined): void {
  const flags = instance.settings.database_flags as { name: string; value: string }[];
  const others = flags.filter((f) => f.name !== name);
  instance.settings.database_flags = value === undefined ? others : [...others, { name, value }];
}

describe("SQL controls", () => {
  test("are well formed", () => expectWellFormed(SQL_CONTROLS, "SQL"));

  test.each(["staging", "prod"])("%s: every SQL control passes on the synthesized data stack", (env) => {
    const scope = environmentScope(environmentStacks(env), env);
    const verdicts = SQL_CONTROLS.flatMap((c) => c.evaluate(scope).map((r) => `${c.id} ${r.status}`));
    expect(verdicts).toEqual(SQL_CONTROLS.map((c) => `${c.id} pass`));
  });

  test("an environment without Cloud SQL is not applicable", () => {
    expect(run(SQL01PrivateIp, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });
});

describe("SQL-01 private IP only", () => {
  test("a public IPv4 address fails, also when ipv4_enabled is left to Cloud SQL's default", () => {
    expect(
      verdictAfter(SQL01PrivateIp, SQL, (i) => (i.settings.ip_configuration.ipv4_enabled = true)).status,
    ).toBe("fail");
    const unset = verdictAfter(SQL01PrivateIp, SQL, (i) => delete i.settings.ip_configuration.ipv4_enabled);
    expect(unset.message).toContain("has a public IPv4 address");
  });

  test("an authorized network fails", () => {
    const result = verdictAfter(SQL01PrivateIp, SQL, (i) => {
      i.settings.ip_configuration.authorized_networks = [{ name: "office", value: "203.0.113.0/24" }];
    });
    expect(result.message).toContain("1 authorized network(s)");
  });

  test("no private network fails", () => {
    expect(
      verdictAfter(SQL01PrivateIp, SQL, (i) => delete i.settings.ip_configuration.private_network).status,
    ).toBe("fail");
  });
});

describe("SQL-02 TLS required", () => {
  test("ALLOW_UNENCRYPTED_AND_ENCRYPTED fails; no ssl_mode fails; client certificates pass", () => {
    const allow = verdictAfter(SQL02SslRequired, SQL, (i) => {
      i.settings.ip_configuration.ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED";
    });
    expect(allow.status).toBe("fail");
    expect(
      verdictAfter(SQL02SslRequired, SQL, (i) => delete i.settings.ip_configuration.ssl_mode).status,
    ).toBe("fail");
    const certs = verdictAfter(SQL02SslRequired, SQL, (i) => {
      i.settings.ip_configuration.ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED";
    });
    expect(certs.status).toBe("pass");
  });

  test("an ssl_mode known only after apply is unknown", () => {
    const { scope, address } = scopeWithUnknown(SQL, "settings.ip_configuration.ssl_mode");
    expect(run(SQL02SslRequired, scope)).toEqual([`${address}: unknown`]);
  });
});

describe("values known only after apply", () => {
  test.each([
    ["SQL-01", SQL01PrivateIp, "settings.ip_configuration.authorized_networks"],
    ["SQL-08", flagControl("SQL-08"), "settings.database_flags"],
  ])("%s is unknown when %s is", (_id, control, path) => {
    const { scope, address } = scopeWithUnknown(SQL, path);
    expect(run(control, scope)).toEqual([`${address}: unknown`]);
  });
});

describe("SQL-03 the Cloud SQL service agent can use the instance's key", () => {
  const SQL_AGENT = "serviceAccount:service-100000000003@gcp-sa-cloud-sql.iam.gserviceaccount.com";
  const agentGrant = (stacks: Record<string, TerraformJson>) =>
    resourceWith(stacks, "google_kms_crypto_key_iam_member", "member", SQL_AGENT);

  test("no key fails", () => {
    expect(verdictAfter(SQL03Cmek, SQL, (i) => delete i.encryption_key_name).status).toBe("fail");
  });

  test("a key the agent is not granted fails (the backup bucket's key)", () => {
    const result = verdictAfter(SQL03Cmek, SQL, (i, stacks) => {
      const bucket = resourceWith(stacks, "google_storage_bucket", "name", "acme-sec-prod-backups");
      i.encryption_key_name = bucket.attributes.encryption.default_kms_key_name;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(
      /no grant of roles\/cloudkms\.cryptoKeyEncrypterDecrypter on .*backups-backup/,
    );
  });

  test("the grant given to another agent, or with an encrypt-only role, fails", () => {
    const otherAgent = verdictAfter(SQL03Cmek, SQL, (_i, stacks) => {
      agentGrant(stacks).attributes.member = SQL_AGENT.replace("gcp-sa-cloud-sql", "compute-system");
    });
    expect(otherAgent.status).toBe("fail");
    const encryptOnly = verdictAfter(SQL03Cmek, SQL, (_i, stacks) => {
      agentGrant(stacks).attributes.role = "roles/cloudkms.cryptoKeyEncrypter";
    });
    expect(encryptOnly.status).toBe("fail");
  });

  test("a grant whose member is known only after apply is unknown", () => {
    const stacks = environmentStacks("prod");
    const { address } = resourceOf(stacks, SQL);
    const scope = markUnknown(environmentScope(stacks, "prod"), agentGrant(stacks).address, "member");
    expect(run(SQL03Cmek, scope)).toEqual([`${address}: unknown`]);
  });
});

describe("SQL-04 deletion protection", () => {
  test("Terraform deletion protection off fails", () => {
    expect(verdictAfter(SQL04DeletionProtection, SQL, (i) => (i.deletion_protection = false)).status).toBe(
      "fail",
    );
  });

  test("API deletion protection off fails", () => {
    const result = verdictAfter(
      SQL04DeletionProtection,
      SQL,
      (i) => (i.settings.deletion_protection_enabled = false),
    );
    expect(result.message).toContain("the API can delete the instance");
  });

  test("Terraform's default (true) counts as protected", () => {
    expect(verdictAfter(SQL04DeletionProtection, SQL, (i) => delete i.deletion_protection).status).toBe(
      "pass",
    );
  });
});

describe("SQL-05 backups and point-in-time recovery", () => {
  test("point-in-time recovery off fails", () => {
    const result = verdictAfter(SQL05Backups, SQL, (i) => {
      i.settings.backup_configuration.point_in_time_recovery_enabled = false;
    });
    expect(result.message).toContain("point-in-time recovery is off");
  });

  test("backups off fails", () => {
    expect(
      verdictAfter(SQL05Backups, SQL, (i) => (i.settings.backup_configuration.enabled = false)).status,
    ).toBe("fail");
  });

  test("a read replica is not applicable", () => {
    const result = verdictAfter(SQL05Backups, SQL, (i) => {
      i.master_instance_name = "acme-prod-pg-primary";
      delete i.settings.backup_configuration;
    });
    expect(result.status).toBe("not-applicable");
  });
});

describe("SQL-06 IAM authentication, no passwords", () => {
  test("IAM authentication off fails", () => {
    const result = verdictAfter(SQL06IamAuthentication, SQL, (i) =>
      setFlag(i, "cloudsql.iam_authentication", "off"),
    );
    expect(result.status).toBe("fail");
  });

  test("a root password or a user with a password in the configuration fails", () => {
    expect(verdictAfter(SQL06IamAuthentication, SQL, (i) => (i.root_password = "hunter2")).status).toBe(
      "fail",
    );
    const result = verdictAfter(SQL06IamAuthentication, SQL, (_instance, stacks) => {
      const data = stacks["prod-data"];
      data.resource!.google_sql_user.app_password = {
        instance: `\${google_sql_database_instance.${Object.keys(data.resource!.google_sql_database_instance)[0]}.name}`,
        name: "app",
        password: "hunter2",
      };
    });
    expect(result.message).toContain("google_sql_user.app_password");
  });
});

describe("SQL-07..17 audit and logging flags", () => {
  test.each([
    ["SQL-07", "cloudsql.enable_pgaudit", "off"],
    ["SQL-08", "log_connections", "off"],
    ["SQL-09", "log_disconnections", "off"],
    ["SQL-10", "log_error_verbosity", "verbose"],
    ["SQL-11", "log_statement", "none"],
    ["SQL-12", "log_min_messages", "error"],
    ["SQL-13", "log_min_error_statement", "fatal"],
    ["SQL-14", "log_min_duration_statement", "0"],
    ["SQL-15", "log_checkpoints", "off"],
    ["SQL-16", "log_lock_waits", "off"],
    ["SQL-17", "log_temp_files", "-1"],
  ])("%s fails when %s = %s", (id, flag, value) => {
    const result = verdictAfter(flagControl(id), SQL, (i) => setFlag(i, flag, value));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(`${flag} = ${value}; expected`);
  });

  test("an unset flag is judged by PostgreSQL's default", () => {
    const connections = verdictAfter(flagControl("SQL-08"), SQL, (i) =>
      setFlag(i, "log_connections", undefined),
    );
    expect(connections.message).toContain("not set (PostgreSQL default off)");
    expect(connections.status).toBe("fail");
    const duration = verdictAfter(flagControl("SQL-14"), SQL, (i) => {
      setFlag(i, "log_min_duration_statement", undefined);
    });
    expect(duration.status).toBe("pass");
  });

  test("pgAudit on but recording no statement class fails", () => {
    const result = verdictAfter(flagControl("SQL-07"), SQL, (i) => setFlag(i, "pgaudit.log", "none"));
    expect(result.status).toBe("fail");
  });

  test("flags do not apply to a MySQL instance", () => {
    const result = verdictAfter(flagControl("SQL-08"), SQL, (i) => (i.database_version = "MYSQL_8_0"));
    expect(result.status).toBe("not-applicable");
  });
});
