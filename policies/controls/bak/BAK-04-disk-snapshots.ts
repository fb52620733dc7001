import type { Control, Result } from "../../control";
import type { Resource, Scope } from "../../model/types";
import { isUnknown } from "../../model/types";
import { presenceProven, surestFirst } from "../../judge/presence";
import { referencedResources } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { type StatefulDisk, scheduleResolver, statefulDisks } from "../../views/backup-stores";

export const BAK04DiskSnapshots: Control = {
  id: "BAK-04",
  title: "Every stateful disk has a snapshot schedule",
  claim: "Every disk that holds data is covered by a snapshot schedule (BAK-07 shows where its copies go).",
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
    const scheduleOf = scheduleResolver(scope);
    const results = statefulDisks(scope).map((disk) => judgeDisk(scope, scheduleOf, disk));
    return results.length > 0
      ? results
      : [projectVerdict("not-applicable", `environment ${scope.environment} declares no stateful disk`)];
  },
};

/** The snapshot schedule a resource policy value names. */
type ScheduleOf = (from: Resource, value: unknown) => Resource | undefined;

function judgeDisk(scope: Scope, scheduleOf: ScheduleOf, disk: StatefulDisk): Result {
  if (disk.kind === "undeclared") {
    return verdict(
      "unknown",
      disk.owner,
      `${disk.what} is not declared here: its snapshot schedule cannot be verified`,
      disk.found,
    );
  }
  const judge = (policies: readonly unknown[]) =>
    judgePolicies(scope, scheduleOf, disk.owner, policies, disk.what, disk.found);
  const sure = judge(disk.policies);
  if (sure.status === "pass" || disk.maybeAttachments.length === 0) return sure;
  // A schedule attached only by an attachment that may not be created does not prove a backup.
  const maybe = judge([...disk.policies, ...disk.maybeAttachments.map((a) => a.attributes.name)]);
  return presenceProven(maybe, disk.maybeAttachments[0]);
}

function judgePolicies(
  scope: Scope,
  scheduleOf: ScheduleOf,
  owner: Resource,
  policies: readonly unknown[],
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
