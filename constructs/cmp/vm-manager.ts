import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ComputeProjectMetadataItem } from "@cdktf/provider-google/lib/compute-project-metadata-item";
import { OsConfigPatchDeployment } from "@cdktf/provider-google/lib/os-config-patch-deployment";

export const PATCH_DAYS = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;

export interface VmManagerProps {
  /** Day of the weekly patch run (UTC). */
  readonly patchDay?: (typeof PATCH_DAYS)[number];
  /** Hour of the weekly patch run, 0-23 UTC. */
  readonly patchHourUtc?: number;
  /** What must exist first (the OS Config API). */
  readonly after?: ITerraformDependable[];
}

/**
 * VM Manager for a whole project. Guarantees: the OS Config agent is enabled on every VM through project
 * metadata, and a weekly patch deployment selects every VM, including managed instance group members, and
 * rolls out zone by zone one VM at a time (so a Vault raft cluster keeps its quorum), rebooting when needed.
 */
export class VmManager extends Construct {
  readonly agentMetadata: ComputeProjectMetadataItem;
  readonly patchDeployment: OsConfigPatchDeployment;

  constructor(scope: Construct, id: string, props: VmManagerProps = {}) {
    super(scope, id);
    const hours = props.patchHourUtc ?? 3;
    if (!Number.isInteger(hours) || hours < 0 || hours > 23) {
      throw new Error(`VmManager: patchHourUtc must be an hour from 0 to 23, got ${hours}`);
    }
    this.agentMetadata = new ComputeProjectMetadataItem(this, "enable-osconfig", {
      key: "enable-osconfig",
      value: "TRUE",
      dependsOn: props.after,
    });
    this.patchDeployment = new OsConfigPatchDeployment(this, "weekly", {
      patchDeploymentId: "weekly-os-patches",
      description: "Weekly OS security updates on every VM",
      instanceFilter: { all: true },
      patchConfig: { rebootConfig: "DEFAULT", migInstancesAllowed: true, apt: { type: "UPGRADE" } },
      recurringSchedule: {
        timeZone: { id: "UTC" },
        timeOfDay: { hours, minutes: 0 },
        weekly: { dayOfWeek: props.patchDay ?? "SUNDAY" },
      },
      rollout: { mode: "ZONE_BY_ZONE", disruptionBudget: { fixed: 1 } },
      duration: "3600s",
      dependsOn: props.after,
    });
  }
}
