import { NET11NoIpForwarding } from "../../../policies/controls/net/NET-11-no-ip-forwarding";
import { expectFails, expectPasses, mutate, resourceIn, run } from "../../support/control-fixtures";
import { NETWORK_STACK, scope } from "./fixture";

describe("NET-11 IP forwarding off on every VM", () => {
  it("passes can_ip_forward false or absent", () => {
    expectPasses(NET11NoIpForwarding, scope());
    expect(run(NET11NoIpForwarding, scope())).toEqual([
      "google_compute_instance.bastion: pass",
      "google_compute_instance_template.app: pass",
    ]);
  });

  it("fails can_ip_forward true", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (j.resource.google_compute_instance.bastion.can_ip_forward = true),
    );
    expectFails(NET11NoIpForwarding, scope(json), "google_compute_instance.bastion");
    expect(run(NET11NoIpForwarding, scope(json))).toContain("google_compute_instance.bastion: fail");
  });

  it("fails a template with can_ip_forward = true", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_instance_template", "app").can_ip_forward = true),
    );
    expectFails(NET11NoIpForwarding, scope(json), "google_compute_instance_template.app");
  });

  it("reads can_ip_forward set from an expression as unknown, not passed", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_instance.bastion.can_ip_forward = "${var.router}";
    });
    expect(run(NET11NoIpForwarding, scope(json))).toContain("google_compute_instance.bastion: unknown");
  });
});
