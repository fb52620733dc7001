import type { Control, Severity } from "../control";
import { isUnknown } from "../model/types";
import { evidence, verdict } from "../judge/results";
import { databaseFlags, engineOf, judgeInstances } from "./sql-instances";

/**
 * PostgreSQL database flags as controls: SQL-07..SQL-17 are one control per flag, the CIS Google Cloud
 * Foundations Benchmark v3.0 section 6.2 set, plus lock and checkpoint logging. Each control file states its
 * flag's rule; flagControl turns it into the control.
 */

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

export interface FlagRule {
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

/** A PostgreSQL boolean flag that is on. */
export const on = (value: string) => value.toLowerCase() === "on";

/** pgaudit.log names at least one statement class to record (not only exclusions, not none). */
export const recordsSomething = (value: unknown) =>
  typeof value === "string" &&
  value
    .split(",")
    .some((c) => /^(read|write|function|role|ddl|misc|misc_set|all)$/.test(c.trim().toLowerCase()));

/** A severity threshold at `level` or a more verbose one. */
export const atMost = (level: string) => (value: string) => {
  const i = LEVELS.indexOf(value.toLowerCase());
  return i >= 0 && i <= LEVELS.indexOf(level);
};

/** The control that judges one flag on every PostgreSQL instance (an unset flag reads as PostgreSQL's default). */
export function flagControl(rule: FlagRule): Control {
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
