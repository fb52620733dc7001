import type { Result } from "../control";
import { isUnknown } from "../model/types";
import type { Scope } from "../model/types";
import {
  type FirewallRule,
  VPC_FIREWALL,
  coversAllTraffic,
  firewallRules,
  isInternet,
  opensEveryPort,
} from "../views/firewall";
import { truthy } from "../model/values";
import { presenceProven, surestFirst } from "./presence";
import { designationIndex } from "../model/resolve";
import { evidence, judgeEach, verdict } from "./results";

/**
 * For each VPC network: is there an enabled, logged VPC firewall rule that denies all protocols in one
 * direction, from (ingress) or to (egress) 0.0.0.0/0, for every instance (no target)?
 */
export function judgeDefaultDeny(scope: Scope, direction: "INGRESS" | "EGRESS"): Result[] {
  const rules = firewallRules(scope).filter((r) => r.resource.type === VPC_FIREWALL);
  const denyAllRules = designationIndex(
    scope,
    rules.filter((rule) => isDenyAll(rule, direction)),
    (rule) => [{ from: rule.resource, value: rule.resource.attributes.network }],
  );
  const allowAllRules = designationIndex(
    scope,
    rules.filter((rule) => isEverything(rule, direction, "allow")),
    (rule) => [{ from: rule.resource, value: rule.resource.attributes.network }],
  );
  // A rule whose network is known only after apply might be any network's deny-all rule.
  const unknownNetwork = rules.some((rule) => isUnknown(rule.resource.attributes.network));
  return judgeEach(scope, ["google_compute_network"], (network) => {
    const denyAll = denyAllRules.designating(network);
    const logged = surestFirst(denyAll, (rule) => rule.resource).find((rule) => rule.logging.on);
    const found = (rule: FirewallRule) => [
      evidence(`${rule.resource.address}.priority`, rule.resource.attributes.priority ?? 1000),
      evidence(`${rule.resource.address}.${rule.logging.path}`, rule.logging.value),
    ];
    // An allow-everything rule for every instance evaluated before the deny-all leaves it nothing to deny
    // (every TCP and UDP port counts as everything: what remains denied, ICMP, carries no service).
    const shadowing = logged
      ? allowAllRules.designating(network).filter((allow) => !(priorityOf(logged) <= priorityOf(allow)))
      : [];
    if (logged && shadowing.length > 0)
      return verdict(
        "fail",
        network,
        `${direction} deny-all rule ${logged.resource.address} is shadowed by ${shadowing
          .map((r) => r.resource.address)
          .join(", ")}, which allow(s) all traffic (or every TCP and UDP port) at a higher priority`,
        [...found(logged), ...shadowing.flatMap(found)],
      );
    if (logged)
      return presenceProven(
        verdict(
          "pass",
          network,
          `${direction} deny-all rule ${logged.resource.address} with logging`,
          found(logged),
        ),
        logged.resource,
      );
    if (denyAll.length > 0) {
      const rule = denyAll[0];
      return verdict(
        "fail",
        network,
        `${direction} deny-all rule ${rule.resource.address} does not log`,
        found(rule),
      );
    }
    if (unknownNetwork) {
      return verdict(
        "unknown",
        network,
        "some firewall rules name their network with a value known only after apply",
      );
    }
    return verdict(
      "fail",
      network,
      `no enabled ${direction} rule denies all traffic ${direction === "INGRESS" ? "from" : "to"} 0.0.0.0/0 for every instance`,
    );
  });
}

function isDenyAll(rule: FirewallRule, direction: string): boolean {
  // A deny-all switched off by an expression (`disabled = var.x`) may deny nothing: it is not counted on.
  const disabled = truthy(rule.resource.attributes.disabled);
  return !isUnknown(disabled) && isEverything(rule, direction, "deny");
}

/** Google's firewall priority (default 1000; lower first); NaN when set from an expression. */
function priorityOf(rule: FirewallRule): number {
  const priority = rule.resource.attributes.priority;
  return priority === undefined ? 1000 : Number(priority);
}

/**
 * Whether an enabled rule with `action` covers all traffic of every instance in one direction. An allow counts
 * when it opens every TCP and UDP port (`allow { protocol = "tcp" } allow { protocol = "udp" }`); a deny-all
 * must deny every protocol.
 */
function isEverything(rule: FirewallRule, direction: string, action: string): boolean {
  const ranges = direction === "INGRESS" ? rule.sourceRanges : rule.destinationRanges;
  // An egress rule without destination_ranges applies to every destination.
  const everywhere = ranges.some(isInternet) || (direction === "EGRESS" && ranges.length === 0);
  return (
    rule.direction === direction &&
    rule.action === action &&
    !rule.disabled &&
    rule.targets.length === 0 &&
    everywhere &&
    (coversAllTraffic(rule) ||
      (action === "allow" && opensEveryPort(rule.protocols, "tcp") && opensEveryPort(rule.protocols, "udp")))
  );
}
