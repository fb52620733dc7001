import { RES01ResourceLocations } from "../../../policies/controls/res/RES-01-resource-locations";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  tf,
  verdictWithUnknown,
} from "../../support/control-fixtures";

const LOCATIONS_POLICY = {
  name: "projects/1/policies/gcp.resourceLocations",
  parent: "projects/1",
  spec: {
    rules: [{ values: { allowed_values: ["in:europe-west2-locations", "in:europe-west1-locations"] } }],
  },
};

/** Located resources of every kind, all in europe-west2 / europe-west1. */
const PLACED_STACK = tf({
  google_org_policy_policy: { locations: LOCATIONS_POLICY },
  google_storage_bucket: {
    regional: { name: "r", location: "EUROPE-WEST2" },
    dual: {
      name: "d",
      location: "EU",
      custom_placement_config: { data_locations: ["EUROPE-WEST1", "EUROPE-WEST2"] },
    },
  },
  google_kms_key_ring: { ring: { name: "ring", location: "europe-west1" } },
  google_compute_instance: { vm: { name: "vm", zone: "europe-west2-b" } },
  google_compute_subnetwork: { app: { name: "app", region: "${google_compute_router.r.region}" } },
  google_compute_router: { r: { name: "r", region: "europe-west2" } },
  google_compute_resource_policy: {
    daily: {
      region: "europe-west2",
      snapshot_schedule_policy: { snapshot_properties: { storage_locations: ["europe-west1"] } },
    },
  },
  google_sql_database_instance: {
    db: {
      region: "europe-west2",
      settings: { backup_configuration: { enabled: true, location: "europe-west1" } },
    },
  },
  google_secret_manager_secret: {
    s: {
      secret_id: "s",
      replication: {
        user_managed: { replicas: [{ location: "europe-west2" }, { location: "europe-west1" }] },
      },
    },
  },
  google_logging_project_bucket_config: { logs: { bucket_id: "logs", location: "europe-west2" } },
});

const scope = scopeFor(PLACED_STACK);
const statusOf = (json: Attrs, address: string) => resultFor(RES01ResourceLocations, scope(json), address);

describe("RES-01 Every located resource is in an allowed region", () => {
  it("passes every located resource in an allowed region, following references to literal regions", () => {
    expectPasses(RES01ResourceLocations, scope());
    expect(run(RES01ResourceLocations, scope()).every((s) => s.endsWith(": pass"))).toBe(true);
    expect(run(RES01ResourceLocations, scope())).toHaveLength(10);
  });

  it.each([
    ["google_storage_bucket", "regional", (r: Attrs) => (r.location = "US-CENTRAL1"), "us-central1"],
    ["google_storage_bucket", "regional", (r: Attrs) => (r.location = "EU"), "multi-region EU"],
    [
      "google_storage_bucket",
      "dual",
      (r: Attrs) => r.custom_placement_config.data_locations.push("EUROPE-WEST4"),
      "europe-west4",
    ],
    ["google_kms_key_ring", "ring", (r: Attrs) => (r.location = "global"), "global"],
    ["google_compute_instance", "vm", (r: Attrs) => (r.zone = "europe-west3-a"), "europe-west3-a"],
    ["google_compute_router", "r", (r: Attrs) => (r.region = "us-east1"), "us-east1"],
    [
      "google_compute_resource_policy",
      "daily",
      (r: Attrs) => delete r.snapshot_schedule_policy.snapshot_properties,
      "multi-region of its choice",
    ],
    [
      "google_sql_database_instance",
      "db",
      (r: Attrs) => delete r.settings.backup_configuration.location,
      "multi-region of its choice",
    ],
    [
      "google_secret_manager_secret",
      "s",
      (r: Attrs) => (r.replication = { auto: {} }),
      "multi-region of its choice",
    ],
    ["google_logging_project_bucket_config", "logs", (r: Attrs) => (r.location = "global"), "global"],
  ])("fails %s.%s moved out of the allowed regions", (type, name, move, shown) => {
    const json = mutate(PLACED_STACK, (j) => move(resourceIn(j, type, name)));
    // The subnet reads the router's region: moving the router moves it too.
    const address = type === "google_compute_router" ? "google_compute_subnetwork.app" : `${type}.${name}`;
    expectFails(RES01ResourceLocations, scope(json), address);
    const result = statusOf(json, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(shown);
  });

  it("does not judge SQL backup location when backups are off", () => {
    const json = mutate(PLACED_STACK, (j) => {
      const backups = resourceIn(j, "google_sql_database_instance", "db").settings.backup_configuration;
      backups.enabled = false;
      delete backups.location;
    });
    expect(statusOf(json, "google_sql_database_instance.db").status).toBe("pass");
  });

  it.each([
    [
      "google_compute_resource_policy",
      "daily",
      (r: Attrs) => (r.snapshot_schedule_policy.snapshot_properties.storage_locations = null),
    ],
    ["google_sql_database_instance", "db", (r: Attrs) => (r.settings.backup_configuration.location = null)],
  ])(
    "fails %s.%s whose location is null (unset: Google stores it in a multi-region)",
    (type, name, unset) => {
      const json = mutate(PLACED_STACK, (j) => unset(resourceIn(j, type, name)));
      expectFails(RES01ResourceLocations, scope(json), `${type}.${name}`);
      expect(statusOf(json, `${type}.${name}`).message).toContain("multi-region of its choice");
    },
  );

  it("does not pass a secret replica whose (required) location is null: unknown, not a location", () => {
    const json = mutate(PLACED_STACK, (j) => {
      resourceIn(j, "google_secret_manager_secret", "s").replication.user_managed.replicas[1].location = null;
    });
    expect(statusOf(json, "google_secret_manager_secret.s").status).toBe("unknown");
  });

  it.each([
    ["google_compute_instance", "vm", "zone"],
    ["google_compute_router", "r", "region"],
    ["google_kms_key_ring", "ring", "location"],
  ])(
    "is unknown, not passed, for %s.%s whose %s is null (the provider's default applies)",
    (type, name, key) => {
      const json = mutate(PLACED_STACK, (j) => (resourceIn(j, type, name)[key] = null));
      expect(statusOf(json, `${type}.${name}`).status).toBe("unknown");
    },
  );

  it("is unknown for a region left to the provider default or known only after apply", () => {
    const json = mutate(PLACED_STACK, (j) => delete resourceIn(j, "google_compute_router", "r").region);
    expect(statusOf(json, "google_compute_router.r").status).toBe("unknown");
    const unknown = verdictWithUnknown(
      RES01ResourceLocations,
      scope(),
      "google_kms_key_ring.ring",
      "location",
    );
    expect(unknown.status).toBe("unknown");
  });

  it("is unknown where only an unmodelled value group could allow the location", () => {
    const json = mutate(PLACED_STACK, (j) => {
      resourceIn(j, "google_org_policy_policy", "locations").spec.rules[0].values.allowed_values.push(
        "in:eu-locations",
      );
      resourceIn(j, "google_kms_key_ring", "ring").location = "europe-west4";
    });
    expect(statusOf(json, "google_kms_key_ring.ring").status).toBe("unknown");
    expect(statusOf(json, "google_compute_instance.vm").status).toBe("pass");
  });

  it("fails at project level without a gcp.resourceLocations policy, and on one that allows all", () => {
    const none = mutate(PLACED_STACK, (j) => delete j.resource.google_org_policy_policy);
    expectFails(RES01ResourceLocations, scope(none), "project");
    expect(run(RES01ResourceLocations, scope(none))).toEqual(["project: fail"]);
    const all = mutate(
      PLACED_STACK,
      (j) => (resourceIn(j, "google_org_policy_policy", "locations").spec.rules = [{ allow_all: "TRUE" }]),
    );
    expect(run(RES01ResourceLocations, scope(all))).toEqual(["google_org_policy_policy.locations: fail"]);
  });

  it("does not count on a locations policy that may not be created: unknown, not passed, when its count is an expression", () => {
    const json = mutate(
      PLACED_STACK,
      (j) => (resourceIn(j, "google_org_policy_policy", "locations").count = "${var.on ? 1 : 0}"),
    );
    expect(run(RES01ResourceLocations, scope(json)).every((s) => s.endsWith(": unknown"))).toBe(true);
  });
});
