import { NET01CustomModeVpc } from "../../../policies/controls/net/NET-01-custom-mode-vpc";
import {
  expectFails,
  expectPasses,
  markUnknown,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";
import { NETWORK_STACK, scope } from "./fixture";

const VPC = "google_compute_network.vpc";

describe("NET-01 VPC networks are custom mode", () => {
  it("passes a network with auto_create_subnetworks false", () => {
    expectPasses(NET01CustomModeVpc, scope());
    expect(run(NET01CustomModeVpc, scope())).toEqual(["google_compute_network.vpc: pass"]);
  });

  it("fails when the attribute is absent, since the provider default is auto mode", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => delete j.resource.google_compute_network.vpc.auto_create_subnetworks,
    );
    expectFails(NET01CustomModeVpc, scope(json), VPC);
    const result = resultFor(NET01CustomModeVpc, scope(json), VPC);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("provider default is true");
    expect(result.evidence).toEqual([{ path: "auto_create_subnetworks", value: "(not set)" }]);
  });

  it("fails when the attribute is null (unset: the provider default is auto mode)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (j.resource.google_compute_network.vpc.auto_create_subnetworks = null),
    );
    expectFails(NET01CustomModeVpc, scope(json), VPC);
  });

  it("fails auto mode and is unknown when the value is known only after apply", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (j.resource.google_compute_network.vpc.auto_create_subnetworks = true),
    );
    expectFails(NET01CustomModeVpc, scope(json), VPC);
    expect(run(NET01CustomModeVpc, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
    const unknown = markUnknown(scope(), VPC, "auto_create_subnetworks");
    expect(run(NET01CustomModeVpc, unknown)).toEqual(["google_compute_network.vpc: unknown"]);
  });

  it("is not applicable at project level when no network exists", () => {
    expect(run(NET01CustomModeVpc, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
      "project: not-applicable",
    ]);
  });
});
