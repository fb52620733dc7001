import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, isBlock, list, truthy } from "../model/values";
import { TEMPLATE_TYPES } from "./cmek";
import { literal } from "../model/resolve";

const MIG_TYPES = ["google_compute_instance_group_manager", "google_compute_region_instance_group_manager"];

/**
 * Whether a patch deployment's instance_filter selects a VM. Google ANDs the criteria that are set (labels,
 * zones, instance names, name prefixes); `all = true` selects every VM. A template stands for the instances
 * its instance groups create: their labels are the template's, their names start with the group's base
 * instance name, and their zones are the group's.
 */
export function selects(scope: Scope, deployment: Resource, vm: Resource): boolean | Unknown {
  const filter = get(deployment.attributes, "instance_filter");
  if (isUnknown(filter)) return filter;
  if (!isBlock(filter)) return false;
  if (truthy(filter.all) === true) return true;
  const criteria: (boolean | Unknown)[] = [];
  const groups = blocks(filter, "group_labels");
  if (groups.length > 0)
    criteria.push(groups.some((g) => labelsMatch(get(g, "labels"), vm.attributes.labels)));
  const zones = list(filter, "zones").map(String);
  if (zones.length > 0) criteria.push(inZones(scope, vm, zones));
  const names = list(filter, "instances").map(String);
  if (names.length > 0) {
    criteria.push(
      !TEMPLATE_TYPES.includes(vm.type) &&
        names.some((n) => n === vm.attributes.name || n.endsWith(`/instances/${String(vm.attributes.name)}`)),
    );
  }
  const prefixes = list(filter, "instance_name_prefixes").map(String);
  if (prefixes.length > 0) criteria.push(namesStartWith(scope, vm, prefixes));
  if (criteria.length === 0) return false;
  if (criteria.some((c) => c === false)) return false;
  return criteria.find(isUnknown) ?? true;
}

function labelsMatch(wanted: unknown, labels: unknown): boolean {
  if (!isBlock(wanted) || !isBlock(labels)) return false;
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** Groups (zonal or regional) that create instances from a template. */
function groupsOf(scope: Scope, template: Resource): Resource[] {
  return scope.referencing(template).filter((r) => MIG_TYPES.includes(r.type));
}

function inZones(scope: Scope, vm: Resource, zones: string[]): boolean | Unknown {
  if (!TEMPLATE_TYPES.includes(vm.type)) return zones.includes(String(vm.attributes.zone));
  const groupZones = groupsOf(scope, vm).flatMap((g) =>
    g.type === "google_compute_instance_group_manager"
      ? [g.attributes.zone]
      : list(g.attributes, "distribution_policy_zones"),
  );
  if (groupZones.length === 0)
    return new Unknown("the zones of the template's instance groups are chosen by Google");
  return groupZones.every((z) => zones.includes(String(z)));
}

function namesStartWith(scope: Scope, vm: Resource, prefixes: string[]): boolean | Unknown {
  const names = TEMPLATE_TYPES.includes(vm.type)
    ? groupsOf(scope, vm).map((g) => literal(scope, g, g.attributes.base_instance_name))
    : [vm.attributes.name];
  if (names.length === 0) return false;
  if (names.some(isUnknown)) return new Unknown("instance names are known only after apply");
  return names.every((n) => prefixes.some((p) => String(n).startsWith(p)));
}
