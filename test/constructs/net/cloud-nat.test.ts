import { CloudNat } from "../../../constructs/net/cloud-nat";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

describe("CloudNat", () => {
  const json = synthScope((stack) => {
    new CloudNat(stack, "nat", {
      name: "test",
      region: "europe-west2",
      network: "projects/p/global/networks/vpc",
      subnetworks: ["projects/p/regions/europe-west2/subnetworks/app"],
    });
  });

  test("translates only the listed subnets, with Google-allocated addresses, logging everything", () => {
    const [router] = Object.keys(json.resource!.google_compute_router);
    expect(attributesOf(json, "google_compute_router_nat")).toEqual([
      expect.objectContaining({
        router: `\${google_compute_router.${router}.name}`,
        region: "europe-west2",
        nat_ip_allocate_option: "AUTO_ONLY",
        source_subnetwork_ip_ranges_to_nat: "LIST_OF_SUBNETWORKS",
        subnetwork: [
          {
            name: "projects/p/regions/europe-west2/subnetworks/app",
            source_ip_ranges_to_nat: ["ALL_IP_RANGES"],
          },
        ],
        log_config: { enable: true, filter: "ALL" },
      }),
    ]);
  });

  // RES-01 also judges the router's region, but needs the project's gcp.resourceLocations policy (ProjectOrgPolicies).
  test("used bare, it passes the NAT logging control", () => {
    expectUsedBarePasses(json, ["NET-10"]);
  });

  test("refuses an empty subnet list rather than translating nothing or everything", () => {
    expect(() =>
      synthScope((stack) => {
        new CloudNat(stack, "nat", { name: "test", region: "europe-west2", network: "n", subnetworks: [] });
      }),
    ).toThrow("CloudNat test: list at least one subnetwork");
  });
});
