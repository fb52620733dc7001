import { NET03SubnetFlowLogs } from "../../../policies/controls/net/NET-03-subnet-flow-logs";
import {
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
  verdictWithUnknown,
} from "../../support/control-fixtures";
import { NETWORK_STACK, scope } from "./fixture";

const APP = "google_compute_subnetwork.app";

describe("NET-03 VPC flow logs on every subnet", () => {
  it("passes a subnet with log_config and skips proxy-only subnets", () => {
    expectPasses(NET03SubnetFlowLogs, scope());
    expect(run(NET03SubnetFlowLogs, scope())).toEqual([
      "google_compute_subnetwork.app: pass",
      "google_compute_subnetwork.proxy: not-applicable",
    ]);
  });

  it("fails a subnet without log_config or with zero sampling", () => {
    const none = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_subnetwork.app.log_config);
    expectFails(NET03SubnetFlowLogs, scope(none), APP);
    expect(run(NET03SubnetFlowLogs, scope(none))).toContain("google_compute_subnetwork.app: fail");
    const zero = mutate(
      NETWORK_STACK,
      (j) => (j.resource.google_compute_subnetwork.app.log_config.flow_sampling = 0),
    );
    expectFails(NET03SubnetFlowLogs, scope(zero), APP);
    expect(resultFor(NET03SubnetFlowLogs, scope(zero), APP).message).toContain("flow_sampling is 0");
  });

  it("fails a subnet whose log_config is null (unset: flow logs are off by default)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_subnetwork", "app").log_config = null),
    );
    expectFails(NET03SubnetFlowLogs, scope(json), APP);
  });

  it("judges a subnet whose purpose is null as a VM subnet (the provider default is PRIVATE)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_subnetwork", "proxy").purpose = null),
    );
    expectFails(NET03SubnetFlowLogs, scope(json), "google_compute_subnetwork.proxy");
  });

  it("is unknown when log_config is known only after apply", () => {
    expect(verdictWithUnknown(NET03SubnetFlowLogs, scope(), APP, "log_config").status).toBe("unknown");
  });
});
