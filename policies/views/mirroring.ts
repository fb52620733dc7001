import type { Resource, Scope } from "../model/types";
import { blocks, list, truthy } from "../model/values";
import { VM_TYPES } from "./cmek";
import { referencedResources } from "../model/resolve";

/**
 * Network tags carried only by the VMs behind a packet-mirroring collector (forwarding rule with
 * is_mirroring_collector → its backend service → the instance groups it balances → their templates), not by
 * any other VM. Those VMs must admit every mirrored packet, whatever its port.
 */
export function mirroringCollectorTags(scope: Scope): Set<string> {
  const follow = (from: Resource, values: unknown[], type: string) =>
    values.flatMap((v) => referencedResources(scope, from, v)).filter((r) => r.type === type);
  const collectors = scope
    .ofType("google_compute_forwarding_rule")
    .filter((f) => truthy(f.attributes.is_mirroring_collector) === true);
  const services = collectors.flatMap((f) =>
    follow(f, [f.attributes.backend_service], "google_compute_region_backend_service"),
  );
  const groups = services.flatMap((s) =>
    blocks(s.attributes, "backend").flatMap((b) => [
      ...follow(s, [b.group], "google_compute_region_instance_group_manager"),
      ...follow(s, [b.group], "google_compute_instance_group_manager"),
    ]),
  );
  const templates = groups.flatMap((g) =>
    blocks(g.attributes, "version").flatMap((v) =>
      follow(g, [v.instance_template], "google_compute_instance_template"),
    ),
  );
  const tagsOf = (vms: Resource[]) =>
    vms.flatMap((vm) => list(vm.attributes, "tags")).filter((tag): tag is string => typeof tag === "string");
  const others = new Set(
    tagsOf(VM_TYPES.flatMap((type) => scope.ofType(type)).filter((vm) => !templates.includes(vm))),
  );
  return new Set(tagsOf(templates).filter((tag) => !others.has(tag)));
}
