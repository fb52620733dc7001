import { NET19ServicePerimeter } from "../../../policies/controls/net/NET-19-service-perimeter";
import { RESTRICTED_SERVICES } from "../../../shared/google-ranges";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";

const PERIMETER = "google_access_context_manager_service_perimeter.perimeter";
const config = () => ({
  resources: ["projects/200000000002"],
  restricted_services: [...RESTRICTED_SERVICES],
  vpc_accessible_services: { enable_restriction: true, allowed_services: ["RESTRICTED-SERVICES"] },
});
const STACK = tf({
  google_access_context_manager_service_perimeter: {
    perimeter: {
      parent: "accessPolicies/123",
      name: "accessPolicies/123/servicePerimeters/acme_prod_perimeter",
      title: "acme-prod baseline perimeter",
      perimeter_type: "PERIMETER_TYPE_REGULAR",
      status: config(),
    },
  },
});
const scope = (json: Attrs = STACK) => scopeOf(json);
const perimeter = (j: Attrs) => resourceIn(j, "google_access_context_manager_service_perimeter", "perimeter");

describe("NET-19 A declared VPC Service Controls perimeter restricts the APIs the VMs use", () => {
  it("passes an enforced perimeter restricting every API the VMs call", () => {
    expectPasses(NET19ServicePerimeter, scope());
  });

  it("is not applicable when no perimeter is declared (the default: organization-level)", () => {
    expect(run(NET19ServicePerimeter, scope(tf({ google_compute_network: { v: { name: "v" } } })))).toEqual([
      "project: not-applicable",
    ]);
  });

  it("fails a perimeter that leaves Cloud KMS out", () => {
    const json = mutate(STACK, (j) => {
      perimeter(j).status.restricted_services = RESTRICTED_SERVICES.filter(
        (s) => s !== "cloudkms.googleapis.com",
      );
    });
    const [failed] = expectFails(NET19ServicePerimeter, scope(json), PERIMETER);
    expect(failed.message).toContain("does not restrict cloudkms.googleapis.com");
  });

  it("fails a perimeter in dry run only", () => {
    const json = mutate(STACK, (j) => {
      const p = perimeter(j);
      p.spec = p.status;
      p.use_explicit_dry_run_spec = true;
      delete p.status;
    });
    expectFails(NET19ServicePerimeter, scope(json), PERIMETER);
  });

  it("fails when VMs inside may call unrestricted services", () => {
    const json = mutate(
      STACK,
      (j) => (perimeter(j).status.vpc_accessible_services.enable_restriction = false),
    );
    expectFails(NET19ServicePerimeter, scope(json), PERIMETER);
  });
});
