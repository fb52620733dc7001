import type { Resource, Scope } from "../model/types";
import { blocks, get, truthy } from "../model/values";
import { DISK_TYPES } from "./cmek";
import { referencedResources } from "../model/resolve";

export const REGIONAL_MIG = "google_compute_region_instance_group_manager";
export const ZONAL_MIG = "google_compute_instance_group_manager";

/** The managed instance groups that create VMs from a Vault instance template. */
export function groupsDeploying(scope: Scope, template: Resource): Resource[] {
  return scope.referencing(template).filter((r) => r.type === REGIONAL_MIG || r.type === ZONAL_MIG);
}

/** A non-boot disk of a Vault host (where raft keeps its data), and where its CMEK key is named. */
export interface DataDisk {
  readonly path: string;
  readonly deviceName: unknown;
  /** The resource naming the key: the host, or the declared disk it attaches. */
  readonly keyOwner: Resource;
  readonly keyPath: string;
  readonly key: unknown;
}

export function dataDisks(scope: Scope, host: Resource): DataDisk[] {
  const a = host.attributes;
  if (host.type !== "google_compute_instance") {
    return blocks(a, "disk").flatMap((disk, i) =>
      truthy(disk.boot) === true
        ? []
        : [
            {
              path: `disk.${i}`,
              deviceName: disk.device_name,
              keyOwner: host,
              keyPath: `disk.${i}.disk_encryption_key.kms_key_self_link`,
              key: get(disk, "disk_encryption_key.kms_key_self_link"),
            },
          ],
    );
  }
  return blocks(a, "attached_disk").map((disk, i) => {
    const declared = referencedResources(scope, host, disk.source).find((r) =>
      (DISK_TYPES as readonly string[]).includes(r.type),
    );
    const keyPath = declared?.type === "google_compute_region_disk" ? "kms_key_name" : "kms_key_self_link";
    return declared
      ? {
          path: `attached_disk.${i}`,
          deviceName: disk.device_name,
          keyOwner: declared,
          keyPath: `disk_encryption_key.${keyPath}`,
          key: get(declared.attributes, `disk_encryption_key.${keyPath}`),
        }
      : {
          path: `attached_disk.${i}`,
          deviceName: disk.device_name,
          keyOwner: host,
          keyPath: `attached_disk.${i}.kms_key_self_link`,
          key: disk.kms_key_self_link,
        };
  });
}
