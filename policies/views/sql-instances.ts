import type { Result } from "../control";
import { type Resource, type Scope, isUnknown } from "../model/types";
import { blocks, get } from "../model/values";
import { literal } from "../model/resolve";
import { judgeEach } from "../judge/results";

export const SQL_INSTANCE = "google_sql_database_instance";

/** Judges every Cloud SQL instance; says so at project level when the environment has none. */
export function judgeInstances(scope: Scope, judge: (instance: Resource) => Result): Result[] {
  return judgeEach(scope, [SQL_INSTANCE], judge);
}

/** An attribute of an instance as a literal: references followed, Unknown when known only after apply. */
export function setting(scope: Scope, instance: Resource, path: string): unknown {
  return literal(scope, instance, get(instance.attributes, path));
}

/** Terraform's loose true. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** `POSTGRES_16` → `POSTGRES`; undefined when the version is not a known literal. */
export function engineOf(scope: Scope, instance: Resource): "POSTGRES" | "MYSQL" | "SQLSERVER" | undefined {
  const version = setting(scope, instance, "database_version");
  if (typeof version !== "string") return undefined;
  return (["POSTGRES", "MYSQL", "SQLSERVER"] as const).find((engine) => version.startsWith(engine));
}

/**
 * The instance's database flags by name. A flag whose name or value is only known after apply is returned as
 * Unknown under its name (or under "(unknown flag)").
 */
export function databaseFlags(scope: Scope, instance: Resource): Map<string, unknown> {
  const flags = new Map<string, unknown>();
  if (isUnknown(get(instance.attributes, "settings.database_flags"))) flags.set("(unknown flag)", undefined);
  for (const flag of blocks(instance.attributes, "settings.database_flags")) {
    const name = literal(scope, instance, flag.name);
    const value = literal(scope, instance, flag.value);
    flags.set(isUnknown(name) ? "(unknown flag)" : String(name), value);
  }
  return flags;
}
