import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, isBlock, list } from "../model/values";
import { literal, referencedResources } from "../model/resolve";

/** One role granted to some members by an IAM resource, with the IAM condition when there is one. */
export interface Grant {
  readonly resource: Resource;
  /** Attribute path the grant was read from (`member`, `members`, `policy_data.bindings.0`). */
  readonly path: string;
  readonly role: unknown;
  readonly members: readonly unknown[];
  readonly condition?: Record<string, unknown>;
}

/**
 * Every grant made through the `<base>_iam_member`, `<base>_iam_binding` and `<base>_iam_policy` resources
 * (base e.g. `google_project`, `google_kms_crypto_key`). An authoritative policy is read from its JSON
 * `policy_data` or from the `google_iam_policy` data source it references; one that cannot be read yields a
 * grant whose role is Unknown.
 */
export function iamGrants(scope: Scope, bases: readonly string[]): Grant[] {
  return bases.flatMap((base) =>
    [
      ...scope
        .ofType(`${base}_iam_member`)
        .map((r) => grant(r, "member", r.attributes, [r.attributes.member])),
      ...scope
        .ofType(`${base}_iam_binding`)
        .map((r) => grant(r, "members", r.attributes, list(r.attributes, "members"))),
      ...scope.ofType(`${base}_iam_policy`).flatMap((r) => policyGrants(scope, r)),
    ].map((g) => ({ ...g, role: roleOf(scope, g.resource, g.role) })),
  );
}

const CUSTOM_ROLES = ["google_project_iam_custom_role", "google_organization_iam_custom_role"];

/**
 * The role a grant names. A reference to a declared custom role stays as written (a custom role is judged by
 * what it is, not by a predefined name); a role read from a variable or computed is Unknown, never a string
 * that matches no predefined role.
 */
function roleOf(scope: Scope, from: Resource, role: unknown): unknown {
  if (typeof role !== "string" || !role.includes("${")) return role;
  if (referencedResources(scope, from, role).some((r) => CUSTOM_ROLES.includes(r.type))) return role;
  return literal(scope, from, role);
}

function grant(
  resource: Resource,
  path: string,
  binding: Record<string, unknown>,
  members: unknown[],
): Grant {
  const condition = get(binding, "condition");
  return { resource, path, role: binding.role, members, ...(isBlock(condition) ? { condition } : {}) };
}

function policyGrants(scope: Scope, resource: Resource): Grant[] {
  const data = resource.attributes.policy_data;
  const source = referencedResources(scope, resource, data).find((r) => r.type === "google_iam_policy");
  if (source) {
    return blocks(source.attributes, "binding").map((b, i) =>
      grant(resource, `policy_data(${source.address}).binding.${i}`, b, list(b, "members")),
    );
  }
  const parsed = parsePolicy(data);
  if (isUnknown(parsed)) return [{ resource, path: "policy_data", role: parsed, members: [] }];
  return parsed.map((b, i) => grant(resource, `policy_data.bindings.${i}`, b, list(b, "members")));
}

function parsePolicy(data: unknown): Record<string, unknown>[] | Unknown {
  if (isUnknown(data)) return data;
  if (typeof data !== "string" || data.includes("${"))
    return new Unknown(`policy_data ${String(data)} cannot be read`);
  try {
    return blocks(JSON.parse(data), "bindings");
  } catch {
    return new Unknown("policy_data is not valid JSON");
  }
}
