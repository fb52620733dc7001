import {
  PACKAGE_EGRESS_HOSTS,
  PACKAGE_EGRESS_HOST_TAGS,
  type PackageEgressHost,
} from "../../shared/package-sources";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, list } from "../model/values";
import { literal, referencedResources } from "../model/resolve";
import { VM_TYPES } from "./cmek";
import { isTrue } from "./org-policy";

/** A Vault node, Wazuh manager or Zeek sensor (VM or template), found by its network tag. */
export interface PackageEgressVm {
  readonly resource: Resource;
  readonly kind: PackageEgressHost;
  readonly tags: readonly string[];
  /** Its service account e-mail; undefined when it runs as the Compute Engine default account. */
  readonly serviceAccount: string | Unknown | undefined;
}

export function packageEgressVms(scope: Scope): PackageEgressVm[] {
  return VM_TYPES.flatMap((type) => scope.ofType(type)).flatMap((resource) => {
    const tags = list(resource.attributes, "tags").filter((t): t is string => typeof t === "string");
    const kind = PACKAGE_EGRESS_HOSTS.find((host) => tags.includes(PACKAGE_EGRESS_HOST_TAGS[host]));
    return kind ? [{ resource, kind, tags, serviceAccount: serviceAccountEmail(scope, resource) }] : [];
  });
}

/**
 * The e-mail a VM runs as: a literal, or `account_id@project.iam.gserviceaccount.com` of the referenced
 * google_service_account (its `email` is known only after apply, but follows from those two).
 */
function serviceAccountEmail(scope: Scope, vm: Resource): string | Unknown | undefined {
  const raw = blocks(vm.attributes, "service_account")[0]?.email;
  if (raw === undefined || raw === null) return undefined;
  const value = literal(scope, vm, raw);
  if (typeof value === "string") return value;
  const account = referencedResources(scope, vm, raw).find((r) => r.type === "google_service_account");
  if (account) {
    const id = literal(scope, account, account.attributes.account_id);
    const project = literal(scope, account, account.attributes.project);
    if (typeof id === "string" && typeof project === "string")
      return `${id}@${project}.iam.gserviceaccount.com`;
  }
  return isUnknown(value) ? value : new Unknown(`service account ${String(raw)} is not a literal`);
}

export const POLICY_RULE_TYPES = [
  "google_compute_network_firewall_policy_rule",
  "google_compute_region_network_firewall_policy_rule",
];

/** Whether a firewall policy rule applies to the VM: untargeted, or targeting its service account. */
export function policyRuleApplies(rule: Resource, vm: PackageEgressVm): boolean | Unknown {
  const accounts = list(rule.attributes, "target_service_accounts");
  const secureTags = list(rule.attributes, "target_secure_tags");
  if (accounts.length === 0 && secureTags.length === 0) return true;
  if (isUnknown(vm.serviceAccount)) return vm.serviceAccount;
  return vm.serviceAccount !== undefined && accounts.includes(vm.serviceAccount);
}

/** Whether a VPC firewall rule applies to the VM: untargeted, one of its tags, or its service account. */
export function vpcRuleApplies(rule: Resource, vm: PackageEgressVm): boolean | Unknown {
  const tags = list(rule.attributes, "target_tags");
  const accounts = list(rule.attributes, "target_service_accounts");
  if (tags.length === 0 && accounts.length === 0) return true;
  if (tags.some((tag) => typeof tag === "string" && vm.tags.includes(tag))) return true;
  if (accounts.length === 0) return false;
  if (isUnknown(vm.serviceAccount)) return vm.serviceAccount;
  return vm.serviceAccount !== undefined && accounts.includes(vm.serviceAccount);
}

export function enabled(rule: Resource): boolean {
  return !isTrue(rule.attributes.disabled);
}
