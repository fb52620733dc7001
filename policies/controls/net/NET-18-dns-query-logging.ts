import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { blocks, truthy } from "../../model/values";
import { referencedResources } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET18DnsQueryLogging: Control = {
  id: "NET-18",
  title: "DNS query logging on every VPC",
  claim: "Every DNS query a VM sends to Cloud DNS is logged, with the name asked and the answer given.",
  severity: "medium",
  rationale:
    "DNS is where malware looks up its command-and-control servers and where data leaves encoded in names " +
    "(DNS tunnelling). Without query logs an incident review cannot tell which VM asked for what; Cloud DNS " +
    "logs queries only for networks a server policy with logging enabled applies to.",
  remediation:
    "Add a google_dns_policy with enable_logging = true and a networks block for the VPC (one server policy " +
    "per network), with no alternative name servers.",
  references: { cis: ["2.12"], checkov: [], trivy: [] },
  implementation: "The network stack's DnsQueryLogging attaches a logging server policy to the VPC.",
  evaluate: (scope) => {
    const networks = scope.ofType("google_compute_network");
    if (networks.length === 0) return [projectVerdict("not-applicable", "no VPC network")];
    const policies = scope.ofType("google_dns_policy");
    return networks.map((network) => {
      const attached = policies.filter((p) =>
        blocks(p.attributes, "networks").some((n) =>
          referencedResources(scope, p, n.network_url).some((r) => r.id === network.id),
        ),
      );
      if (attached.length === 0)
        return verdict("fail", network, "no DNS server policy applies to it: queries are not logged", [
          evidence("google_dns_policy", undefined),
        ]);
      const policy = attached[0];
      const value = policy.attributes.enable_logging;
      const found = [evidence(`${policy.address}.enable_logging`, value)];
      const on = truthy(value);
      if (isUnknown(on))
        return verdict("unknown", network, "enable_logging is known only after apply", found);
      return on === true
        ? verdict("pass", network, `DNS queries logged by ${policy.address}`, found)
        : verdict(
            "fail",
            network,
            `${policy.address} does not log queries (enable_logging is not true)`,
            found,
          );
    });
  },
};
