import { NET17RestrictedGoogleApis } from "../../../policies/controls/net/NET-17-restricted-google-apis";
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

const ZONE = "google_dns_managed_zone.apis";
const STACK = tf({
  google_compute_network: { vpc: { name: "vpc", auto_create_subnetworks: false } },
  google_dns_managed_zone: {
    apis: {
      name: "googleapis",
      dns_name: "googleapis.com.",
      visibility: "private",
      private_visibility_config: { networks: [{ network_url: "${google_compute_network.vpc.id}" }] },
    },
  },
  google_dns_record_set: {
    vips: {
      managed_zone: "${google_dns_managed_zone.apis.name}",
      name: "restricted.googleapis.com.",
      type: "A",
      rrdatas: ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"],
    },
    wildcard: {
      managed_zone: "${google_dns_managed_zone.apis.name}",
      name: "*.googleapis.com.",
      type: "CNAME",
      rrdatas: ["restricted.googleapis.com."],
    },
  },
});
const scope = (json: Attrs = STACK) => scopeOf(json);
const record = (j: Attrs, name: string) => resourceIn(j, "google_dns_record_set", name);

describe("NET-17 Google APIs through restricted.googleapis.com", () => {
  it("passes a zone resolving every googleapis.com name to restricted.googleapis.com", () => {
    expectPasses(NET17RestrictedGoogleApis, scope());
  });

  it("fails the private.googleapis.com VIP", () => {
    const json = mutate(STACK, (j) => {
      record(j, "wildcard").rrdatas = ["private.googleapis.com."];
      record(j, "vips").name = "private.googleapis.com.";
      record(j, "vips").rrdatas = ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"];
    });
    const [failed] = expectFails(NET17RestrictedGoogleApis, scope(json), ZONE);
    expect(failed.message).toContain("resolves to private.googleapis.com");
  });

  it("fails one API name sent to private.googleapis.com beside a restricted wildcard", () => {
    const json = mutate(STACK, (j) => {
      j.resource.google_dns_record_set.pubsub = {
        managed_zone: "${google_dns_managed_zone.apis.name}",
        name: "pubsub.googleapis.com.",
        type: "A",
        rrdatas: ["199.36.153.9"],
      };
    });
    expectFails(NET17RestrictedGoogleApis, scope(json), ZONE);
  });

  it("fails a restricted A record outside 199.36.153.4/30, and a zone without the wildcard", () => {
    const wrong = mutate(STACK, (j) => (record(j, "vips").rrdatas = ["8.8.8.8"]));
    expectFails(NET17RestrictedGoogleApis, scope(wrong), ZONE);
    const noWildcard = mutate(STACK, (j) => delete j.resource.google_dns_record_set.wildcard);
    expectFails(NET17RestrictedGoogleApis, scope(noWildcard), ZONE);
  });

  it("fails a network no googleapis.com zone is visible to", () => {
    const json = mutate(STACK, (j) => delete j.resource.google_dns_managed_zone);
    expectFails(NET17RestrictedGoogleApis, scope(json), "google_compute_network.vpc");
  });

  it("is not applicable without networks or zones", () => {
    expect(
      run(NET17RestrictedGoogleApis, scope(tf({ google_storage_bucket: { b: { name: "b" } } }))),
    ).toEqual(["project: not-applicable"]);
  });
});
