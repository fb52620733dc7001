import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { blocks, get } from "../../model/values";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET15DnssecPublicZones: Control = {
  id: "NET-15",
  title: "DNSSEC on every public DNS zone, without RSASHA1",
  claim:
    "Every public Cloud DNS zone signs its records with DNSSEC (state on), and no signing key uses RSASHA1.",
  severity: "medium",
  rationale:
    "Without DNSSEC a resolver cannot tell the zone's answers from forged ones: cache poisoning and on-path " +
    "attackers redirect the domain's users and mail. RSASHA1 signatures rest on SHA-1, which collisions have " +
    "broken. A private zone cannot use DNSSEC and is not judged. State transfer (signing while the zone moves " +
    "between DNS providers) is temporary and fails until it is on: checkov's CKV_GCP_16 accepts it, trivy's " +
    "AVD-GCP-0013 does not. " +
    "Checkov's CKV_GCP_17 and trivy's AVD-GCP-0012 judge the key algorithm only and pass a zone " +
    "without DNSSEC, which fails here.",
  remediation:
    'Add dnssec_config { state = "on" } to every public google_dns_managed_zone, with default_key_specs using ' +
    "RSASHA256, RSASHA512, ECDSAP256SHA256 or ECDSAP384SHA384 (or none: Google's defaults are RSASHA256).",
  references: {
    cis: ["3.3", "3.4", "3.5"],
    checkov: ["CKV_GCP_16", "CKV_GCP_17"],
    trivy: ["AVD-GCP-0013", "AVD-GCP-0012"],
  },
  implementation:
    "The baseline's DNS zones are private (googleapis.com for Private Google Access, Vault's internal name); " +
    "it declares no public zone.",
  evaluate: (scope) => {
    const zones = scope.ofType("google_dns_managed_zone").map((zone) => judgeZone(zone));
    // Nothing public to sign: the claim holds for this environment (private zones are listed as not applicable).
    return zones.some((r) => r.status !== "not-applicable")
      ? zones
      : [...zones, projectVerdict("pass", `no public DNS zone in environment ${scope.environment}`)];
  },
};

function judgeZone(zone: Resource): Result {
  const visibility = zone.attributes.visibility;
  const state = get(zone.attributes, "dnssec_config.state");
  const found = [evidence("visibility", visibility), evidence("dnssec_config.state", state)];
  if (isUnknown(visibility) || (typeof visibility === "string" && visibility.includes("${")))
    return verdict("unknown", zone, "visibility is known only after apply", found);
  if (String(visibility ?? "public").toLowerCase() === "private")
    return verdict("not-applicable", zone, "a private zone cannot use DNSSEC", found);
  const weak = blocks(zone.attributes, "dnssec_config.default_key_specs")
    .map((spec, i) => ({ path: `dnssec_config.default_key_specs.${i}`, spec }))
    .filter(({ spec }) => String(spec.algorithm ?? "").toLowerCase() === "rsasha1");
  const problems = [
    ...(state === "on"
      ? []
      : [
          state === undefined
            ? "dnssec_config.state is not set (DNSSEC off)"
            : `dnssec_config.state is ${String(state)}`,
        ]),
    ...weak.map(({ path, spec }) => `${path} signs ${String(spec.key_type ?? "")} keys with RSASHA1`),
  ];
  found.push(...weak.map(({ path, spec }) => evidence(`${path}.algorithm`, spec.algorithm)));
  if (isUnknown(state) || (typeof state === "string" && state.includes("${")))
    return verdict("unknown", zone, "dnssec_config.state is known only after apply", found);
  return problems.length === 0
    ? verdict("pass", zone, "public zone signed with DNSSEC", found)
    : verdict("fail", zone, `public zone: ${problems.join("; ")}`, found);
}
