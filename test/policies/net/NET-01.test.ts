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

  describe("google_project and the default network", () => {
    const project = (attributes: Record<string, unknown>) =>
      scopeOf(tf({ google_project: { p: { name: "p", project_id: "p-123", ...attributes } } }));

    it("passes a project created with auto_create_network = false", () => {
      expectPasses(NET01CustomModeVpc, project({ auto_create_network: false }));
      expect(run(NET01CustomModeVpc, project({ auto_create_network: "false" }))).toEqual([
        "google_project.p: pass",
      ]);
    });

    it.each([
      ["unset", {}, "provider default is true"],
      ["null (unset)", { auto_create_network: null }, "provider default is true"],
      ["true", { auto_create_network: true }, "auto_create_network is true"],
    ])("fails auto_create_network %s: the project gets the default network", (_, attributes, message) => {
      const [failed] = expectFails(NET01CustomModeVpc, project(attributes), "google_project.p");
      expect(failed.message).toContain(message);
      expect(failed.message).toContain("default auto-mode network");
    });

    it("is unknown when auto_create_network comes from an expression", () => {
      expect(run(NET01CustomModeVpc, project({ auto_create_network: "${var.default_network}" }))).toEqual([
        "google_project.p: unknown",
      ]);
    });

    it("judges projects beside networks", () => {
      const both = scope(mutate(NETWORK_STACK, (j) => (j.resource.google_project = { p: { name: "p" } })));
      expect(run(NET01CustomModeVpc, both)).toEqual([
        "google_compute_network.vpc: pass",
        "google_project.p: fail",
      ]);
    });
  });

  it("is not applicable at project level when no network exists", () => {
    expect(run(NET01CustomModeVpc, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
      "project: not-applicable",
    ]);
  });
});
