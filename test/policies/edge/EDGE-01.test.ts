import { EDGE01CloudArmorAttached } from "../../../policies/controls/edge/EDGE-01-cloud-armor-attached";
import { expectFails, expectPasses, markUnknown, mutate, run } from "../../support/control-fixtures";
import { BACKEND, EDGE, messageOf, one, scope } from "./fixture";

describe("EDGE-01 Cloud Armor on every external backend service", () => {
  it("passes the edge stack and fails a backend service with the policy detached", () => {
    expectPasses(EDGE01CloudArmorAttached, scope());
    expect(run(EDGE01CloudArmorAttached, scope())).toEqual([`${BACKEND}: pass`]);
    const detached = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").security_policy);
    expectFails(EDGE01CloudArmorAttached, scope(detached), BACKEND);
    expect(messageOf(EDGE01CloudArmorAttached, detached)).toBe(
      `fail: ${BACKEND}: no security_policy: no Cloud Armor rule applies`,
    );
  });
  it("fails a backend service whose security_policy is null (unset: no policy)", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_backend_service").security_policy = null));
    expectFails(EDGE01CloudArmorAttached, scope(json), BACKEND);
  });
  it("judges a global backend service whose load_balancing_scheme is null as external (the default)", () => {
    const json = mutate(EDGE, (j) => {
      const service = one(j, "google_compute_backend_service");
      service.load_balancing_scheme = null;
      delete service.security_policy;
    });
    expectFails(EDGE01CloudArmorAttached, scope(json), BACKEND);
  });
  it("accepts a declared policy named literally, and is unknown for a policy declared nowhere", () => {
    const byName = mutate(
      EDGE,
      (j) => (one(j, "google_compute_backend_service").security_policy = "acme-prod-edge-armor"),
    );
    expect(run(EDGE01CloudArmorAttached, scope(byName))).toEqual([`${BACKEND}: pass`]);
    const elsewhere = mutate(
      EDGE,
      (j) =>
        (one(j, "google_compute_backend_service").security_policy =
          "projects/p/global/securityPolicies/other"),
    );
    expect(run(EDGE01CloudArmorAttached, scope(elsewhere))).toEqual([`${BACKEND}: unknown`]);
    expect(run(EDGE01CloudArmorAttached, markUnknown(scope(), BACKEND, "security_policy"))).toEqual([
      `${BACKEND}: unknown`,
    ]);
  });
  it("ignores internal backend services and is not applicable without external ones", () => {
    const internal = mutate(EDGE, (j) => {
      const service = one(j, "google_compute_backend_service");
      service.load_balancing_scheme = "INTERNAL_MANAGED";
      delete service.security_policy;
    });
    expect(run(EDGE01CloudArmorAttached, scope(internal))).toEqual(["project: not-applicable"]);
  });
  it("judges a scheme set from an expression and regional external backend services", () => {
    const computed = mutate(EDGE, (j) => {
      const service = one(j, "google_compute_backend_service");
      service.load_balancing_scheme = "${var.scheme}";
      delete service.security_policy;
    });
    expect(run(EDGE01CloudArmorAttached, scope(computed))).toEqual([`${BACKEND}: fail`]);
    const regional = mutate(EDGE, (j) => {
      j.resource.google_compute_region_backend_service = {
        public: { name: "public", region: "europe-west2", load_balancing_scheme: "EXTERNAL_MANAGED" },
        internal: { name: "internal", region: "europe-west2" },
      };
    });
    expect(run(EDGE01CloudArmorAttached, scope(regional))).toEqual([
      `${BACKEND}: pass`,
      "google_compute_region_backend_service.public: fail",
    ]);
  });
});
