import type { Control, Severity } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { databaseFlags, engineOf, judgeInstances } from "../../views/sql-instances";

/** PostgreSQL severities, most verbose first. */
const LEVELS = [
  "debug5",
  "debug4",
  "debug3",
  "debug2",
  "debug1",
  "info",
  "notice",
  "warning",
  "error",
  "log",
  "fatal",
  "panic",
];

interface FlagRule {
  readonly id: string;
  readonly flag: string;
  readonly title: string;
  readonly claim: string;
  readonly severity: Severity;
  readonly rationale: string;
  /** The value(s) that pass, as the remediation states them. */
  readonly expected: string;
  readonly accepts: (value: string, flags: ReadonlyMap<string, unknown>) => boolean;
  /** Another flag the verdict depends on (shown as evidence; unknown when it is). */
  readonly alsoReads?: string;
  /** The value PostgreSQL uses when the flag is not set; undefined when the flag must be set explicitly. */
  readonly default?: string;
  readonly references: Control["references"];
}

const on = (value: string) => value.toLowerCase() === "on";
/** pgaudit.log names at least one statement class to record (not only exclusions, not none). */
const recordsSomething = (value: unknown) =>
  typeof value === "string" &&
  value
    .split(",")
    .some((c) => /^(read|write|function|role|ddl|misc|misc_set|all)$/.test(c.trim().toLowerCase()));
const atMost = (level: string) => (value: string) => {
  const i = LEVELS.indexOf(value.toLowerCase());
  return i >= 0 && i <= LEVELS.indexOf(level);
};

/** One control per flag: the CIS Google Cloud Foundations Benchmark v3.0 section 6.2 set, plus lock and checkpoint logging. */
const FLAG_RULES: readonly FlagRule[] = [
  {
    id: "SQL-07",
    flag: "cloudsql.enable_pgaudit",
    title: "pgAudit enabled",
    claim: "Database sessions and changes are recorded in an audit log.",
    severity: "high",
    rationale:
      "pgAudit writes who ran which statement class to Cloud Audit Logs, the record an investigation needs.",
    expected: "on, with pgaudit.log naming the statement classes to record",
    accepts: (value, flags) => on(value) && recordsSomething(flags.get("pgaudit.log")),
    alsoReads: "pgaudit.log",
    default: "off",
    references: { cis: ["6.2.8"], checkov: ["CKV_GCP_110"], trivy: [] },
  },
  {
    id: "SQL-08",
    flag: "log_connections",
    title: "Connections logged",
    claim: "Every connection attempt to the database is logged.",
    severity: "medium",
    rationale: "Connection logs show who tried to log in from where, including failed attempts.",
    expected: "on",
    accepts: on,
    default: "off",
    references: { cis: ["6.2.2"], checkov: ["CKV_GCP_52"], trivy: ["AVD-GCP-0016"] },
  },
  {
    id: "SQL-09",
    flag: "log_disconnections",
    title: "Disconnections logged",
    claim: "The end and duration of every database session is logged.",
    severity: "medium",
    rationale: "With connection logs, session ends bound what a session could have done and when.",
    expected: "on",
    accepts: on,
    default: "off",
    references: { cis: ["6.2.3"], checkov: ["CKV_GCP_53"], trivy: ["AVD-GCP-0022"] },
  },
  {
    id: "SQL-10",
    flag: "log_error_verbosity",
    title: "Error verbosity DEFAULT or terser",
    claim: "Database error logs carry enough detail to investigate, without source-level internals.",
    severity: "low",
    rationale: "VERBOSE adds source file and line details that help attackers and bloat logs.",
    expected: "default or terse",
    accepts: (v) => ["default", "terse"].includes(v.toLowerCase()),
    default: "default",
    references: { cis: ["6.2.1"], checkov: [], trivy: [] },
  },
  {
    id: "SQL-11",
    flag: "log_statement",
    title: "Schema changes logged",
    claim: "Every change to the database schema is logged.",
    severity: "medium",
    rationale: "DDL statements (CREATE, ALTER, DROP) are how data is destroyed or back doors added.",
    expected: "ddl, mod or all",
    accepts: (v) => ["ddl", "mod", "all"].includes(v.toLowerCase()),
    default: "none",
    references: { cis: ["6.2.4"], checkov: ["CKV_GCP_107"], trivy: [] },
  },
  {
    id: "SQL-12",
    flag: "log_min_messages",
    title: "Warnings and errors logged",
    claim: "Database warnings and errors are logged.",
    severity: "low",
    rationale: "A threshold above WARNING hides the errors that precede and reveal an attack.",
    expected: "warning or a more verbose level",
    accepts: atMost("warning"),
    default: "error",
    references: { cis: ["6.2.5"], checkov: ["CKV_GCP_55"], trivy: ["AVD-GCP-0018"] },
  },
  {
    id: "SQL-13",
    flag: "log_min_error_statement",
    title: "Failing statements logged",
    claim: "Statements that cause an error are logged.",
    severity: "low",
    rationale: "Failing statements show probing: injection attempts and privilege errors.",
    expected: "error or a more verbose level",
    accepts: atMost("error"),
    default: "error",
    references: { cis: ["6.2.6"], checkov: ["CKV_GCP_109"], trivy: [] },
  },
  {
    id: "SQL-14",
    flag: "log_min_duration_statement",
    title: "Statement text not logged by duration",
    claim: "Query text, which may contain personal data or secrets, is not written to logs by duration.",
    severity: "low",
    rationale: "Duration logging writes full statements, literals included, into logs many people can read.",
    expected: "-1",
    accepts: (v) => v.trim() === "-1",
    default: "-1",
    references: { cis: ["6.2.7"], checkov: ["CKV_GCP_57"], trivy: ["AVD-GCP-0021"] },
  },
  {
    id: "SQL-15",
    flag: "log_checkpoints",
    title: "Checkpoints logged",
    claim: "Database checkpoints are logged.",
    severity: "low",
    rationale: "Checkpoint logs help tell load or storage problems from deliberate disruption.",
    expected: "on",
    accepts: on,
    references: { cis: [], checkov: ["CKV_GCP_51"], trivy: ["AVD-GCP-0025"] },
  },
  {
    id: "SQL-16",
    flag: "log_lock_waits",
    title: "Lock waits logged",
    claim: "Long lock waits in the database are logged.",
    severity: "low",
    rationale: "Long lock waits point at contention that can be a denial of service.",
    expected: "on",
    accepts: on,
    default: "off",
    references: { cis: [], checkov: ["CKV_GCP_54"], trivy: ["AVD-GCP-0020"] },
  },
  {
    id: "SQL-17",
    flag: "log_temp_files",
    title: "Temporary files logged",
    claim: "Every temporary file the database writes is logged.",
    severity: "low",
    rationale: "Large temporary files reveal runaway or exfiltrating queries.",
    expected: "0",
    accepts: (v) => v.trim() === "0",
    default: "-1",
    references: { cis: [], checkov: ["CKV_GCP_56"], trivy: ["AVD-GCP-0014"] },
  },
];

function flagControl(rule: FlagRule): Control {
  const path = `settings.database_flags[${rule.flag}]`;
  return {
    id: rule.id,
    title: rule.title,
    claim: rule.claim,
    severity: rule.severity,
    rationale: rule.rationale,
    remediation: `Add the database flag ${rule.flag} = ${rule.expected} to the PostgreSQL instance.`,
    references: rule.references,
    implementation: `PrivatePostgres always sets ${rule.flag}; workload flags cannot override it.`,
    evaluate: (scope) =>
      judgeInstances(scope, (instance) => {
        if (engineOf(scope, instance) !== "POSTGRES") {
          return verdict("not-applicable", instance, "not a PostgreSQL instance", [
            evidence("database_version", instance.attributes.database_version),
          ]);
        }
        const flags = databaseFlags(scope, instance);
        if (flags.has("(unknown flag)")) {
          return verdict("unknown", instance, "a database flag name is known only after apply", [
            evidence(path, undefined),
          ]);
        }
        const set = flags.get(rule.flag);
        const related = rule.alsoReads === undefined ? undefined : flags.get(rule.alsoReads);
        const found = [evidence(path, set)];
        if (rule.alsoReads) found.push(evidence(`settings.database_flags[${rule.alsoReads}]`, related));
        if (isUnknown(set) || isUnknown(related)) {
          return verdict("unknown", instance, `${rule.flag} known only after apply`, found);
        }
        const value = set === undefined ? rule.default : String(set);
        const shown =
          set === undefined
            ? `not set (PostgreSQL default ${rule.default ?? "unspecified"})`
            : `${rule.flag} = ${value}`;
        if (value !== undefined && rule.accepts(value, flags)) return verdict("pass", instance, shown, found);
        return verdict("fail", instance, `${shown}; expected ${rule.expected}`, found);
      }),
  };
}

export const AUDIT_FLAG_CONTROLS: readonly Control[] = FLAG_RULES.map(flagControl);
