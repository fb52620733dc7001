import { SEC09RaftDiskStateful } from "../../../policies/controls/sec/SEC-09-raft-disk-stateful";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, failures, group, groupAddress, prodScope } from "./fixture";

describe("SEC-09 Vault's raft disks survive instance recreation", () => {
  test("passes the baseline's group keeping vault-raft as a stateful disk", () => {
    const [result] = expectPasses(SEC09RaftDiskStateful, prodScope());
    expect(result.message).toMatch(/data disk\(s\) vault-raft kept across recreation$/);
  });

  test("fails when the raft disk is not stateful, or is deleted with the instance", () => {
    const notStateful = (s: Stacks) => delete group(s).attributes.stateful_disk;
    expect(failures(after(SEC09RaftDiskStateful, notStateful))).toHaveLength(1);
    expectFails(SEC09RaftDiskStateful, prodScope(notStateful), groupAddress());
    const deleted = (s: Stacks) => {
      group(s).attributes.stateful_disk[0].delete_rule = "ON_PERMANENT_INSTANCE_DELETION";
    };
    expect(failures(after(SEC09RaftDiskStateful, deleted))).toEqual([
      expect.stringContaining("vault-raft are not stateful with delete_rule NEVER"),
    ]);
    expectFails(SEC09RaftDiskStateful, prodScope(deleted), groupAddress());
  });

  test("fails when stateful_disk is null (unset: the group recreates VMs with blank disks)", () => {
    const scope = prodScope((s) => (group(s).attributes.stateful_disk = null));
    const [result] = expectFails(SEC09RaftDiskStateful, scope, groupAddress());
    expect(result.message).toContain("vault-raft are not stateful with delete_rule NEVER");
  });
});
