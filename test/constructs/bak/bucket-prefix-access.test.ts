import {
  BucketPrefixAccess,
  type BucketPrefixAccessProps,
} from "../../../constructs/bak/bucket-prefix-access";
import { BackupWriter } from "../../../constructs/bak/backup-writer";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

function synthAccess(props: Partial<BucketPrefixAccessProps> = {}) {
  return synthScope((stack) => {
    new BucketPrefixAccess(stack, "access", {
      bucket: "acme-backups",
      member: "serviceAccount:job@p.iam.gserviceaccount.com",
      prefix: "vault/",
      access: "write",
      ...props,
    });
  });
}

describe("BucketPrefixAccess", () => {
  test("write: object creation under the prefix only", () => {
    expect(attributesOf(synthAccess(), "google_storage_bucket_iam_member")).toEqual([
      expect.objectContaining({
        bucket: "acme-backups",
        role: "roles/storage.objectCreator",
        condition: {
          title: "write vault/ only",
          expression: 'resource.name.startsWith("projects/_/buckets/acme-backups/objects/vault/")',
        },
      }),
    ]);
  });

  test("read: object names of the bucket, object contents under the prefix", () => {
    const [grant] = attributesOf(
      synthAccess({ access: "read", prefix: "sql/db/" }),
      "google_storage_bucket_iam_member",
    );
    expect(grant.role).toBe("roles/storage.objectViewer");
    expect(grant.condition.expression).toBe(
      'resource.name == "projects/_/buckets/acme-backups" || ' +
        'resource.name.startsWith("projects/_/buckets/acme-backups/objects/sql/db/")',
    );
  });

  test.each(["", "/", "vault", "/vault/", "Vault/", "a//"])(
    "refuses the prefix %j (whole bucket or not a path)",
    (prefix) => {
      expect(() => synthAccess({ prefix })).toThrow("prefix must be lowercase path segments ending with /");
    },
  );
});

describe("BackupWriter", () => {
  const json = synthScope((stack) => {
    new BackupWriter(stack, "writer", {
      project: "acme-sec-prod",
      accountId: "vault-snapshot-writer",
      writes: "Vault raft snapshots",
      bucket: "acme-backups",
      prefix: "vault/",
    });
  });

  test("is a dedicated account with no project role, allowed to create objects under its prefix only", () => {
    expect(attributesOf(json, "google_service_account")).toEqual([
      expect.objectContaining({ account_id: "vault-snapshot-writer" }),
    ]);
    expect(json.resource?.google_project_iam_member).toBeUndefined();
    const [grant] = attributesOf(json, "google_storage_bucket_iam_member");
    expect(grant).toMatchObject({
      role: "roles/storage.objectCreator",
      member: expect.stringContaining("google_service_account"),
    });
    expect(grant.condition.expression).toContain("/objects/vault/");
  });

  // IAM-03 and RES-01 need the project's org policies; BAK-01/02/09 the bucket and its job, declared elsewhere.
  test("used bare, it passes the identity and public-access controls that judge its account and grant", () => {
    expectUsedBarePasses(json, ["IAM-01", "IAM-02", "IAM-04", "IAM-05", "IAM-06", "IAM-07", "STO-03"]);
  });
});
