import { BAK08CopyKeysInCopyRegion } from "../../../policies/controls/bak/BAK-08-copy-keys-in-copy-region";
import { expectFails, expectPasses, mutate, scopeOf, tf } from "../../support/control-fixtures";
import { environmentStacks, resourceOf } from "../../support/environment";
import { BUCKET, SQL, VAULT_TEMPLATE, WAZUH_DISK, prodScope, scopeAfter } from "./fixture";

/** A Cloud SQL instance whose automated backups stay in its region, with the instance key of that region. */
const SAME_REGION_SQL = tf({
  google_kms_key_ring: { west1: { name: "r", location: "europe-west1" } },
  google_kms_crypto_key: { sql: { name: "sql", key_ring: "${google_kms_key_ring.west1.id}" } },
  google_sql_database_instance: {
    db: {
      name: "db",
      region: "europe-west1",
      encryption_key_name: "${google_kms_crypto_key.sql.id}",
      settings: {
        backup_configuration: {
          enabled: true,
          location: "europe-west1",
          backup_retention_settings: { retained_backups: 30 },
        },
      },
    },
  },
});

describe("BAK-08 Each backup copy's key is held where the copy is", () => {
  test("a copy encrypted with a key in its own region passes", () => {
    const [result] = expectPasses(BAK08CopyKeysInCopyRegion, scopeOf(SAME_REGION_SQL));
    expect(result.message).toContain("encrypted with a key in europe-west1, where the copy is stored");
  });

  test("prod: the database's export into the backup bucket passes (the bucket's key is in europe-west1)", () => {
    const sql = resourceOf(environmentStacks("prod"), SQL).address;
    const exportVerdict = BAK08CopyKeysInCopyRegion.evaluate(prodScope()).find(
      (r) => r.resource?.address === sql && r.subject?.startsWith("scheduled export"),
    );
    expect(exportVerdict?.status).toBe("pass");
  });

  test("prod: snapshots and Cloud SQL backups keep their source's key in europe-west2: unknown, the limit named", () => {
    const verdicts = BAK08CopyKeysInCopyRegion.evaluate(prodScope());
    const limits = verdicts.filter((r) => r.status === "unknown");
    expect(limits.map((r) => r.subject?.split(":")[0])).toEqual([
      "snapshot schedule",
      "snapshot schedule",
      "automated backups",
    ]);
    for (const r of limits) expect(r.message).toContain("keeps its source's key, held in europe-west2");
    // The copies whose key can be chosen: the Vault raft snapshots, the Wazuh archive and the database export,
    // all in the bucket.
    expect(verdicts.filter((r) => r.status === "pass").map((r) => r.subject?.split(":")[0])).toEqual([
      "scheduled snapshot job",
      "second offsite copy",
      "scheduled host archive",
      "second offsite copy",
      "scheduled export",
      "second offsite copy",
    ]);
  });

  test("the Vault raft snapshots in a bucket keyed in the primary region fail for the Vault raft disk", () => {
    const { scope } = scopeAfter(BUCKET, (b, stacks) => {
      b.encryption.default_kms_key_name = resourceOf(stacks, SQL).attributes.encryption_key_name;
    });
    const template = resourceOf(environmentStacks("prod"), VAULT_TEMPLATE).address;
    const [failure] = expectFails(BAK08CopyKeysInCopyRegion, scope, template);
    expect(failure.subject).toMatch(
      /^scheduled snapshot job: .*reads https:\/\/vault\.acme-prod\.internal:8200/,
    );
    expect(failure.message).toContain(
      "the copy in europe-west1 is encrypted with a key held in europe-west2",
    );
  });

  test("the backup bucket encrypted with the primary region's key fails for the export it holds", () => {
    const { scope } = scopeAfter(BUCKET, (b, stacks) => {
      b.encryption.default_kms_key_name = resourceOf(stacks, SQL).attributes.encryption_key_name;
    });
    const [failure] = expectFails(
      BAK08CopyKeysInCopyRegion,
      scope,
      resourceOf(environmentStacks("prod"), SQL).address,
    );
    expect(failure.subject).toMatch(/^scheduled export/);
    expect(failure.message).toContain(
      "the copy in europe-west1 is encrypted with a key held in europe-west2",
    );
  });

  test("a disk with a Google-managed key fails: its snapshots have no customer-managed key", () => {
    const { scope, address } = scopeAfter(WAZUH_DISK, (d) => delete d.disk_encryption_key);
    const [failure] = expectFails(BAK08CopyKeysInCopyRegion, scope, address);
    expect(failure.message).toContain("Google-managed key");
  });

  test("a key from an expression is unknown, not passed", () => {
    const scope = scopeOf(
      mutate(SAME_REGION_SQL, (j) => {
        j.resource.google_sql_database_instance.db.encryption_key_name = "${var.key}";
      }),
    );
    expect(BAK08CopyKeysInCopyRegion.evaluate(scope).map((r) => r.status)).toEqual(["unknown"]);
  });
});
