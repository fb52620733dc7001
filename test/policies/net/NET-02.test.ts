import { NET02PrivateGoogleAccess } from "../../../policies/controls/net/NET-02-private-google-access";
import { expectFails, expectPasses, mutate, resourceIn, run } from "../../support/control-fixtures";
import { NETWORK_STACK, scope } from "./fixture";

describe("NET-02 Private Google Access on every subnet", () => {
  it("passes VM subnets and leaves proxy-only subnets not applicable", () => {
    expectPasses(NET02PrivateGoogleAccess, scope());
    expect(run(NET02PrivateGoogleAccess, scope())).toEqual([
      "google_compute_subnetwork.app: pass",
      "google_compute_subnetwork.proxy: not-applicable",
    ]);
  });

  it("fails a subnet without it", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => delete j.resource.google_compute_subnetwork.app.private_ip_google_access,
    );
    expectFails(NET02PrivateGoogleAccess, scope(json), "google_compute_subnetwork.app");
    expect(run(NET02PrivateGoogleAccess, scope(json))).toContain("google_compute_subnetwork.app: fail");
  });

  it("fails a subnet whose private_ip_google_access is null (unset: the provider default is false)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_subnetwork", "app").private_ip_google_access = null),
    );
    expectFails(NET02PrivateGoogleAccess, scope(json), "google_compute_subnetwork.app");
  });

  it("judges a subnet whose purpose is null as a VM subnet (the provider default is PRIVATE)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (resourceIn(j, "google_compute_subnetwork", "proxy").purpose = null),
    );
    expectFails(NET02PrivateGoogleAccess, scope(json), "google_compute_subnetwork.proxy");
  });
});
