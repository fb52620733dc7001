import { SQL01PrivateIp } from "../../../policies/controls/sql/SQL-01-private-ip";
import { SQL02SslRequired } from "../../../policies/controls/sql/SQL-02-ssl-required";
import { SQL05Backups } from "../../../policies/controls/sql/SQL-05-backups";
import { SQL07Pgaudit } from "../../../policies/controls/sql/SQL-07-pgaudit";
import { SQL08LogConnections } from "../../../policies/controls/sql/SQL-08-log-connections";
import { SQL09LogDisconnections } from "../../../policies/controls/sql/SQL-09-log-disconnections";
import { SQL11LogStatement } from "../../../policies/controls/sql/SQL-11-log-statement";
import { SQL12LogMinMessages } from "../../../policies/controls/sql/SQL-12-log-min-messages";
import { SQL13LogMinErrorStatement } from "../../../policies/controls/sql/SQL-13-log-min-error-statement";
import { SQL14LogMinDurationStatement } from "../../../policies/controls/sql/SQL-14-log-min-duration-statement";
import { SQL15LogCheckpoints } from "../../../policies/controls/sql/SQL-15-log-checkpoints";
import { SQL16LogLockWaits } from "../../../policies/controls/sql/SQL-16-log-lock-waits";
import { SQL17LogTempFiles } from "../../../policies/controls/sql/SQL-17-log-temp-files";
import type { Control } from "../../../policies/control";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { Difference, PeerCase } from "../support";

const DB = "google_sql_database_instance.db";
const PRIVATE = { ipv4_enabled: false, private_network: "projects/p/global/networks/vpc" };

/** A PostgreSQL instance with the given settings (merged over a private, backed-up one) and database flags. */
function postgres(settings: Attrs = {}, flags: Record<string, string> = {}): Attrs {
  return tf({
    google_sql_database_instance: {
      db: {
        name: "db",
        database_version: "POSTGRES_15",
        region: "europe-west2",
        settings: {
          tier: "db-custom-1-3840",
          ip_configuration: { ...PRIVATE, ssl_mode: "ENCRYPTED_ONLY" },
          backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
          database_flags: Object.entries(flags).map(([name, value]) => ({ name, value })),
          ...settings,
        },
      },
    },
  });
}
const ip = (configuration: Attrs) => postgres({ ip_configuration: configuration });
const flag = (name: string, value?: string) => postgres({}, value === undefined ? {} : { [name]: value });

/** A flag check: the value the peer passes, the one it fails, and the deliberate differences. */
function flagCase(
  peer: string,
  control: Control,
  name: string,
  tests: string,
  pass: string,
  fail: string | undefined,
  differences: [string, string | undefined, "pass" | "fail", "pass" | "fail"][] = [],
): PeerCase {
  return {
    peer,
    control,
    tests,
    passes: flag(name, pass),
    fails: flag(name, fail),
    address: DB,
    differences: differences.map(([what, value, peerVerdict, ours]): Difference => ({
      case: what,
      json: flag(name, value),
      peer: peerVerdict,
      ours,
      address: DB,
    })),
  };
}

export const SQL_CASES: readonly PeerCase[] = [
  {
    peer: "CKV_GCP_11",
    control: SQL01PrivateIp,
    tests: "an instance fails when an authorized network's value ends in /0",
    passes: postgres(),
    fails: ip({ ipv4_enabled: true, authorized_networks: [{ name: "all", value: "0.0.0.0/0" }] }),
    address: DB,
    differences: [
      {
        case: "a public IP (ipv4_enabled unset) without authorized networks",
        json: ip({ private_network: PRIVATE.private_network }),
        peer: "pass",
        ours: "fail",
        address: DB,
      },
    ],
  },
  {
    peer: "CKV_GCP_60",
    control: SQL01PrivateIp,
    tests: "an instance fails when ip_configuration.ipv4_enabled is set and true",
    passes: postgres(),
    fails: ip({ ...PRIVATE, ipv4_enabled: true }),
    address: DB,
    differences: [
      {
        case: "ipv4_enabled not set (Cloud SQL's default is a public IP)",
        json: ip({ private_network: PRIVATE.private_network }),
        peer: "pass",
        ours: "fail",
        address: DB,
      },
    ],
  },
  {
    peer: "AVD-GCP-0017",
    control: SQL01PrivateIp,
    tests: "an instance fails when ipv4_enabled is true or unset, or an authorized network is public",
    passes: postgres(),
    fails: ip({ private_network: PRIVATE.private_network }),
    address: DB,
  },
  {
    peer: "CKV_GCP_6",
    control: SQL02SslRequired,
    tests:
      "an instance passes with ssl_mode TRUSTED_CLIENT_CERTIFICATE_REQUIRED (ENCRYPTED_ONLY for SQL Server " +
      "only), or require_ssl true when ssl_mode is absent",
    passes: ip({ ...PRIVATE, ssl_mode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" }),
    fails: ip({ ...PRIVATE, ssl_mode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" }),
    address: DB,
    differences: [
      {
        case: "PostgreSQL with ssl_mode ENCRYPTED_ONLY (every connection encrypted, no client certificate)",
        json: ip({ ...PRIVATE, ssl_mode: "ENCRYPTED_ONLY" }),
        peer: "fail",
        ours: "pass",
        address: DB,
      },
    ],
  },
  {
    peer: "AVD-GCP-0015",
    control: SQL02SslRequired,
    tests:
      "an instance passes with ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or require_ssl true without ssl_mode",
    passes: postgres(),
    fails: ip({ ...PRIVATE }),
    address: DB,
    differences: [
      {
        case: "require_ssl true without ssl_mode (provider 6 no longer has require_ssl)",
        json: ip({ ...PRIVATE, require_ssl: true }),
        peer: "pass",
        ours: "fail",
        address: DB,
      },
    ],
  },
  ...["CKV_GCP_14", "AVD-GCP-0024"].map((peer): PeerCase => ({
    peer,
    control: SQL05Backups,
    tests: "a primary instance fails unless backup_configuration.enabled is true (replicas are not judged)",
    passes: postgres(),
    fails: postgres({ backup_configuration: { enabled: false } }),
    address: DB,
    differences: [
      {
        case: "backups on without point-in-time recovery",
        json: postgres({ backup_configuration: { enabled: true } }),
        peer: "pass",
        ours: "fail",
        address: DB,
      },
    ],
  })),
  {
    peer: "CKV_GCP_110",
    control: SQL07Pgaudit,
    tests: "a PostgreSQL instance passes only with the flag cloudsql.enable_pgaudit on",
    passes: postgres({}, { "cloudsql.enable_pgaudit": "on", "pgaudit.log": "ddl,role" }),
    fails: postgres(),
    address: DB,
    differences: [
      {
        case: "pgAudit on with no pgaudit.log (it records nothing)",
        json: postgres({}, { "cloudsql.enable_pgaudit": "on" }),
        peer: "pass",
        ours: "fail",
        address: DB,
      },
    ],
  },
  flagCase(
    "CKV_GCP_52",
    SQL08LogConnections,
    "log_connections",
    "fails only when log_connections is off",
    "on",
    "off",
    [["log_connections not set (PostgreSQL's default is off)", undefined, "pass", "fail"]],
  ),
  flagCase(
    "AVD-GCP-0016",
    SQL08LogConnections,
    "log_connections",
    "fails unless log_connections is on",
    "on",
    undefined,
  ),
  flagCase(
    "CKV_GCP_53",
    SQL09LogDisconnections,
    "log_disconnections",
    "fails only when log_disconnections is off",
    "on",
    "off",
    [["log_disconnections not set (PostgreSQL's default is off)", undefined, "pass", "fail"]],
  ),
  flagCase(
    "AVD-GCP-0022",
    SQL09LogDisconnections,
    "log_disconnections",
    "fails unless log_disconnections is on",
    "on",
    undefined,
  ),
  flagCase(
    "CKV_GCP_107",
    SQL11LogStatement,
    "log_statement",
    "passes only with log_statement ddl, mod or all",
    "ddl",
    "none",
  ),
  flagCase(
    "CKV_GCP_55",
    SQL12LogMinMessages,
    "log_min_messages",
    "fails only when log_min_messages is set to a value outside the PostgreSQL levels",
    "warning",
    "verbose",
    [
      ["log_min_messages not set (PostgreSQL's default, error)", undefined, "pass", "fail"],
      ["log_min_messages error (warnings go unrecorded)", "error", "pass", "fail"],
    ],
  ),
  flagCase(
    "AVD-GCP-0018",
    SQL12LogMinMessages,
    "log_min_messages",
    "fails when log_min_messages is FATAL, PANIC or LOG",
    "warning",
    "FATAL",
    [["log_min_messages error (warnings go unrecorded)", "error", "pass", "fail"]],
  ),
  flagCase(
    "CKV_GCP_109",
    SQL13LogMinErrorStatement,
    "log_min_error_statement",
    "passes only with log_min_error_statement set to error or a more verbose level",
    "error",
    "fatal",
    [["log_min_error_statement not set (PostgreSQL's default is error)", undefined, "fail", "pass"]],
  ),
  ...["CKV_GCP_57", "AVD-GCP-0021"].map((peer) =>
    flagCase(
      peer,
      SQL14LogMinDurationStatement,
      "log_min_duration_statement",
      "fails when log_min_duration_statement is set to anything but -1",
      "-1",
      "0",
    ),
  ),
  ...["CKV_GCP_51", "AVD-GCP-0025"].map((peer) =>
    flagCase(
      peer,
      SQL15LogCheckpoints,
      "log_checkpoints",
      "fails unless log_checkpoints is set to on",
      "on",
      undefined,
    ),
  ),
  flagCase(
    "CKV_GCP_54",
    SQL16LogLockWaits,
    "log_lock_waits",
    "fails only when log_lock_waits is off",
    "on",
    "off",
    [["log_lock_waits not set (PostgreSQL's default is off)", undefined, "pass", "fail"]],
  ),
  flagCase(
    "AVD-GCP-0020",
    SQL16LogLockWaits,
    "log_lock_waits",
    "fails unless log_lock_waits is on",
    "on",
    undefined,
  ),
  flagCase(
    "CKV_GCP_56",
    SQL17LogTempFiles,
    "log_temp_files",
    "fails when log_temp_files is set to anything but 0",
    "0",
    "1024",
    [["log_temp_files not set (PostgreSQL's default, -1, logs none)", undefined, "pass", "fail"]],
  ),
  flagCase(
    "AVD-GCP-0014",
    SQL17LogTempFiles,
    "log_temp_files",
    "fails when log_temp_files is unset (-1) or above 0",
    "0",
    undefined,
  ),
];
