import { SEC05RaftDiskCmek } from "../../../policies/controls/sec/SEC-05-raft-disk-cmek";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, failures, prodScope, template, templateAddress } from "./fixture";

/** The raft data disk of the Vault template (the boot disk is disk 0). */
const raftDisk = (s: Stacks) => template(s).attributes.disk[1];

describe("SEC-05 Vault's raft storage is on a separate disk encrypted with a customer-managed key", () => {
  test("passes the baseline's vault-raft disk encrypted with the kms stack's disks key", () => {
    const [result] = expectPasses(SEC05RaftDiskCmek, prodScope());
    expect(result.message).toMatch(
      /data disk vault-raft uses prod-kms\/google_kms_crypto_key\.disks-primary/,
    );
  });

  test("fails when the raft disk has no customer-managed key", () => {
    const change = (s: Stacks) => delete raftDisk(s).disk_encryption_key;
    expect(failures(after(SEC05RaftDiskCmek, change))).toEqual([
      expect.stringContaining("data disk vault-raft is encrypted with a Google-managed key"),
    ]);
    expectFails(SEC05RaftDiskCmek, prodScope(change), templateAddress());
  });

  test("fails when the raft disk's key is null (unset: the provider's Google-managed default)", () => {
    for (const change of [
      (s: Stacks) => (raftDisk(s).disk_encryption_key = null),
      (s: Stacks) => (raftDisk(s).disk_encryption_key.kms_key_self_link = null),
    ]) {
      const [result] = expectFails(SEC05RaftDiskCmek, prodScope(change), templateAddress());
      expect(result.message).toContain("data disk vault-raft is encrypted with a Google-managed key");
    }
  });

  test("fails when raft has no disk of its own", () => {
    const change = (s: Stacks) => template(s).attributes.disk.pop();
    expect(failures(after(SEC05RaftDiskCmek, change))).toEqual([
      expect.stringContaining("no data disk: raft would share the boot disk"),
    ]);
    expectFails(SEC05RaftDiskCmek, prodScope(change), templateAddress());
  });
});
