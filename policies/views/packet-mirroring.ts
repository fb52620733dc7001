import type { Resource, Scope } from "../model/types";
import { blocks, get } from "../model/values";
import { referencedResources } from "../model/resolve";

export const PACKET_MIRRORING = "google_compute_packet_mirroring";
export const FORWARDING_RULE = "google_compute_forwarding_rule";

/** The forwarding rules a packet-mirroring policy names as its collector. */
export function collectorsOf(scope: Scope, policy: Resource): Resource[] {
  return referencedResources(scope, policy, get(policy.attributes, "collector_ilb.url")).filter(
    (r) => r.type === FORWARDING_RULE,
  );
}

/** The subnet urls a packet-mirroring policy mirrors. */
export function mirroredSubnetUrls(policy: Resource): unknown[] {
  return blocks(policy.attributes, "mirrored_resources.subnetworks").map((subnet) => subnet.url);
}
