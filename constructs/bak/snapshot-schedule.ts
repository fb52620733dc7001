import { Construct } from "constructs";
import { ComputeResourcePolicy } from "@cdktf/provider-google/lib/compute-resource-policy";

export const MIN_SNAPSHOT_RETENTION_DAYS = 30;

export interface SnapshotScheduleProps {
  readonly name: string;
  /** Region of the disks the schedule is attached to. */
  readonly region: string;
  /** Where snapshots are stored: a region other than `region`, so a regional outage cannot take both. */
  readonly storageRegion: string;
  /** Days each snapshot is kept, then deleted; 30 or more. */
  readonly retentionDays?: number;
  /** UTC start of the daily window: 00:00, 04:00, ... 20:00. */
  readonly startTime?: string;
}

/**
 * A daily snapshot schedule that guarantees: snapshots stored outside the disk's region, kept at least 30
 * days and then deleted, also after the source disk is deleted (APPLY_RETENTION_POLICY): deleting a disk never
 * deletes its backups at once, and never keeps them forever either (KEEP_AUTO_SNAPSHOTS, Google's default,
 * would). Snapshots keep the source disk's key: a snapshot schedule cannot name another one.
 */
export class SnapshotSchedule extends Construct {
  readonly policy: ComputeResourcePolicy;

  constructor(scope: Construct, id: string, props: SnapshotScheduleProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? MIN_SNAPSHOT_RETENTION_DAYS;
    if (retentionDays < MIN_SNAPSHOT_RETENTION_DAYS) {
      throw new Error(
        `SnapshotSchedule ${props.name}: retentionDays must be at least 30, got ${retentionDays}`,
      );
    }
    if (props.storageRegion === props.region) {
      throw new Error(
        `SnapshotSchedule ${props.name}: storageRegion must differ from the disks' region ${props.region}`,
      );
    }
    this.policy = new ComputeResourcePolicy(this, "policy", {
      name: props.name,
      region: props.region,
      description: `Daily snapshots kept ${retentionDays} days in ${props.storageRegion}`,
      snapshotSchedulePolicy: {
        schedule: { dailySchedule: { daysInCycle: 1, startTime: props.startTime ?? "04:00" } },
        retentionPolicy: { maxRetentionDays: retentionDays, onSourceDiskDelete: "APPLY_RETENTION_POLICY" },
        snapshotProperties: { storageLocations: [props.storageRegion], guestFlush: false },
      },
    });
  }

  /** Short name, as instance templates and disk attachments expect it. */
  get name(): string {
    return this.policy.name;
  }
}
