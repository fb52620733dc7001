/**
 * Google Cloud location names: regions (`europe-west2`), zones (`europe-west2-a`), Cloud Storage
 * multi-regions (`EU`) and predefined dual-regions (`EUR4`), and Cloud KMS multi-regions (`europe`).
 */

const REGION = /^[a-z]+-[a-z]+\d+$/;
const ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;

export function isRegion(location: string): boolean {
  return REGION.test(location.toLowerCase());
}

/** `europe-west2-a` → `europe-west2`; undefined when the text is not a zone. */
export function regionOfZone(zone: string): string | undefined {
  return ZONE.exec(zone.toLowerCase())?.[1];
}

/** Cloud Storage multi-regions and the Cloud KMS multi-region that holds keys for them. */
export const STORAGE_MULTI_REGIONS: Readonly<Record<string, string>> = {
  eu: "europe",
  us: "us",
  asia: "asia",
};

/** Predefined Cloud Storage dual-regions whose member regions are documented and stable. */
export const STORAGE_DUAL_REGIONS: Readonly<Record<string, readonly string[]>> = {
  asia1: ["asia-northeast1", "asia-northeast2"],
  eur4: ["europe-north1", "europe-west4"],
  nam4: ["us-central1", "us-east1"],
};

/** The kind of a Cloud Storage location, with the regions it stores data in when they are known. */
export type StorageLocation =
  | { kind: "region"; regions: [string] }
  | { kind: "dual-region"; regions: readonly string[] }
  | { kind: "multi-region"; name: string }
  | { kind: "unrecognised"; name: string };

/**
 * Classifies a bucket's `location`; `dataLocations` (custom dual-region placement) names the regions of a
 * configurable dual-region, which Cloud Storage writes as the multi-region code plus two regions.
 */
export function storageLocation(location: string, dataLocations: readonly string[] = []): StorageLocation {
  const name = location.toLowerCase();
  if (dataLocations.length > 0)
    return { kind: "dual-region", regions: dataLocations.map((r) => r.toLowerCase()) };
  if (isRegion(name)) return { kind: "region", regions: [name] };
  if (STORAGE_DUAL_REGIONS[name]) return { kind: "dual-region", regions: STORAGE_DUAL_REGIONS[name] };
  if (STORAGE_MULTI_REGIONS[name]) return { kind: "multi-region", name };
  return { kind: "unrecognised", name };
}
