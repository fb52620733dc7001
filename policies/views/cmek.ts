import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, list } from "../model/values";
import { regionOfZone } from "./locations";
import { isSet } from "../judge/presence";
import { literal, referencedResources } from "../model/resolve";

/** One place where a resource names its customer-managed key. */
export interface KeySlot {
  readonly path: string;
  readonly value: unknown;
  /**
   * The customer-supplied key (CSEK, raw or RSA-wrapped) the same disk sets instead, when it sets one: the disk
   * is then encrypted with that key, not a Google-managed one.
   */
  readonly supplied?: string;
}

export const DISK_TYPES = ["google_compute_disk", "google_compute_region_disk"] as const;
export const VM_TYPES = [
  "google_compute_instance",
  "google_compute_instance_template",
  "google_compute_region_instance_template",
] as const;
export const TEMPLATE_TYPES = ["google_compute_instance_template", "google_compute_region_instance_template"];
/** An instance built from a template: the template's disks unless it overrides them (see judgeVms). */
export const FROM_TEMPLATE = "google_compute_instance_from_template";
const MIG_TYPES = ["google_compute_region_instance_group_manager", "google_compute_instance_group_manager"];

/**
 * Every key slot of a resource that stores data on disks: a standalone disk's key, an instance's boot and
 * attached disks, a template's disks. An attached disk that is a declared disk resource is left to that
 * resource's own slot (its encryption is decided where it is created).
 */
export function diskKeySlots(scope: Scope, resource: Resource): KeySlot[] {
  const a = resource.attributes;
  switch (resource.type) {
    case "google_compute_disk":
      return [slot(a, "disk_encryption_key.kms_key_self_link", DISK_CSEK)];
    case "google_compute_region_disk":
      return [slot(a, "disk_encryption_key.kms_key_name", DISK_CSEK)];
    case FROM_TEMPLATE:
    case "google_compute_instance":
      return [
        // An instance from a template that sets no boot_disk boots from the template's (judged there).
        ...(resource.type === FROM_TEMPLATE && !isSet(get(a, "boot_disk"))
          ? []
          : [slot(a, "boot_disk.kms_key_self_link", INSTANCE_DISK_CSEK)]),
        ...blocks(a, "attached_disk").flatMap((disk, i) =>
          isDeclaredDisk(scope, resource, disk.source)
            ? []
            : [slot(a, `attached_disk.${i}.kms_key_self_link`, INSTANCE_DISK_CSEK)],
        ),
      ];
    default:
      return blocks(a, "disk").flatMap((disk, i) =>
        isDeclaredDisk(scope, resource, disk.source)
          ? []
          : [slot(a, `disk.${i}.disk_encryption_key.kms_key_self_link`)],
      );
  }
}

/** Key slots of the non-disk data stores the baseline encrypts with CMEK. */
export const STORE_KEY_PATHS: Readonly<Record<string, string>> = {
  google_storage_bucket: "encryption.default_kms_key_name",
  google_sql_database_instance: "encryption_key_name",
  google_logging_project_bucket_config: "cmek_settings.kms_key_name",
};

export function keySlots(scope: Scope, resource: Resource): KeySlot[] {
  const storePath = STORE_KEY_PATHS[resource.type];
  return storePath ? [slot(resource.attributes, storePath)] : diskKeySlots(scope, resource);
}

/** Where a resource keeps its data, as the attribute and the location read from it. */
export interface DataLocation {
  readonly path: string;
  /** A region, or for buckets the raw Cloud Storage location; Unknown when only known after apply. */
  readonly location: string | Unknown;
}

/**
 * The locations of a resource's data. Zonal resources give their zone's region. An instance template has no
 * location of its own: its disks live where the instance groups that use it run. Empty when nothing uses it.
 */
export function dataLocations(scope: Scope, resource: Resource): DataLocation[] {
  switch (resource.type) {
    case "google_compute_disk":
    case "google_compute_instance":
      return [zonal(scope, resource, "zone")];
    case "google_compute_instance_template":
      return scope
        .referencing(resource)
        .filter((user) => MIG_TYPES.includes(user.type))
        .map((mig) =>
          mig.type === "google_compute_instance_group_manager"
            ? zonal(scope, mig, "zone", `${mig.address}.zone`)
            : regional(scope, mig, "region", `${mig.address}.region`),
        );
    case "google_storage_bucket":
    case "google_logging_project_bucket_config":
      return [regional(scope, resource, "location")];
    default:
      return [regional(scope, resource, "region")];
  }
}

/** Regions a custom dual-region bucket writes to (`custom_placement_config.data_locations`). */
export function bucketDataLocations(resource: Resource): string[] {
  return list(resource.attributes, "custom_placement_config.data_locations").filter(
    (v): v is string => typeof v === "string",
  );
}

/** Where a disk's own customer-supplied key sits, beside its KMS key (same block). */
const DISK_CSEK = ["raw_key", "rsa_encrypted_key"];
const INSTANCE_DISK_CSEK = ["disk_encryption_key_raw", "disk_encryption_key_rsa"];

function slot(attributes: Record<string, unknown>, path: string, csek: readonly string[] = []): KeySlot {
  const block = path.split(".").slice(0, -1).join(".");
  const supplied = csek.map((name) => `${block}.${name}`).find((at) => isSet(get(attributes, at)));
  return { path, value: get(attributes, path), ...(supplied ? { supplied } : {}) };
}

function isDeclaredDisk(scope: Scope, from: Resource, source: unknown): boolean {
  return referencedResources(scope, from, source).some((r) =>
    (DISK_TYPES as readonly string[]).includes(r.type),
  );
}

function regional(scope: Scope, resource: Resource, attribute: string, path = attribute): DataLocation {
  const value = literal(scope, resource, resource.attributes[attribute]);
  if (isUnknown(value)) return { path, location: value };
  if (typeof value !== "string") return { path, location: providerDefault(resource, attribute) };
  return { path, location: value.toLowerCase() };
}

function zonal(scope: Scope, resource: Resource, attribute: string, path = attribute): DataLocation {
  const value = literal(scope, resource, resource.attributes[attribute]);
  if (isUnknown(value)) return { path, location: value };
  if (typeof value !== "string") return { path, location: providerDefault(resource, attribute) };
  return {
    path,
    location: regionOfZone(value) ?? new Unknown(`${resource.address}.${attribute} "${value}" is not a zone`),
  };
}

function providerDefault(resource: Resource, attribute: string): Unknown {
  return new Unknown(`${resource.address}.${attribute} is not set: it inherits the provider's default`);
}
