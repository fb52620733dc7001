import { PRIVATE_GOOGLE_APIS_RANGE, PrivateGoogleApis } from "../../../constructs/net/private-google-apis";
import { attributesOf, findResource, synthScope } from "../../support/synth";

// No control judges a route or a private DNS zone (Private Google Access is proven on the subnets, NET-02 in
// private-network.test.ts), so there is no control for this construct to pass used bare.
describe("PrivateGoogleApis", () => {
  const network = "projects/p/global/networks/vpc";
  const json = synthScope((stack) => {
    new PrivateGoogleApis(stack, "apis", { name: "test", network });
  });

  test("routes only the private.googleapis.com range to Google", () => {
    expect(attributesOf(json, "google_compute_route")).toEqual([
      expect.objectContaining({
        dest_range: PRIVATE_GOOGLE_APIS_RANGE,
        next_hop_gateway: "default-internet-gateway",
        network,
      }),
    ]);
    expect(PRIVATE_GOOGLE_APIS_RANGE).toBe("199.36.153.8/30");
  });

  test("resolves every googleapis.com name to the private VIPs, inside the VPC only", () => {
    expect(attributesOf(json, "google_dns_managed_zone")).toEqual([
      expect.objectContaining({
        dns_name: "googleapis.com.",
        visibility: "private",
        private_visibility_config: { networks: [{ network_url: network }] },
      }),
    ]);
    expect(findResource(json, "google_dns_record_set", "name", "*.googleapis.com.")).toMatchObject({
      type: "CNAME",
      rrdatas: ["private.googleapis.com."],
    });
    expect(findResource(json, "google_dns_record_set", "name", "private.googleapis.com.")).toMatchObject({
      type: "A",
      rrdatas: ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"],
    });
  });
});
