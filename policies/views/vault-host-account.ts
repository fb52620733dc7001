import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { get } from "../model/values";
import { literal, referencedResources } from "../model/resolve";

/**
 * Whether `value` (an IAM member `serviceAccount:<email>` or a bare email, as firewall rules write it) is the
 * service account a Vault host runs as: both references to the same google_service_account, or the same
 * address (literal, or derived from a declared account's account_id and project). A member that is not a
 * service account (user:, group:, domain:) never is.
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
  const valueText = textOf(scope, from, value, valueAccounts);
  if (valueText !== undefined && !isServiceAccountText(valueText)) return false;
  const expected = textOf(scope, host, email, hostAccounts);
  if (valueText !== undefined && expected !== undefined) {
    return strip(valueText) === strip(expected);
  }
  return new Unknown("the service account on one side is known only after apply");
}

/** A literal member or email, or the email of the declared account it references. */
function textOf(scope: Scope, owner: Resource, value: unknown, accounts: Resource[]): string | undefined {
  const text = literal(scope, owner, value);
  if (typeof text === "string") return text;
  return accounts.length > 0 ? declaredEmail(scope, accounts[0]) : undefined;
}

function strip(member: string): string {
  return member.replace(/^serviceAccount:/, "");
}

/** An IAM member naming a service account, or a bare email (as firewall rules name accounts). */
function isServiceAccountText(text: string): boolean {
  return text.startsWith("serviceAccount:") || !text.includes(":");
}

/** `<account_id>@<project>.iam.gserviceaccount.com` of a declared service account, when both are literal. */
function declaredEmail(scope: Scope, account: Resource): string | undefined {
  const id = literal(scope, account, account.attributes.account_id);
  const project = literal(scope, account, account.attributes.project);
  return typeof id === "string" && typeof project === "string"
    ? `${id}@${project}.iam.gserviceaccount.com`
    : undefined;
}
