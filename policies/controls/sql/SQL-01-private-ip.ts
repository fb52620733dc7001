import type { Control } from "../../control";
import { blocks, get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { isTrue, judgeInstances, setting } from "../../views/sql-instances";
import { isUnknown } from "../../model/types";

export const SQL01PrivateIp: Control = {
  id: "SQL-01",
  title: "Cloud SQL reachable on a private IP only",
  claim: "The database has a private IP address only and accepts no connection from the internet.",
  severity: "critical",
  rationale:
    "A public address exposes the database's login to the whole internet (password spraying, unpatched " +
    "protocol flaws); authorized networks only narrow who is exposed. A private address is reachable only " +
    "from the VPC. " +
    "Checkov's CKV_GCP_11 fails only an authorized network ending in /0, and CKV_GCP_60 only an " +
    "ipv4_enabled set to true; an instance that leaves ipv4_enabled unset gets a public IP and fails " +
    "here.",
  remediation:
    "Set settings.ip_configuration.ipv4_enabled = false, set private_network to the VPC (private services " +
    "access), and remove every authorized_networks block.",
  references: { cis: ["6.5", "6.6"], checkov: ["CKV_GCP_11", "CKV_GCP_60"], trivy: ["AVD-GCP-0017"] },
  implementation:
    "PrivatePostgres sets ipv4_enabled false and private_network to the baseline VPC, whose private services " +
    "range the network stack reserves; it declares no authorized network.",
  evaluate: (scope) =>
    judgeInstances(scope, (instance) => {
      const base = "settings.ip_configuration";
      const ipv4 = setting(scope, instance, `${base}.ipv4_enabled`);
      const network = setting(scope, instance, `${base}.private_network`);
      const authorized = blocks(instance.attributes, `${base}.authorized_networks`);
      const found = [
        evidence(`${base}.ipv4_enabled`, ipv4),
        evidence(`${base}.private_network`, network),
        evidence(`${base}.authorized_networks`, authorized),
      ];
      if (isUnknown(ipv4) || isUnknown(get(instance.attributes, `${base}.authorized_networks`))) {
        return verdict(
          "unknown",
          instance,
          "ipv4_enabled or authorized networks known only after apply",
          found,
        );
      }
      // Cloud SQL assigns a public address unless ipv4_enabled is explicitly false.
      if (ipv4 === undefined || isTrue(ipv4))
        return verdict("fail", instance, "has a public IPv4 address", found);
      if (authorized.length > 0) {
        return verdict("fail", instance, `declares ${authorized.length} authorized network(s)`, found);
      }
      if (!isUnknown(network) && !isSet(network)) {
        return verdict("fail", instance, "no private_network: the instance has no private address", found);
      }
      return verdict("pass", instance, "private address only, no authorized networks", found);
    }),
};
