import { HardenedInstanceTemplate } from "../../../constructs/cmp/hardened-instance-template";
import { VmManager } from "../../../constructs/cmp/vm-manager";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

describe("VmManager", () => {
  const json = synthScope((stack) => {
    new VmManager(stack, "vm-manager");
  });

  test("enables the OS Config agent on every VM of the project", () => {
    expect(attributesOf(json, "google_compute_project_metadata_item")).toEqual([
      { key: "enable-osconfig", value: "TRUE" },
    ]);
  });

  test("patches every VM, MIG members included, weekly, one VM at a time zone by zone", () => {
    expect(attributesOf(json, "google_os_config_patch_deployment")).toEqual([
      expect.objectContaining({
        instance_filter: { all: true },
        patch_config: { reboot_config: "DEFAULT", mig_instances_allowed: true, apt: { type: "UPGRADE" } },
        recurring_schedule: {
          time_zone: { id: "UTC" },
          time_of_day: { hours: 3, minutes: 0 },
          weekly: { day_of_week: "SUNDAY" },
        },
        rollout: { mode: "ZONE_BY_ZONE", disruption_budget: { fixed: 1 } },
      }),
    ]);
  });

  // CMP-06 and CMP-07 judge VMs: with none they have nothing to judge, so one bare template stands beside it.
  test("used bare beside a VM, it passes the patching and VM Manager controls for that VM", () => {
    const json = synthScope((stack) => {
      new VmManager(stack, "vm-manager");
      new HardenedInstanceTemplate(stack, "vm", {
        namePrefix: "app-",
        machineType: "e2-small",
        subnetwork: "projects/p/regions/europe-west2/subnetworks/app",
        serviceAccountEmail: "app@p.iam.gserviceaccount.com",
        bootDiskKmsKey: "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/disks",
        startupScript: "#!/bin/bash\n",
        networkTags: ["app"],
      });
    });
    expectUsedBarePasses(json, ["CMP-06", "CMP-07"]);
  });

  test("the schedule is configurable, within a day's hours", () => {
    const custom = synthScope((stack) => {
      new VmManager(stack, "vm-manager", { patchDay: "WEDNESDAY", patchHourUtc: 22 });
    });
    expect(attributesOf(custom, "google_os_config_patch_deployment")[0].recurring_schedule).toMatchObject({
      time_of_day: { hours: 22 },
      weekly: { day_of_week: "WEDNESDAY" },
    });
    expect(() =>
      synthScope((stack) => {
        new VmManager(stack, "vm-manager", { patchHourUtc: 24 });
      }),
    ).toThrow("VmManager: patchHourUtc must be an hour from 0 to 23, got 24");
  });
});
