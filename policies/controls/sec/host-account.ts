import { type Resource, type Scope, Unknown, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { literal, referencedResources } from "../shared/resolve";

/**
 * Whether `value` (an IAM member `serviceAccount:<email>` or a bare email, as firewall rules write it) is the
 * service account a Vault host runs as: both references to the same google_service_account, or equal literals.
 */
export function isHostAccount(
  scope: Scope,
  from: Resource,
  value: unknown,
  host: Resource,
): boolean | Unknown {
  const email = get(host.attributes, "service_account.email");
  if (isUnknown(value)) return value;
  if (isUnknown(email)) return email;
  const accounts = (owner: Resource, text: unknown) =>
    referencedResources(scope, owner, text).filter((r) => r.type === "google_service_account");
  const hostAccounts = accounts(host, email);
  const valueAccounts = accounts(from, value);
  if (hostAccounts.length > 0 && valueAccounts.length > 0) {
    return valueAccounts.some((v) => hostAccounts.some((h) => h.id === v.id));
  }
  const valueText = literal(scope, from, value);
  const emailText = literal(scope, host, email);
  if (typeof valueText === "string" && typeof emailText === "string") {
    return valueText.replace(/^serviceAccount:/, "") === emailText;
  }
  return hostAccounts.length > 0 || valueAccounts.length > 0
    ? new Unknown("the service account on one side is known only after apply")
    : false;
}
