import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get, list } from "../../model/values";
import { DISK_TYPES, TEMPLATE_TYPES } from "../../views/cmek";
import { presenceProven, surestFirst } from "../../judge/presence";
import { designates, designationIndex, referencedResources, targetIndex } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { snapshotSchedules } from "../../views/backup-stores";

const ATTACHMENTS = [
  "google_compute_disk_resource_policy_attachment",
  "google_compute_region_disk_resource_policy_attachment",
];

export const BAK04DiskSnapshots: Control = {
  id: "BAK-04",
  title: "Every stateful disk has a snapshot schedule",
  claim: "Database backups run daily: every disk that holds data is snapshotted every day.",
  severity: "high",
  rationale:
    "A data disk without a schedule has no backup at all; it is the gap that turns a deleted disk or a " +
    "corrupted filesystem into permanent data loss. Boot disks are rebuilt from the image and hold no data.",
  remediation:
    "Name a snapshot schedule (google_compute_resource_policy with snapshot_schedule_policy) in the " +
    "template disk's resource_policies, or attach one to the disk with " +
    "google_compute_disk_resource_policy_attachment.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "HardenedInstanceTemplate cannot declare a data disk without a SnapshotSchedule (daily, 30 days, stored " +
    "in the backup region); the Vault raft disks and the Wazuh data disk use it. Stateful disks are the " +
    "non-boot, non-scratch disks of instance templates and instances, and every standalone disk that is not " +
    "an instance's boot disk.",
  evaluate: (scope) => {
    const scheduleOf = targetIndex(scope, snapshotSchedules(scope));
    const attachments = designationIndex(
      scope,
      ATTACHMENTS.flatMap((type) => scope.ofType(type)),
      (a) => [{ from: a, value: a.attributes.disk }],
    );
    const results = [
      ...TEMPLATE_TYPES.flatMap((type) => scope.ofType(type)).flatMap((t) =>
        judgeInlineDisks(scope, scheduleOf, t, "disk"),
      ),
      ...scope
        .ofType("google_compute_instance")
        .flatMap((i) => judgeInlineDisks(scope, scheduleOf, i, "attached_disk")),
      ...DISK_TYPES.flatMap((type) => scope.ofType(type))
        .filter((disk) => !isBootDisk(scope, disk))
        .map((disk) => judgeStandaloneDisk(scope, scheduleOf, disk, attachments.designating(disk))),
    ];
    return results.length > 0
      ? results
      : [projectVerdict("not-applicable", `environment ${scope.environment} declares no stateful disk`)];
  },
};

/** The snapshot schedule a resource policy value names (indexed once per evaluation). */
type ScheduleOf = (from: Resource, value: unknown) => Resource | undefined;

/** Disks declared inside a template (`disk`) or attached to an instance (`attached_disk`). */
function judgeInlineDisks(
  scope: Scope,
  scheduleOf: ScheduleOf,
  owner: Resource,
  block: "disk" | "attached_disk",
): Result[] {
  return blocks(owner.attributes, block).flatMap((disk, index) => {
    if (get(disk, "boot") === true || isScratch(disk)) return [];
    // A declared disk resource is judged once, as itself.
    if (
      referencedResources(scope, owner, disk.source).some((r) =>
        (DISK_TYPES as readonly string[]).includes(r.type),
      )
    )
      return [];
    const name = String(disk.device_name ?? disk.disk_name ?? disk.source ?? `#${index}`);
    const path = `${block}.${index}`;
    if (block === "attached_disk") {
      return [
        verdict(
          "unknown",
          owner,
          `disk "${name}" (${path}) is not declared here: its snapshot schedule cannot be verified`,
          [evidence(`${path}.source`, disk.source)],
        ),
      ];
    }
    const policies = list(disk, "resource_policies");
    const found = [evidence(`${path}.resource_policies`, policies)];
    return [judgePolicies(scope, scheduleOf, owner, policies, `disk "${name}" (${path})`, found)];
  });
}

function judgeStandaloneDisk(
  scope: Scope,
  scheduleOf: ScheduleOf,
  disk: Resource,
  attachments: Resource[],
): Result {
  const own = list(disk.attributes, "resource_policies");
  const found = [
    evidence("resource_policies", disk.attributes.resource_policies),
    evidence(
      "(attached policies)",
      attachments.map((a) => a.address),
    ),
  ];
  const judge = (via: Resource[]) =>
    judgePolicies(
      scope,
      scheduleOf,
      disk,
      [...own, ...via.map((a) => a.attributes.name)],
      `disk ${String(disk.attributes.name ?? disk.name)}`,
      found,
    );
  const sure = judge(attachments.filter((a) => a.conditional === undefined));
  const maybe = attachments.filter((a) => a.conditional !== undefined);
  // A schedule attached only by an attachment that may not be created does not prove a backup.
  return sure.status === "pass" || maybe.length === 0 ? sure : presenceProven(judge(attachments), maybe[0]);
}

function judgePolicies(
  scope: Scope,
  scheduleOf: ScheduleOf,
  owner: Resource,
  policies: unknown[],
  what: string,
  found: ReturnType<typeof evidence>[],
): Result {
  if (policies.some(isUnknown))
    return verdict("unknown", owner, `${what}: resource policies known only after apply`, found);
  const named = policies.map((value) => scheduleOf(owner, value));
  const [schedule] = surestFirst(
    named.filter((s) => s !== undefined),
    (s) => s,
  );
  if (schedule)
    return presenceProven(
      verdict("pass", owner, `${what} is snapshotted by ${schedule.address}`, found),
      schedule,
    );
  const undeclared = policies.filter(
    (value, i) => !named[i] && referencedResources(scope, owner, value).length === 0,
  );
  if (undeclared.length > 0) {
    return verdict(
      "unknown",
      owner,
      `${what} names resource policies not declared here: ${undeclared.map(String).join(", ")}`,
      found,
    );
  }
  return verdict("fail", owner, `${what} has no snapshot schedule: its data has no backup`, found);
}

function isScratch(disk: Record<string, unknown>): boolean {
  return get(disk, "type") === "SCRATCH" || get(disk, "disk_type") === "local-ssd";
}

/** A standalone disk an instance boots from: rebuilt from its image, not a data disk. */
function isBootDisk(scope: Scope, disk: Resource): boolean {
  return scope
    .referencing(disk, "google_compute_instance")
    .some(
      (instance) => designates(scope, instance, get(instance.attributes, "boot_disk.source"), disk) === true,
    );
}
