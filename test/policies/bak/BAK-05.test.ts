import { BAK05BackupKeys } from "../../../policies/controls/bak/BAK-05-backup-keys";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { resourceOf, verdictAfter } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { BUCKET, COPY_BUCKET, SQL, prodScope, scopeAfter } from "./fixture";

describe("BAK-05 Backups encrypted with a key in the backup region", () => {
  test("prod: the backup bucket is encrypted with the backups key in its own region", () => {
    expectPasses(BAK05BackupKeys, prodScope());
  });

  test("a backup bucket encrypted with the primary region's key fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b, stacks) => {
      // The SQL key lives in the primary region; both stacks read the kms stack through the same remote state.
      b.encryption.default_kms_key_name = resourceOf(stacks, SQL).attributes.encryption_key_name;
    });
    const result = resultFor(BAK05BackupKeys, scope, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("key is in europe-west2, the bucket in europe-west1");
    expectFails(BAK05BackupKeys, scope, address);
  });

  test("a second offsite copy's bucket keyed with the backup region's key fails", () => {
    const { scope, address } = scopeAfter(COPY_BUCKET, (b, stacks) => {
      b.encryption.default_kms_key_name = resourceOf(
        stacks,
        BUCKET,
      ).attributes.encryption.default_kms_key_name;
    });
    expect(resultFor(BAK05BackupKeys, scope, address).message).toContain(
      "key is in europe-west1, the bucket in europe-west3",
    );
    expectFails(BAK05BackupKeys, scope, address);
  });

  test("a backup bucket with a Google-managed key fails", () => {
    expect(verdictAfter(BAK05BackupKeys, BUCKET, (b) => delete b.encryption).status).toBe("fail");
  });

  test.each([
    ["encryption", (b: Attributes) => (b.encryption = null)],
    ["encryption.default_kms_key_name", (b: Attributes) => (b.encryption.default_kms_key_name = null)],
  ])("a backup bucket with %s null (unset: a Google-managed key) fails", (_, change) => {
    const { scope, address } = scopeAfter(BUCKET, change);
    const [failure] = expectFails(BAK05BackupKeys, scope, address);
    expect(failure.message).toContain("no customer-managed key");
  });
});
