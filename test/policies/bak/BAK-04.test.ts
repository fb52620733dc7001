import { BAK04DiskSnapshots } from "../../../policies/controls/bak/BAK-04-disk-snapshots";
import {
  expectFails,
  expectPasses,
  markUnknown,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf, verdictAfter } from "../../support/environment";
import { DISKS, VAULT_TEMPLATE, WAZUH_DISK, scopeAfter } from "./fixture";

describe("BAK-04 on the synthesized baseline: the Vault raft disks and the Wazuh data disk", () => {
  test("both have a snapshot schedule", () => {
    const stacks = environmentStacks("prod");
    const scope = environmentScope(stacks, "prod");
    for (const target of [VAULT_TEMPLATE, WAZUH_DISK]) {
      const { address } = resourceOf(stacks, target);
      expect(resultFor(BAK04DiskSnapshots, scope, address).status).toBe("pass");
    }
    expectPasses(BAK04DiskSnapshots, scope);
  });

  test("the raft disk without its schedule fails, naming the disk", () => {
    const { scope, address } = scopeAfter(VAULT_TEMPLATE, (template) => {
      delete template.disk[1].resource_policies;
    });
    const result = resultFor(BAK04DiskSnapshots, scope, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain('disk "vault-raft" (disk.1) has no snapshot schedule');
    expectFails(BAK04DiskSnapshots, scope, address);
  });

  test("the Wazuh data disk without its attachment fails, naming the disk", () => {
    const result = verdictAfter(BAK04DiskSnapshots, WAZUH_DISK, (_disk, stacks) => {
      delete stacks["prod-monitoring"].resource!.google_compute_disk_resource_policy_attachment;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("disk acme-prod-wazuh-data has no snapshot schedule");
  });
});

describe("BAK-04 Every stateful disk has a snapshot schedule", () => {
  test("template data disks and attached standalone disks with a schedule pass; boot disks are not judged", () => {
    expect(run(BAK04DiskSnapshots, scopeOf(DISKS))).toEqual([
      "google_compute_instance_template.vault: pass",
      "google_compute_disk.data: pass",
    ]);
    expectPasses(BAK04DiskSnapshots, scopeOf(DISKS));
  });

  test("a template data disk without a schedule fails, naming the disk", () => {
    const scope = scopeOf(
      mutate(
        DISKS,
        (d) => delete d.resource.google_compute_instance_template.vault.disk[1].resource_policies,
      ),
    );
    const result = resultFor(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault");
    expect(result.status).toBe("fail");
    expect(result.message).toContain('disk "raft" (disk.1) has no snapshot schedule');
    expectFails(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault");
  });

  test("a template data disk with resource_policies null (unset: no schedule) fails", () => {
    const scope = scopeOf(
      mutate(
        DISKS,
        (d) => (d.resource.google_compute_instance_template.vault.disk[1].resource_policies = null),
      ),
    );
    const [failure] = expectFails(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault");
    expect(failure.message).toContain('disk "raft" (disk.1) has no snapshot schedule');
  });

  test("a schedule, or its attachment, whose count is an expression is unknown: the disk may have no backup", () => {
    const schedule = scopeOf(
      mutate(DISKS, (d) => (d.resource.google_compute_resource_policy.daily.count = "${var.on ? 1 : 0}")),
    );
    expect(run(BAK04DiskSnapshots, schedule)).toEqual([
      "google_compute_instance_template.vault: unknown",
      "google_compute_disk.data: unknown",
    ]);
    const attachment = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_disk_resource_policy_attachment.data.for_each = "${var.disks}";
      }),
    );
    expect(run(BAK04DiskSnapshots, attachment)).toEqual([
      "google_compute_instance_template.vault: pass",
      "google_compute_disk.data: unknown",
    ]);
  });

  test("a standalone disk without an attached schedule fails, naming the disk", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => delete d.resource.google_compute_disk_resource_policy_attachment),
    );
    const result = resultFor(BAK04DiskSnapshots, scope, "google_compute_disk.data");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("disk wazuh-data has no snapshot schedule");
    expectFails(BAK04DiskSnapshots, scope, "google_compute_disk.data");
  });

  test("a standalone disk with resource_policies null and no attachment fails", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => {
        delete d.resource.google_compute_disk_resource_policy_attachment;
        d.resource.google_compute_disk.data.resource_policies = null;
      }),
    );
    expectFails(BAK04DiskSnapshots, scope, "google_compute_disk.data");
  });

  test("a resource policy that is not a snapshot schedule does not count", () => {
    const scope = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_instance_template.vault.disk[1].resource_policies = [
          "${google_compute_resource_policy.nightly_stop.name}",
        ];
      }),
    );
    expect(resultFor(BAK04DiskSnapshots, scope, "google_compute_instance_template.vault").status).toBe(
      "fail",
    );
  });

  test("a schedule or disk this configuration does not declare is unknown, as is a policy known after apply", () => {
    const external = scopeOf(
      mutate(DISKS, (d) => {
        d.resource.google_compute_instance_template.vault.disk[1].resource_policies = [
          "someone-elses-policy",
        ];
        d.resource.google_compute_instance.wazuh.attached_disk.push({
          source: "projects/p/zones/z/disks/legacy",
        });
      }),
    );
    expect(run(BAK04DiskSnapshots, external)).toEqual([
      "google_compute_instance_template.vault: unknown",
      "google_compute_instance.wazuh: unknown",
      "google_compute_disk.data: pass",
    ]);
    const later = markUnknown(
      scopeOf(DISKS),
      "google_compute_instance_template.vault",
      "disk.1.resource_policies",
    );
    expect(resultFor(BAK04DiskSnapshots, later, "google_compute_instance_template.vault").status).toBe(
      "unknown",
    );
  });

  test("an environment without stateful disks is not applicable", () => {
    expect(run(BAK04DiskSnapshots, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });
});
