import { GOOGLE_APIS_VIPS, PrivateGoogleApis } from "../../../constructs/net/private-google-apis";
import { RESTRICTED_GOOGLE_APIS_RANGE } from "../../../shared/google-ranges";
import { NET17RestrictedGoogleApis } from "../../../policies/controls/net/NET-17-restricted-google-apis";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { scopeOf } from "../../support/control-fixtures";
import { attributesOf, findResource, synthScope } from "../../support/synth";

describe("PrivateGoogleApis", () => {
  const network = "projects/p/global/networks/vpc";
  const json = synthScope((stack) => {
    new PrivateGoogleApis(stack, "apis", { name: "test", network });
  });
  const loose = synthScope((stack) => {
    new PrivateGoogleApis(stack, "apis", { name: "test", network, vip: "private" });
  });

  test("by default routes only the restricted.googleapis.com range to Google", () => {
    expect(attributesOf(json, "google_compute_route")).toEqual([
      expect.objectContaining({
        dest_range: RESTRICTED_GOOGLE_APIS_RANGE,
        next_hop_gateway: "default-internet-gateway",
        network,
      }),
    ]);
    expect(RESTRICTED_GOOGLE_APIS_RANGE).toBe("199.36.153.4/30");
  });

  test("resolves every googleapis.com name to the restricted VIPs, inside the VPC only", () => {
    expect(attributesOf(json, "google_dns_managed_zone")).toEqual([
      expect.objectContaining({
        dns_name: "googleapis.com.",
        visibility: "private",
        private_visibility_config: { networks: [{ network_url: network }] },
      }),
    ]);
    expect(findResource(json, "google_dns_record_set", "name", "*.googleapis.com.")).toMatchObject({
      type: "CNAME",
      rrdatas: ["restricted.googleapis.com."],
    });
    expect(findResource(json, "google_dns_record_set", "name", "restricted.googleapis.com.")).toMatchObject({
      type: "A",
      rrdatas: ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"],
    });
  });

  test("vip: private (an explicit loosening) uses private.googleapis.com, and NET-17 fails it", () => {
    expect(findResource(loose, "google_dns_record_set", "name", "*.googleapis.com.")).toMatchObject({
      rrdatas: ["private.googleapis.com."],
    });
    expect(attributesOf(loose, "google_compute_route")).toEqual([
      expect.objectContaining({ dest_range: GOOGLE_APIS_VIPS.private.range }),
    ]);
    expectFails(NET17RestrictedGoogleApis, scopeOf(loose));
  });

  test("used bare, it passes NET-17", () => {
    expectPasses(NET17RestrictedGoogleApis, scopeOf(json));
  });
});
