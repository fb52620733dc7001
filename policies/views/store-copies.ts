import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks } from "../model/values";
import { designates } from "../model/resolve";
import { perScope } from "../model/per-scope";
import {
  type BackupPath,
  type StatefulDisk,
  backupBuckets,
  bucketCopy,
  locationOf,
  scheduleResolver,
  servicePaths,
  snapshotPath,
  sqlPaths,
  sqlPrimaries,
  statefulDisks,
  storeRegion,
} from "./backup-stores";
import { withOnwardCopies } from "./backup-copies";
import { hostBackupJobs } from "./host-backup-jobs";
import { appendTo } from "../../lib/multimap";

/** One stateful store and every copy of its data, as the per-store backup controls and the matrix see it. */
export interface StoreCopies {
  readonly store: Resource;
  /** How messages name it: `disk acme-prod-wazuh-data`, `Cloud SQL instance`. */
  readonly what: string;
  /** The disk, when the store is one (an undeclared disk has no paths: nothing about it can be verified). */
  readonly disk?: StatefulDisk;
  /** Every copy, each followed by the onward copies transfer jobs make of it. */
  readonly paths: readonly BackupPath[];
  /** The region of the store's own data. */
  readonly region: unknown;
  /** An attachment Terraform creates only if a count/for_each says so, when every path rests on one. */
  readonly conditionalOn?: Resource;
}

/**
 * Every stateful disk and Cloud SQL instance with its copies: snapshot schedules, a template's service
 * snapshots, the host archive jobs of the VMs a disk is attached to, automated backups and exports.
 */
export const storeCopies = perScope((scope: Scope): readonly StoreCopies[] => {
  const scheduleOf = scheduleResolver(scope);
  const disks = statefulDisks(scope).map((disk): StoreCopies => {
    if (disk.kind === "undeclared")
      return { store: disk.owner, what: disk.what, disk, paths: [], region: undefined };
    const schedules = (values: readonly unknown[]) =>
      values.filter((v) => !isUnknown(v)).flatMap((value) => scheduleOf(disk.owner, value) ?? []);
    const sure = schedules(disk.policies);
    const maybe = schedules(disk.maybeAttachments.map((a) => a.attributes.name));
    const paths = withOnwardCopies(scope, [
      ...[...sure, ...maybe].map((schedule) => snapshotPath(scope, disk, schedule)),
      // A template's data disk is also copied by a scheduled job that reads the service its instances serve.
      ...(disk.kind === "inline" ? servicePaths(scope, disk.owner) : []),
      ...hostArchivePaths(scope, disk),
    ]);
    // A template's disks live where its instances run; a schedule can only be attached in the disk's region.
    const schedule = sure[0] ?? maybe[0];
    const region =
      disk.kind === "standalone" || !schedule
        ? storeRegion(scope, disk.owner)
        : locationOf(scope, schedule, schedule.attributes.region);
    const conditionalOn = sure.length === 0 && maybe.length > 0 ? disk.maybeAttachments[0] : undefined;
    return { store: disk.owner, what: disk.what, disk, paths, region, conditionalOn };
  });
  const instances = sqlPrimaries(scope).map((instance): StoreCopies => ({
    store: instance,
    what: "Cloud SQL instance",
    paths: withOnwardCopies(scope, sqlPaths(scope, instance)),
    region: storeRegion(scope, instance),
  }));
  return [...disks, ...instances];
});

/**
 * Copies a host's own backup job makes of a disk: the job runs on the VM that declares it (a template's or
 * instance's inline disk), or on an instance the standalone disk is attached to, and writes to a backup
 * bucket (hostBackupJobs proves each link). Like a service snapshot, it is an application-level copy of what
 * the disk holds (the Wazuh manager's alerts and state), not a disk image. The declaration names no disk, so
 * it is credited to a VM's only data disk; a VM with several gets a copy whose regions are unknown.
 */
function hostArchivePaths(scope: Scope, disk: StatefulDisk): BackupPath[] {
  const vms = disk.kind === "standalone" ? instancesAttaching(scope, disk.owner) : [disk.owner];
  const byVm = hostArchivesByVm(scope);
  return vms.flatMap((vm) => {
    const disks = dataDiskCounts(scope).get(vm.id) ?? 0;
    return (byVm.get(vm.id) ?? []).map((path) =>
      disks <= 1
        ? path
        : {
            ...path,
            regions: new Unknown(`${vm.address} has ${disks} data disks; its job's declaration names none`),
          },
    );
  });
}

/** How many data disks each VM holds (non-boot, non-scratch, of its own or attached), by the VM's id. */
const dataDiskCounts = perScope((scope: Scope) => {
  const counts = new Map<string, number>();
  const count = (vm: Resource) => counts.set(vm.id, (counts.get(vm.id) ?? 0) + 1);
  for (const disk of statefulDisks(scope)) {
    if (disk.kind !== "standalone") count(disk.owner);
    else for (const vm of instancesAttaching(scope, disk.owner)) count(vm);
  }
  return counts;
});

/** The instances whose attached_disk names a standalone disk. */
function instancesAttaching(scope: Scope, disk: Resource): Resource[] {
  return scope
    .referencing(disk, "google_compute_instance")
    .filter((vm) =>
      blocks(vm.attributes, "attached_disk").some(
        (attached) => designates(scope, vm, attached.source, disk) === true,
      ),
    );
}

/** Every host backup job's copy, by the VM that runs it: the jobs are proven once per scope, not per disk. */
const hostArchivesByVm = perScope((scope: Scope) => {
  const byVm = new Map<string, BackupPath[]>();
  for (const bucket of backupBuckets(scope)) {
    for (const job of hostBackupJobs(scope, bucket)) {
      const path: BackupPath = {
        ...bucketCopy(scope, bucket),
        kind: "scheduled host archive",
        via: `${job.vm.address} (systemd timer ${job.name}.timer) -> ${bucket.address}/${job.prefix}`,
        proof: job.vm,
        prefix: job.prefix,
      };
      appendTo(byVm, job.vm.id, path);
    }
  }
  return byVm;
});
