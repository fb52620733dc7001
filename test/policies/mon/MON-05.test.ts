import { MON05MirroringCoverage } from "../../../policies/controls/mon/MON-05-mirroring-coverage";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import type { Attributes } from "../../support/synth";
import { baselineScope, evaluate, failures, one, resources } from "./fixture";

const DATA_SUBNET = "google_compute_subnetwork.vpc_subnet-data_EFD38E45";

describe("MON-05 Packet Mirroring covers every subnet", () => {
  test("the baseline's mirroring policy (app, vault, data; both directions, all traffic) passes", () => {
    expectPasses(MON05MirroringCoverage, baselineScope());
  });

  test("removing a subnet from the mirroring policy fails, naming the subnet", () => {
    const scope = baselineScope((stacks) => {
      const policy = one(stacks, "google_compute_packet_mirroring");
      policy.mirrored_resources.subnetworks = policy.mirrored_resources.subnetworks.filter(
        (s: Attributes) => !String(s.url).includes("subnet-data"),
      );
    });
    expect(failures(MON05MirroringCoverage.evaluate(scope))).toEqual([
      `${DATA_SUBNET}: subnet acme-prod-data is not mirrored by any packet-mirroring ` +
        "policy (policies: google_compute_packet_mirroring.zeek_mirroring_E288EE30)",
    ]);
    expectFails(MON05MirroringCoverage, scope, DATA_SUBNET);
  });

  test("mirrored_resources null (unset: no subnet mirrored) fails every mirrorable subnet", () => {
    const scope = baselineScope(
      (stacks) => (one(stacks, "google_compute_packet_mirroring").mirrored_resources = null),
    );
    expectFails(MON05MirroringCoverage, scope, DATA_SUBNET);
    expect(failures(MON05MirroringCoverage.evaluate(scope))).toHaveLength(3);
  });

  test("a subnet added to the network without mirroring fails, naming it", () => {
    const scope = baselineScope((stacks) => {
      const subnets = resources(stacks, "google_compute_subnetwork", "prod-network");
      subnets.batch = {
        ...subnets["vpc_subnet-app_D01642CB"],
        name: "acme-prod-batch",
        ip_cidr_range: "10.20.40.0/24",
      };
    });
    expect(failures(MON05MirroringCoverage.evaluate(scope))).toEqual([
      expect.stringMatching(
        /^google_compute_subnetwork\.batch: subnet acme-prod-batch is not mirrored by any packet-mirroring policy/,
      ),
    ]);
    expectFails(MON05MirroringCoverage, scope, "google_compute_subnetwork.batch");
  });

  test("mirroring one direction only fails as partial", () => {
    const results = evaluate(
      MON05MirroringCoverage,
      (stacks) => (one(stacks, "google_compute_packet_mirroring").filter.direction = "INGRESS"),
    );
    expect(failures(results)).toHaveLength(3);
    expect(failures(results)[0]).toMatch(/is only partly mirrored \(\S+: direction INGRESS only\)$/);
  });
});
