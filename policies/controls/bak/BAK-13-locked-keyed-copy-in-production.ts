import type { Control, Result } from "../../control";
import { isUnknown } from "../../model/types";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { environmentTier } from "../../views/production";
import { type BackupPath, pathEvidence } from "../../views/backup-stores";
import { type StoreCopies, storeCopies } from "../../views/store-copies";

export const BAK13LockedKeyedCopyInProduction: Control = {
  id: "BAK-13",
  title: "In production, every store has a locked off-region copy under a key held where the copy is",
  claim:
    "In a production environment, every disk that holds data and every Cloud SQL instance has at least one copy " +
    "that is stored outside the store's region, locked against deletion and shortening for its retention, and " +
    "encrypted with a customer-managed key held in the copy's own region.",
  severity: "high",
  rationale:
    "Each property alone is not enough: a geo-separated copy an administrator can delete is gone in the same " +
    "incident as the primary, and a locked copy whose key lives in the primary region is unreadable when that " +
    "region is. BAK-07 proves a copy leaves the region, BAK-08 judges each copy's key, BAK-03 the locks; only " +
    "one copy holding all three at once lets a restore rely on the backup region alone, and a store losing it " +
    "(a removed export or snapshot job) must fail even while its other copies remain.",
  remediation:
    "Write a copy of the store into the backup bucket (backup region, default key in that region, retention " +
    "policy locked): the data stack's scheduled export for Cloud SQL, the Vault snapshot job for the raft disks, " +
    "the Wazuh manager's archive for its data disk. Disk snapshots and Cloud SQL automated backups cannot be " +
    "locked nor given a backup-region key, so they never satisfy this on their own.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    'The backup stack\'s bucket (backups.region, kms.key("backups", "backup"), retention locked in ' +
    "production) receives the SQL export, the Vault raft snapshots and the Wazuh archive; BAK-07's per-store view " +
    "(views/store-copies.ts) names each copy, and one of them must be away, locked and keyed in its region.",
  evaluate: (scope) => {
    const tier = environmentTier(scope);
    if (!tier.production)
      return [
        projectVerdict(
          "not-applicable",
          `environment ${scope.environment} is not production (${tier.because}): locks are required in production`,
        ),
      ];
    const stores = storeCopies(scope);
    if (stores.length === 0)
      return [
        projectVerdict(
          "not-applicable",
          `environment ${scope.environment} declares no stateful disk or SQL instance`,
        ),
      ];
    return stores.map(judgeStore);
  },
};

/** Why a copy is not the one this control asks for; empty when it is; undefined when only known after apply. */
function shortfalls(path: BackupPath, home: string): string[] | undefined {
  if (isUnknown(path.regions) || isUnknown(path.keyRegion) || isUnknown(path.locked)) return undefined;
  const problems: string[] = [];
  if (path.regions.length === 0 || path.regions.includes(home))
    problems.push(`stored in ${home} or nowhere named`);
  if (path.locked !== true) problems.push("not locked");
  if (path.keyRegion === "google-managed") problems.push("Google-managed key");
  else if (path.regions.some((region) => region !== path.keyRegion))
    problems.push(`key held in ${path.keyRegion}`);
  return problems;
}

function judgeStore(copies: StoreCopies): Result {
  const { store, what, paths, region } = copies;
  const found = [evidence("(store region)", region), ...paths.map(pathEvidence)];
  if (copies.disk?.kind === "undeclared")
    return verdict("unknown", store, `${what} is not declared here: its copies cannot be verified`, found);
  if (typeof region !== "string")
    return verdict("unknown", store, `${what}: its region is not known here`, found);
  const home = region.toLowerCase();
  const judged = paths.map((path) => ({ path, problems: shortfalls(path, home) }));
  const sound = judged.find((j) => j.problems?.length === 0);
  if (sound) {
    const result = verdict(
      "pass",
      store,
      `${what} in ${home}: ${sound.path.kind} (${sound.path.via}) is stored in ` +
        `${(sound.path.regions as string[]).join(", ")}, locked, under a key held there`,
      found,
    );
    return presenceProven(
      copies.conditionalOn ? presenceProven(result, copies.conditionalOn) : result,
      sound.path.proof,
    );
  }
  if (judged.some((j) => j.problems === undefined))
    return verdict(
      "unknown",
      store,
      `${what}: a copy's region, key or lock is known only after apply`,
      found,
    );
  const why = judged.map((j) => `${j.path.kind}: ${j.problems!.join(", ")}`);
  return verdict(
    "fail",
    store,
    `${what} in ${home} has no copy that is away, locked and keyed where it is` +
      (why.length > 0 ? ` (${why.join("; ")})` : ": it has no copy at all"),
    found,
  );
}
