import { NET10NatLogging } from "../../../policies/controls/net/NET-10-nat-logging";
import { expectFails, expectPasses, mutate, resourceIn, run } from "../../support/control-fixtures";
import { NETWORK_STACK, scope } from "./fixture";

const NAT = "google_compute_router_nat.nat";

describe("NET-10 Cloud NAT logs every translation and error", () => {
  it("passes log_config enable with filter ALL", () => {
    expectPasses(NET10NatLogging, scope());
    expect(run(NET10NatLogging, scope())).toEqual(["google_compute_router_nat.nat: pass"]);
  });

  it.each([
    ["ERRORS_ONLY", true],
    ["TRANSLATIONS_ONLY", true],
    ["ALL", false],
  ])("fails filter %s with enable %s", (filter, enable) => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (j.resource.google_compute_router_nat.nat.log_config = { enable, filter }),
    );
    expectFails(NET10NatLogging, scope(json), NAT);
    expect(run(NET10NatLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
  });

  it("fails a NAT without log_config", () => {
    const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_router_nat.nat.log_config);
    expectFails(NET10NatLogging, scope(json), NAT);
    expect(run(NET10NatLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
  });

  it("fails a NAT whose log_config or log_config.enable is null (unset: logging is off by default)", () => {
    const noBlock = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_router_nat", "nat").log_config = null),
    );
    expectFails(NET10NatLogging, scope(noBlock), NAT);
    const noEnable = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_router_nat", "nat").log_config = { enable: null, filter: "ALL" }),
    );
    expectFails(NET10NatLogging, scope(noEnable), NAT);
  });
});
