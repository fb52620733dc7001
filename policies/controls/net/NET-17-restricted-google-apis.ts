import type { Control, Result } from "../../control";
import type { Resource, Scope } from "../../model/types";
import { blocks, list } from "../../model/values";
import { literal, referencedResources } from "../../model/resolve";
import { cidrContains, parseCidr } from "../../../lib/cidr";
import { PRIVATE_GOOGLE_APIS_RANGE, RESTRICTED_GOOGLE_APIS_RANGE } from "../../../shared/google-ranges";
import { evidence, projectVerdict, verdict } from "../../judge/results";

const RESTRICTED = "restricted.googleapis.com.";
const PRIVATE = "private.googleapis.com.";

export const NET17RestrictedGoogleApis: Control = {
  id: "NET-17",
  title: "Google APIs through restricted.googleapis.com",
  claim:
    "Inside every VPC, every *.googleapis.com name resolves to restricted.googleapis.com (199.36.153.4/30), " +
    "which serves only APIs VPC Service Controls supports; nothing resolves to private.googleapis.com.",
  severity: "medium",
  rationale:
    "private.googleapis.com serves almost every Google API, so a VM can copy data out through any of them (a " +
    "storage bucket or a Pub/Sub topic in another organization). restricted.googleapis.com serves only the " +
    "APIs VPC Service Controls supports and enforces a service perimeter on them when one exists. What " +
    "Google serves on the VIP is declared, not run: the control proves the DNS zone and its records.",
  remediation:
    'Give each VPC a private google_dns_managed_zone for "googleapis.com." with a *.googleapis.com CNAME to ' +
    "restricted.googleapis.com. and an A record restricted.googleapis.com. for 199.36.153.4-7, a route to " +
    "199.36.153.4/30, and no record pointing at private.googleapis.com.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "PrivateGoogleApis defaults to the restricted VIP; network.googleApis: private is an explicit loosening.",
  evaluate: (scope) => {
    const zones = scope
      .ofType("google_dns_managed_zone")
      .filter((z) => z.attributes.dns_name === "googleapis.com." && z.attributes.visibility === "private");
    const networks = scope.ofType("google_compute_network");
    if (zones.length === 0 && networks.length === 0)
      return [projectVerdict("not-applicable", "no VPC network and no private googleapis.com zone")];
    const results: Result[] = zones.map((zone) => judgeZone(scope, zone));
    for (const network of networks) {
      const covered = zones.some((zone) =>
        blocks(zone.attributes, "private_visibility_config.networks").some((n) =>
          referencedResources(scope, zone, n.network_url).some((r) => r.id === network.id),
        ),
      );
      if (!covered)
        results.push(
          verdict(
            "fail",
            network,
            "no private googleapis.com zone is visible to this network: Google APIs resolve to their public " +
              "addresses, every API reachable",
          ),
        );
    }
    return results;
  },
};

function judgeZone(scope: Scope, zone: Resource): Result {
  const records = scope
    .ofType("google_dns_record_set")
    .filter((r) => referencedResources(scope, r, r.attributes.managed_zone).some((z) => z.id === zone.id));
  const wildcard = records.find((r) => r.attributes.name === "*.googleapis.com.");
  const target = wildcard ? list(wildcard.attributes, "rrdatas").map((v) => literal(scope, wildcard, v)) : [];
  const found = [evidence("*.googleapis.com. rrdatas", wildcard ? target : undefined)];
  const restrictedRange = parseCidr(RESTRICTED_GOOGLE_APIS_RANGE)!;
  const privateRange = parseCidr(PRIVATE_GOOGLE_APIS_RANGE)!;
  for (const record of records) {
    const values = list(record.attributes, "rrdatas").map((v) => literal(scope, record, v));
    const toPrivate = values.some((v) => {
      if (v === PRIVATE) return true;
      const cidr = typeof v === "string" ? parseCidr(`${v}/32`) : undefined;
      return cidr !== undefined && cidrContains(privateRange, cidr);
    });
    if (toPrivate)
      return verdict(
        "fail",
        zone,
        `${record.address} (${String(record.attributes.name)}) resolves to private.googleapis.com`,
        [...found, evidence(`${record.address}.rrdatas`, values)],
      );
  }
  if (!wildcard || target.length !== 1 || target[0] !== RESTRICTED)
    return verdict("fail", zone, "*.googleapis.com is not a CNAME to restricted.googleapis.com", found);
  const vip = records.find((r) => r.attributes.name === RESTRICTED && r.attributes.type === "A");
  const addresses = vip ? list(vip.attributes, "rrdatas") : [];
  const inRange = addresses.every((a) => {
    const cidr = typeof a === "string" ? parseCidr(`${a}/32`) : undefined;
    return cidr !== undefined && cidrContains(restrictedRange, cidr);
  });
  const withVip = [...found, evidence("restricted.googleapis.com. A", vip ? addresses : undefined)];
  if (!vip || addresses.length === 0 || !inRange)
    return verdict("fail", zone, "restricted.googleapis.com has no A record within 199.36.153.4/30", withVip);
  return verdict("pass", zone, "every googleapis.com name resolves to restricted.googleapis.com", withVip);
}
