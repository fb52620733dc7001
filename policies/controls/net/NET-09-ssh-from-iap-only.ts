import type { Control, Result } from "../../control";
import { isUnknown } from "../../model/types";
import { cidrContains, parseCidr } from "../../../lib/cidr";
import { type FirewallRule, coversTcpPort, firewallRules } from "../../views/firewall";
import { mirroringCollectorTags } from "../../views/mirroring";
import { IAP_TCP_FORWARDING_RANGE } from "../../../shared/google-ranges";
import { evidence, projectVerdict, verdict } from "../../judge/results";

const IAP = parseCidr(IAP_TCP_FORWARDING_RANGE)!;
const SSH_PORT = 22;

export const NET09SshFromIapOnly: Control = {
  id: "NET-09",
  title: "SSH only from Identity-Aware Proxy",
  claim:
    "SSH reaches VMs only through Identity-Aware Proxy (35.235.240.0/20), never from the internet or from other VMs.",
  severity: "critical",
  rationale:
    "IAP authenticates every SSH session with the user's Google identity and logs it; any other SSH source " +
    "is unauthenticated at the network edge and opens a path for brute force or lateral movement. " +
    "Stricter than checkov's CKV_GCP_2 and trivy's AVD-GCP-0071, which fail SSH from 0.0.0.0/0 only: " +
    "SSH from a private range (another VM, a peered network) fails here too.",
  remediation:
    'Limit ingress rules that allow tcp:22 to source_ranges = ["35.235.240.0/20"] with target tags, and ' +
    "remove source tags or service accounts from them.",
  references: { cis: ["3.6"], checkov: ["CKV_GCP_2"], trivy: ["AVD-GCP-0071"] },
  implementation:
    "The network stack's only SSH rule allows tcp:22 from 35.235.240.0/20 to hosts tagged for admin access.",
  evaluate: (scope) => {
    const sshRules = firewallRules(scope).filter(
      (r) => r.direction === "INGRESS" && r.action === "allow" && !r.disabled && coversTcpPort(r, SSH_PORT),
    );
    if (sshRules.length === 0) return [projectVerdict("pass", "no enabled ingress rule allows tcp:22")];
    const collectorTags = mirroringCollectorTags(scope);
    return sshRules.map((rule) => {
      const judged = judge(rule);
      if (judged.status === "fail" && !coversTcpPort(rule, SSH_PORT, true)) {
        return verdict(
          "unknown",
          rule.resource,
          "may allow SSH from sources outside IAP: its protocols or ports are known only after apply",
          [...judged.evidence, evidence("protocols", rule.protocols)],
        );
      }
      if (
        judged.status === "fail" &&
        rule.targets.length > 0 &&
        rule.targets.every((t) => collectorTags.has(String(t)))
      ) {
        return verdict(
          "not-applicable",
          rule.resource,
          "admits mirrored copies of all traffic to packet-mirroring collectors only, which GCP requires on every port",
          [...judged.evidence, evidence("targets", rule.targets)],
        );
      }
      return judged;
    });
  },
};

function judge(rule: FirewallRule): Result {
  const found = [
    evidence(rule.sourceRangesPath, rule.sourceRanges),
    ...(rule.sourceIdentities.length > 0 ? [evidence("source identities", rule.sourceIdentities)] : []),
  ];
  if (rule.sourceRanges.some(isUnknown))
    return verdict("unknown", rule.resource, "source ranges are known only after apply", found);
  const outside = rule.sourceRanges.filter((range) => {
    const cidr = typeof range === "string" ? parseCidr(range.trim()) : undefined;
    return !cidr || !cidrContains(IAP, cidr);
  });
  if (outside.length > 0)
    return verdict(
      "fail",
      rule.resource,
      `allows SSH from ${outside.join(", ")}, outside ${IAP_TCP_FORWARDING_RANGE}`,
      found,
    );
  if (rule.sourceIdentities.length > 0)
    return verdict(
      "fail",
      rule.resource,
      "allows SSH from other VMs (source tags or service accounts)",
      found,
    );
  if (rule.sourceRanges.length === 0)
    return verdict("fail", rule.resource, "allows SSH from an unnamed source (0.0.0.0/0)", found);
  return verdict("pass", rule.resource, `SSH only from ${IAP_TCP_FORWARDING_RANGE}`, found);
}
