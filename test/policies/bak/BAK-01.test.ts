import { BAK01GeoSeparation } from "../../../policies/controls/bak/BAK-01-geo-separation";
import {
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";
import { environmentStacks, resourceOf, scopeWithUnknown, verdictAfter } from "../../support/environment";
import { BUCKET, COPY_BUCKET, DISKS, SQL, VAULT, prodScope, scopeAfter } from "./fixture";

describe("BAK-01 Backups stored outside the primary region", () => {
  test("prod: the backup bucket, the vault and the SQL backups are each stored off-region", () => {
    const stacks = environmentStacks("prod");
    const scope = prodScope();
    for (const target of [BUCKET, VAULT, SQL]) {
      const { address } = resourceOf(stacks, target);
      expect(resultFor(BAK01GeoSeparation, scope, address).status).toBe("pass");
    }
    expectPasses(BAK01GeoSeparation, scope);
  });

  test("a backup bucket in the primary region fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.location = "europe-west2"));
    const result = resultFor(BAK01GeoSeparation, scope, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("stored in europe-west2, the primary region");
    expectFails(BAK01GeoSeparation, scope, address);
  });

  test("a backup bucket with location null (unset: Google's default multi-region US) fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.location = null));
    expectFails(BAK01GeoSeparation, scope, address);
  });

  test("a second offsite copy's bucket in the primary region fails", () => {
    const { scope, address } = scopeAfter(COPY_BUCKET, (b) => (b.location = "EUROPE-WEST2"));
    expect(resultFor(BAK01GeoSeparation, scope, address).message).toContain("the primary region");
    expectFails(BAK01GeoSeparation, scope, address);
  });

  test("a multi-region backup bucket fails: it does not say where the data is", () => {
    expect(verdictAfter(BAK01GeoSeparation, BUCKET, (b) => (b.location = "EU")).status).toBe("fail");
  });

  test("a vault in the primary region fails", () => {
    const { scope, address } = scopeAfter(VAULT, (v) => (v.location = "europe-west2"));
    expect(resultFor(BAK01GeoSeparation, scope, address).status).toBe("fail");
    expectFails(BAK01GeoSeparation, scope, address);
  });

  test("SQL backups in the instance's region, or in Cloud SQL's default location, fail", () => {
    const same = verdictAfter(BAK01GeoSeparation, SQL, (i) => {
      i.settings.backup_configuration.location = "europe-west2";
    });
    expect(same.status).toBe("fail");
    const unset = verdictAfter(BAK01GeoSeparation, SQL, (i) => {
      delete i.settings.backup_configuration.location;
    });
    expect(unset.message).toContain("no backup location");
    expect(unset.status).toBe("fail");
  });

  test("SQL backups with location null (unset: the multi-region nearest the instance) fail", () => {
    const { scope, address } = scopeAfter(SQL, (i) => (i.settings.backup_configuration.location = null));
    const [failure] = expectFails(BAK01GeoSeparation, scope, address);
    expect(failure.message).toContain("no backup location");
  });

  test("a bucket location known only after apply is unknown", () => {
    const { scope, address } = scopeWithUnknown(BUCKET, "location");
    expect(resultFor(BAK01GeoSeparation, scope, address).status).toBe("unknown");
  });

  test("an environment with no backup store at all fails at project level", () => {
    expect(run(BAK01GeoSeparation, scopeOf(tf({})))).toEqual(["project: fail"]);
    expectFails(BAK01GeoSeparation, scopeOf(tf({})), "project");
  });

  test("a snapshot schedule stored in the disks' region fails", () => {
    const sameRegion = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.snapshot_properties.storage_locations =
          ["europe-west2"];
      }),
    );
    expect(resultFor(BAK01GeoSeparation, sameRegion, "google_compute_resource_policy.daily").status).toBe(
      "fail",
    );
    expectFails(BAK01GeoSeparation, sameRegion, "google_compute_resource_policy.daily");
  });

  test("a snapshot schedule with storage_locations null (unset: nearest the disk) fails", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_resource_policy.daily.snapshot_schedule_policy.snapshot_properties.storage_locations =
          null;
      }),
    );
    expectFails(BAK01GeoSeparation, scope, "google_compute_resource_policy.daily");
  });
});
