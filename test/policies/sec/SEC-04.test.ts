import { SEC04RaftQuorum } from "../../../policies/controls/sec/SEC-04-raft-quorum";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, failures, group, groupAddress, prodScope, templateAddress } from "./fixture";

describe("SEC-04 Vault runs at least 3 raft nodes spread over at least 3 zones", () => {
  test("passes the baseline's regional group of 5 nodes over 3 zones", () => {
    const [result] = expectPasses(SEC04RaftQuorum, prodScope());
    expect(result.message).toMatch(/: 5 nodes over 3 zones$/);
  });

  test("fails over 2 zones", () => {
    const change = (s: Stacks) => group(s).attributes.distribution_policy_zones.pop();
    expect(failures(after(SEC04RaftQuorum, change))).toEqual([
      expect.stringContaining("names 2 zone(s), fewer than 3"),
    ]);
    expectFails(SEC04RaftQuorum, prodScope(change), groupAddress());
  });

  test("fails with an even node count or a shape that may pack nodes into one zone", () => {
    const even = (s: Stacks) => (group(s).attributes.target_size = 4);
    expect(failures(after(SEC04RaftQuorum, even))).toEqual([
      expect.stringContaining("target_size 4 is not an odd number of at least 3"),
    ]);
    expectFails(SEC04RaftQuorum, prodScope(even), groupAddress());
    const packed = after(
      SEC04RaftQuorum,
      (s) => (group(s).attributes.distribution_policy_target_shape = "ANY_SINGLE_ZONE"),
    );
    expect(failures(packed)).toEqual([expect.stringContaining("may place nodes in one zone")]);
  });

  test("fails with a target_size that is null (unset: the group runs no node)", () => {
    const scope = prodScope((s) => (group(s).attributes.target_size = null));
    const [result] = expectFails(SEC04RaftQuorum, scope, groupAddress());
    expect(result.message).toContain("target_size (not set) is not an odd number of at least 3");
  });

  test("fails with distribution_policy_zones null (unset: the zones are Google's choice, not proven)", () => {
    const scope = prodScope((s) => (group(s).attributes.distribution_policy_zones = null));
    const [result] = expectFails(SEC04RaftQuorum, scope, groupAddress());
    expect(result.message).toContain("names 0 zone(s), fewer than 3");
  });

  test("fails when no regional group deploys the Vault template", () => {
    const change = (stacks: Stacks) => {
      delete stacks["prod-vault"].resource!.google_compute_region_instance_group_manager;
      delete stacks["prod-vault"].resource!.google_compute_region_backend_service;
    };
    expect(failures(after(SEC04RaftQuorum, change))).toEqual([
      expect.stringContaining("no regional managed instance group deploys"),
    ]);
    expectFails(SEC04RaftQuorum, prodScope(change), templateAddress());
  });
});
