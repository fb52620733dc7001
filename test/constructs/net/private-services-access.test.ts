import { PrivateServicesAccess } from "../../../constructs/net/private-services-access";
import { attributesOf, synthScope } from "../../support/synth";

// No control judges a reserved peering range or a service networking connection: that Cloud SQL has a private
// address only is proven on the instance (SQL-01, private-postgres.test.ts), so there is no control for this
// construct to pass used bare.
describe("PrivateServicesAccess", () => {
  const json = synthScope((stack) => {
    new PrivateServicesAccess(stack, "psa", { name: "test", network: "vpc-id", range: "10.11.0.0/16" });
  });

  test("reserves exactly the planned range as an internal peering range", () => {
    expect(attributesOf(json, "google_compute_global_address")).toEqual([
      expect.objectContaining({
        purpose: "VPC_PEERING",
        address_type: "INTERNAL",
        address: "10.11.0.0",
        prefix_length: 16,
        network: "vpc-id",
      }),
    ]);
  });

  test("peers that range, and only it, with the service networking producer", () => {
    const [address] = Object.keys(json.resource!.google_compute_global_address);
    expect(attributesOf(json, "google_service_networking_connection")).toEqual([
      {
        network: "vpc-id",
        service: "servicenetworking.googleapis.com",
        reserved_peering_ranges: [`\${google_compute_global_address.${address}.name}`],
      },
    ]);
  });

  test("refuses a range that is not a CIDR", () => {
    expect(() =>
      synthScope((stack) => {
        new PrivateServicesAccess(stack, "psa", { name: "test", network: "vpc-id", range: "10.11.0.1/16" });
      }),
    ).toThrow("PrivateServicesAccess test: invalid range 10.11.0.1/16");
  });
});
