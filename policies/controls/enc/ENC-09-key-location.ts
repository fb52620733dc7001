import type { Control, Evidence } from "../../control";
import { type Resource, Unknown, isUnknown } from "../../model/types";
import {
  DISK_TYPES,
  STORE_KEY_PATHS,
  VM_TYPES,
  bucketDataLocations,
  dataLocations,
  keySlots,
} from "../../views/cmek";
import { keyLocation, keyReference } from "../../views/kms";
import { STORAGE_MULTI_REGIONS, storageLocation } from "../../views/locations";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const ENC09KeyLocation: Control = {
  id: "ENC-09",
  title: "Each key sits in the location of the data it encrypts",
  claim:
    "Every customer-managed key is in the same region as the data it protects (the matching multi-region for multi-region buckets).",
  severity: "high",
  rationale:
    "Cloud Storage, Cloud SQL, Compute Engine and Logging only accept keys from the data's own location; a key " +
    "elsewhere either fails at apply or, for zonal disks with a global key, puts key material (and the data's " +
    "availability) outside the data's region.",
  remediation:
    "Use a key from a key ring in the resource's region (for a Cloud Storage multi-region: europe for EU, us for " +
    "US, asia for ASIA).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The kms stack keeps one key ring per region (primary, backup); each stack picks the key of the region it writes to.",
  evaluate: (scope) =>
    judgeEach(scope, [...DISK_TYPES, ...VM_TYPES, ...Object.keys(STORE_KEY_PATHS)], (resource) => {
      const keys = keySlots(scope, resource)
        .map((slot) => ({ slot, key: keyReference(scope, resource, slot.value) }))
        .flatMap(({ slot, key }) => {
          if (key.kind === "declared" || key.kind === "external")
            return [{ slot, location: keyLocation(scope, key) }];
          return key.kind === "unknown" ? [{ slot, location: new Unknown(key.reason) }] : [];
        });
      if (keys.length === 0)
        return verdict("not-applicable", resource, "no customer-managed key (see ENC-05..08)");
      const places = dataLocations(scope, resource);
      if (places.length === 0)
        return verdict(
          "not-applicable",
          resource,
          "no instance group uses this template: its disks have no location yet",
        );
      const found: Evidence[] = [
        ...keys.map((k) => evidence(`${k.slot.path} (key location)`, k.location)),
        ...places.map((p) => evidence(p.path, p.location)),
      ];
      if ([...keys.map((k) => k.location), ...places.map((p) => p.location)].some(isUnknown)) {
        return verdict("unknown", resource, "a key or data location is known only after apply", found);
      }
      const mismatches = places.flatMap((place) =>
        keys.flatMap((k) => {
          const expected = expectedKeyLocation(resource, place.location as string);
          if (expected === undefined)
            return [`the key location rule for ${String(place.location)} is not modelled`];
          return expected === k.location
            ? []
            : [
                `${k.slot.path} is in ${String(k.location)}, data in ${String(place.location)} needs ${expected}`,
              ];
        }),
      );
      if (mismatches.some((m) => m.includes("not modelled")))
        return verdict("unknown", resource, mismatches.join("; "), found);
      return mismatches.length > 0
        ? verdict("fail", resource, mismatches.join("; "), found)
        : verdict("pass", resource, "keys are in the data's location", found);
    }),
};

/** Where a key must be for data in `location`; undefined when the rule is not modelled (dual-regions). */
function expectedKeyLocation(resource: Resource, location: string): string | undefined {
  if (resource.type !== "google_storage_bucket") return location;
  const bucket = storageLocation(location, bucketDataLocations(resource));
  if (bucket.kind === "region") return bucket.regions[0];
  if (bucket.kind === "multi-region") return STORAGE_MULTI_REGIONS[bucket.name];
  return undefined;
}
