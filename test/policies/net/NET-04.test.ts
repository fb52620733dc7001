import { NET04NoExternalIp } from "../../../policies/controls/net/NET-04-no-external-ip";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { DYNAMIC_BLOCKS, NETWORK_STACK, scope } from "./fixture";

const BASTION = "google_compute_instance.bastion";

describe("NET-04 No external IP addresses on VMs", () => {
  it("passes VMs without access_config", () => {
    expectPasses(NET04NoExternalIp, scope());
    expect(run(NET04NoExternalIp, scope())).toEqual([
      "google_compute_instance.bastion: pass",
      "google_compute_instance_template.app: pass",
    ]);
  });

  it("fails an access_config on an instance and an IPv6 access config on a template", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_instance.bastion.network_interface[0].access_config = [{}];
      j.resource.google_compute_instance_template.app.network_interface[0].ipv6_access_config = [
        { network_tier: "PREMIUM" },
      ];
    });
    expectFails(NET04NoExternalIp, scope(json), BASTION);
    expectFails(NET04NoExternalIp, scope(json), "google_compute_instance_template.app");
    expect(run(NET04NoExternalIp, scope(json))).toEqual([
      "google_compute_instance.bastion: fail",
      "google_compute_instance_template.app: fail",
    ]);
    expect(resultFor(NET04NoExternalIp, scope(json), BASTION).evidence[0].path).toBe(
      "network_interface.0.access_config",
    );
  });

  it("fails an access_config whose nat_ip is null (unset: Google assigns an ephemeral external IP)", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_instance.bastion.network_interface[0].access_config = [{ nat_ip: null }];
    });
    expectFails(NET04NoExternalIp, scope(json), BASTION);
  });

  it("treats a dynamic access_config block as unknown, never as absent", () => {
    expect(run(NET04NoExternalIp, scope(DYNAMIC_BLOCKS))).toContain(
      "google_compute_instance.bastion: unknown",
    );
  });
});
