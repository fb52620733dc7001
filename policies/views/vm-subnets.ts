import type { Result } from "../control";
import type { Resource, Scope } from "../model/types";
import { evidence, judgeEach, verdict } from "../judge/results";

/**
 * Proxy-only subnets hold Envoy proxies of managed load balancers, not VMs: Google rejects both Private
 * Google Access and flow logs on them.
 */
const PROXY_ONLY_PURPOSES = [
  "REGIONAL_MANAGED_PROXY",
  "GLOBAL_MANAGED_PROXY",
  "INTERNAL_HTTPS_LOAD_BALANCER",
];

/** Judges every subnet that can hold VMs; proxy-only subnets are not applicable. */
export function judgeVmSubnets(scope: Scope, judge: (subnet: Resource) => Result): Result[] {
  return judgeEach(scope, ["google_compute_subnetwork"], (subnet) => {
    const purpose = subnet.attributes.purpose;
    if (typeof purpose === "string" && PROXY_ONLY_PURPOSES.includes(purpose)) {
      return verdict("not-applicable", subnet, `proxy-only subnet (purpose ${purpose})`, [
        evidence("purpose", purpose),
      ]);
    }
    return judge(subnet);
  });
}
