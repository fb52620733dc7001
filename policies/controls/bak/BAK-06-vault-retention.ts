import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { literal } from "../../model/resolve";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { SECONDS_PER_DAY } from "../../../lib/duration";
import { BACKUP_VAULT, unlessEmptyVault } from "../../views/backup-stores";

/** What this control requires, stated here: every backup in the vault indelible for at least 30 days. */
const MIN_ENFORCED_RETENTION_DAYS = 30;

export const BAK06VaultRetention: Control = {
  id: "BAK-06",
  title: "Backup vault enforces 30-day retention, fixed per backup",
  claim:
    "Backups in the backup vault are immutable and cannot be deleted for at least 30 days, and each backup " +
    "keeps the enforced retention it was taken with: it can be extended, never shortened.",
  severity: "medium",
  rationale:
    "The vault's enforced minimum retention makes every backup in it indelible for that period, whatever " +
    "role the requester holds: the property that defeats an attacker who gained administrator access.",
  remediation:
    `Set backup_minimum_enforced_retention_duration to at least "${MIN_ENFORCED_RETENTION_DAYS * SECONDS_PER_DAY}s" ` +
    "and backup_retention_inheritance to MATCH_BACKUP_EXPIRE_TIME (set once, when the vault is created: an " +
    "existing vault must be recreated while it is empty).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "BackupVault sets the enforced retention from backups.retentionDays (30 or more) and " +
    "MATCH_BACKUP_EXPIRE_TIME, so each backup's enforced retention ends at its expiry, fixed when it is taken; " +
    "with INHERIT_VAULT_RETENTION (Google's default) it follows the vault's minimum, which an administrator " +
    "can lower until the vault locks (BAK-03). A vault nothing backs up into (no google_backup_dr_backup_plan " +
    "names it) is not applicable, with what it would enforce in the message: the baseline's vault is one.",
  evaluate: (scope) =>
    judgeEach(scope, [BACKUP_VAULT], (vault) => unlessEmptyVault(scope, vault, judgeVault(scope, vault))),
};

function judgeVault(scope: Scope, vault: Resource): Result {
  const path = "backup_minimum_enforced_retention_duration";
  const duration = literal(scope, vault, vault.attributes[path]);
  const inheritance = literal(scope, vault, vault.attributes.backup_retention_inheritance);
  const found = [evidence(path, duration), evidence("backup_retention_inheritance", inheritance)];
  if (isUnknown(duration) || isUnknown(inheritance))
    return verdict("unknown", vault, "enforced retention known only after apply", found);
  const seconds = durationSeconds(duration);
  if (seconds === undefined)
    return verdict("fail", vault, "no enforced retention duration in seconds", found);
  const days = seconds / SECONDS_PER_DAY;
  if (!(days >= MIN_ENFORCED_RETENTION_DAYS)) {
    return verdict(
      "fail",
      vault,
      `enforced retention is ${days} days, under ${MIN_ENFORCED_RETENTION_DAYS}`,
      found,
    );
  }
  if (inheritance !== "MATCH_BACKUP_EXPIRE_TIME") {
    return verdict(
      "fail",
      vault,
      `backup_retention_inheritance is ${String(inheritance ?? "(not set: INHERIT_VAULT_RETENTION)")}: each ` +
        "backup's enforced retention follows the vault's minimum, which an administrator can lower until " +
        "the vault locks",
      found,
    );
  }
  return verdict(
    "pass",
    vault,
    `every backup is indelible for at least ${days} days, until its own expiry fixed when it is taken`,
    found,
  );
}

/** A protobuf Duration as Terraform writes it: `2592000s` (fractions allowed). */
function durationSeconds(value: unknown): number | undefined {
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}
