import { ENC09KeyLocation } from "../../../policies/controls/enc/ENC-09-key-location";
import {
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { DATA_STACK, KMS_STACK, REMOTE, planScope, scope } from "./fixture";

describe("ENC-09 Each key sits in the location of the data it encrypts", () => {
  it("passes keys in the data's region, and the europe multi-region for an EU bucket", () => {
    expect(run(ENC09KeyLocation, scope())).toEqual([
      "google_compute_disk.data: pass",
      "google_compute_instance.vm: pass",
      "google_compute_instance_template.app: pass",
      "google_storage_bucket.regional: pass",
      "google_storage_bucket.multi: pass",
      "google_sql_database_instance.db: pass",
      "google_logging_project_bucket_config.logs: pass",
    ]);
    expectPasses(ENC09KeyLocation, scope());
  });

  it("fails a key in another region or in global", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_sql_database_instance", "db").region = "europe-west1";
      resourceIn(j, "google_storage_bucket", "regional").encryption.default_kms_key_name =
        `\${${REMOTE}.europe_key}`;
      resourceIn(j, "google_compute_region_instance_group_manager", "app").region = "europe-west3";
    });
    const s = scope(KMS_STACK, json);
    expectFails(ENC09KeyLocation, s, "google_sql_database_instance.db");
    expectFails(ENC09KeyLocation, s, "google_storage_bucket.regional");
    expectFails(ENC09KeyLocation, s, "google_compute_instance_template.app");
    expect(resultFor(ENC09KeyLocation, s, "google_sql_database_instance.db").message).toContain(
      "encryption_key_name is in europe-west2, data in europe-west1 needs europe-west1",
    );
    const global = mutate(KMS_STACK, (j) => (j.resource.google_kms_key_ring.london.location = "global"));
    expectFails(ENC09KeyLocation, scope(global), "google_compute_disk.data");
  });

  it("is unknown for a region inherited from the provider, and not applicable to a template no group uses", () => {
    const json = mutate(DATA_STACK, (j) => {
      delete resourceIn(j, "google_sql_database_instance", "db").region;
      delete j.resource.google_compute_region_instance_group_manager;
    });
    const statuses = run(ENC09KeyLocation, scope(KMS_STACK, json));
    expect(statuses).toContain("google_sql_database_instance.db: unknown");
    expect(statuses).toContain("google_compute_instance_template.app: not-applicable");
  });

  it("is unknown, never pass, for region = null or zone = null (inherited from the provider)", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_sql_database_instance", "db").region = null;
      resourceIn(j, "google_compute_disk", "data").zone = null;
    });
    const s = scope(KMS_STACK, json);
    expect(resultFor(ENC09KeyLocation, s, "google_sql_database_instance.db").status).toBe("unknown");
    expect(resultFor(ENC09KeyLocation, s, "google_compute_disk.data").status).toBe("unknown");
  });

  it("on a plan, follows a key known only after apply through the configuration's references, and is unknown without one", () => {
    expect(run(ENC09KeyLocation, planScope())).toEqual([
      "google_storage_bucket.wired: pass",
      "google_storage_bucket.opaque: unknown",
    ]);
  });
});
