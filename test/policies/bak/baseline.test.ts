import { familyControls } from "../../../policies/controls";
import { BAK02Retention } from "../../../policies/controls/bak/BAK-02-retention";
import { BAK03LockedInProduction } from "../../../policies/controls/bak/BAK-03-locked-in-production";
import { BAK05BackupKeys } from "../../../policies/controls/bak/BAK-05-backup-keys";
import { BAK06VaultRetention } from "../../../policies/controls/bak/BAK-06-vault-retention";
import { environmentTier } from "../../../policies/views/production";
import { scopeFromStacks } from "../../support/scope";
import { resultFor, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import { BUCKET, COPY_BUCKET, VAULT } from "./fixture";

const BAK_CONTROLS = familyControls("BAK");

describe("which environment is production", () => {
  const bucket = (labels?: Record<string, string>, locked = false) => ({
    resource: {
      google_storage_bucket: {
        backups: {
          name: "b",
          location: "EUROPE-WEST1",
          labels: { purpose: "backups", ...labels },
          retention_policy: { retention_period: 2592000, is_locked: locked },
        },
      },
    },
  });
  const tierOf = (environment: string, labels?: Record<string, string>) =>
    environmentTier(scopeFromStacks({ [`${environment}-backup`]: bucket(labels) }, environment)).production;

  test("is what the environment-tier label says, whatever the name", () => {
    expect(tierOf("live", { "environment-tier": "production" })).toBe(true);
    expect(tierOf("prod", { "environment-tier": "non-production" })).toBe(false);
  });

  test("falls back to the name (prod or production) only when no resource carries the label", () => {
    expect(["prod", "production", "PROD"].map((env) => tierOf(env))).toEqual([true, true, true]);
    expect(["staging", "preprod", "prod2", "live"].map((env) => tierOf(env))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test("an environment called live that is production must lock its backups (BAK-03 fails unlocked)", () => {
    const scope = scopeFromStacks({ "live-backup": bucket({ "environment-tier": "production" }) }, "live");
    expect(BAK03LockedInProduction.evaluate(scope).map((r) => r.status)).toEqual(["fail"]);
  });
});

describe("BAK controls on the synthesized baseline (all stacks of an environment)", () => {
  test.each(["staging", "prod"])(
    "%s: nothing fails; the only unknowns are BAK-08's key limits, one per copy whose key the service fixes",
    (env) => {
      const scope = environmentScope(environmentStacks(env), env);
      const verdicts = BAK_CONTROLS.flatMap((c) =>
        c.evaluate(scope).map((r) => `${c.id} ${r.status}: ${r.message}`),
      );
      expect(verdicts.filter((v) => / fail:/.test(v))).toEqual([]);
      const limit = "limit: the copy in europe-west1 keeps its source's key, held in europe-west2";
      expect(verdicts.filter((v) => / unknown:/.test(v))).toEqual([
        expect.stringMatching(
          /^BAK-08 unknown: google_compute_instance_template\..*"vault-raft".*snapshot schedule/,
        ),
        expect.stringMatching(new RegExp(`^BAK-08 unknown: google_compute_disk\\..*acme-${env}-wazuh-data`)),
        expect.stringMatching(/^BAK-08 unknown: google_sql_database_instance\..*automated backups/),
      ]);
      for (const v of verdicts.filter((v) => / unknown:/.test(v))) expect(v).toContain(limit);
      // The database's export into the backup bucket is the copy whose key is in the backup region.
      expect(verdicts).toContainEqual(
        expect.stringMatching(
          /^BAK-08 pass: google_sql_database_instance\..*scheduled export.*key in europe-west1/,
        ),
      );
    },
  );

  test("prod: both backup buckets are locked, encrypted in their region, kept 30 days; the vault holds nothing", () => {
    const stacks = environmentStacks("prod");
    const scope = environmentScope(stacks, "prod");
    const bucket = resourceOf(stacks, BUCKET).address;
    const copy = resourceOf(stacks, COPY_BUCKET).address;
    const vault = resourceOf(stacks, VAULT).address;
    expect(run(BAK03LockedInProduction, scope)).toEqual([
      `${bucket}: pass`,
      `${copy}: pass`,
      // Nothing backs up into the vault (provider 6.50 cannot take the CMEK disks): its lock protects nothing.
      `${vault}: not-applicable`,
    ]);
    expect(run(BAK05BackupKeys, scope)).toEqual([`${bucket}: pass`, `${copy}: pass`]);
    for (const b of [bucket, copy]) {
      expect(resultFor(BAK02Retention, scope, b).message).toContain("kept 30 days, deleted at age 30 days");
    }
    expect(run(BAK06VaultRetention, scope)).toEqual([`${vault}: not-applicable`]);
  });
});
