import type { Resource } from "../model/types";
import { isRegion, regionOfZone } from "./locations";
import { allowedValues } from "./org-policy";

/** The locations a gcp.resourceLocations policy allows, as far as they can be read without Google's catalogue. */
export interface AllowedLocations {
  readonly regions: ReadonlySet<string>;
  readonly zones: ReadonlySet<string>;
  /** Value groups spanning several regions (`in:eu-locations`): their members are not modelled. */
  readonly unmodelled: readonly string[];
}

/**
 * Reads allowed values: `in:<region>-locations` and a bare region allow the region and its zones, a bare
 * zone only that zone; other value groups are recorded as unmodelled.
 */
export function allowedLocations(policy: Resource): AllowedLocations | undefined {
  const values = allowedValues(policy);
  if (values === undefined) return undefined;
  const regions = new Set<string>();
  const zones = new Set<string>();
  const unmodelled: string[] = [];
  for (const value of values) {
    const name = value
      .replace(/^in:/, "")
      .replace(/-locations$/, "")
      .replace(/^zones:/, "")
      .toLowerCase();
    if (isRegion(name)) regions.add(name);
    else if (regionOfZone(name)) zones.add(name);
    else unmodelled.push(value);
  }
  return { regions, zones, unmodelled };
}

/** Whether a region or zone is allowed; undefined when only an unmodelled value group could allow it. */
export function isAllowed(allowed: AllowedLocations, location: string): boolean | undefined {
  const name = location.toLowerCase();
  const region = regionOfZone(name) ?? name;
  if (allowed.regions.has(region) || allowed.zones.has(name)) return true;
  return allowed.unmodelled.length > 0 ? undefined : false;
}
