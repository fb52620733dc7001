import { type HclDocument, HclSyntaxError, readHcl } from "../../lib/hcl-reader";
import type { Result } from "../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { literal } from "../model/resolve";
import { blocks, get, list } from "../model/values";
import { projectVerdict } from "../judge/results";

/** Resources and data sources of the Vault provider: what lives inside Vault, declared in Terraform. */
export function vaultResources(scope: Scope): Resource[] {
  return scope.resources.filter((r) => r.type.startsWith("vault_"));
}

/** Judges every managed resource of the types; not-applicable at project level when Vault is not configured. */
export function judgeVaultResources(
  scope: Scope,
  types: (type: string) => boolean,
  what: string,
  judge: (resource: Resource) => Result | Result[],
): Result[] {
  const found = scope.resources.filter((r) => r.mode === "managed" && types(r.type));
  if (found.length === 0)
    return [projectVerdict("not-applicable", `no ${what} in environment ${scope.environment}`)];
  return found.flatMap(judge);
}

/**
 * A duration in seconds as the Vault provider takes it (a number, or a string of digits, optionally ending in
 * `s`); undefined when unset, Unknown when known only after apply, NaN when it is something else.
 */
export function seconds(scope: Scope, resource: Resource, path: string): number | undefined | Unknown {
  const value = literal(scope, resource, get(resource.attributes, path));
  if (isUnknown(value)) return value;
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+s?$/.test(value)) return Number(value.replace(/s$/, ""));
  if (typeof value === "string" && value.includes("${")) return new Unknown(`computed from ${value}`);
  return NaN;
}

/** Checks one TTL against a bound: a problem, or undefined when it holds. Unknown when not known before apply. */
export function ttlProblem(
  value: number | undefined | Unknown,
  path: string,
  max: number,
): string | Unknown | undefined {
  if (isUnknown(value)) return value;
  if (value === undefined) return `${path} is not set: the mount's or system default applies (up to 32 days)`;
  if (Number.isNaN(value)) return `${path} is not a number of seconds`;
  if (value <= 0) return `${path} is ${value}: 0 means the system default (32 days)`;
  if (value > max) return `${path} is ${value} s, more than ${max} s`;
  return undefined;
}

/** One `path` stanza of a Vault ACL policy. */
export interface PolicyRule {
  readonly path: string;
  readonly capabilities: readonly unknown[];
}

/**
 * The rules of a policy text, HCL or JSON (Vault takes both); a string saying why when it cannot be read.
 * A `path` written twice keeps both stanzas: Vault merges their capabilities.
 */
export function policyRules(text: string): PolicyRule[] | string {
  let doc: HclDocument;
  try {
    doc = text.trimStart().startsWith("{") ? (JSON.parse(text) as HclDocument) : readHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError || error instanceof SyntaxError)
      return `unreadable policy: ${error.message}`;
    throw error;
  }
  const paths = doc.path;
  if (paths === undefined) return [];
  if (paths === null || typeof paths !== "object" || Array.isArray(paths)) return "`path` is not a block";
  return Object.entries(paths as Record<string, unknown>).flatMap(([path, body]) =>
    (Array.isArray(body) ? body : [body]).map((stanza) => ({
      path,
      capabilities: list(stanza, "capabilities"),
    })),
  );
}

/** A vault_policy with its rules: read from its text, or from the vault_policy_document it names. */
export interface DeclaredPolicy {
  readonly resource: Resource;
  readonly name: unknown;
  readonly rules: PolicyRule[] | string | Unknown;
}

export function declaredPolicies(scope: Scope): DeclaredPolicy[] {
  return scope.ofType("vault_policy").map((resource) => {
    const raw = get(resource.attributes, "policy");
    const document = scope
      .references(resource, raw)
      .find((ref) => ref.resource.type === "vault_policy_document" && ref.resource.mode === "data");
    if (document) {
      const rules = blocks(document.resource.attributes, "rule").map((rule) => ({
        path: String(get(rule, "path")),
        capabilities: list(rule, "capabilities"),
      }));
      return { resource, name: get(resource.attributes, "name"), rules };
    }
    const text = literal(scope, resource, raw);
    const rules = isUnknown(text)
      ? text
      : typeof text === "string"
        ? policyRules(text)
        : `the policy is not text: ${JSON.stringify(text)}`;
    return { resource, name: literal(scope, resource, get(resource.attributes, "name")), rules };
  });
}

/**
 * Whether a policy path matches every request path: `*`, or only `+` segments before the final `*`
 * (`+/*`, `+/+/*`), with or without a leading slash.
 */
export function matchesEverything(path: string): boolean {
  return /^\/?(\+\/)*\*$/.test(path);
}

/** One piece of a policy path as Vault matches it: a literal character, a `+` segment, or the final `*`. */
type PathToken = { readonly char: string } | "segment" | "glob";

function pathTokens(path: string): PathToken[] {
  const segments = path.replace(/^\//, "").split("/");
  return segments.flatMap((segment, index): PathToken[] => {
    const last = index === segments.length - 1;
    const slash: PathToken[] = last ? [] : [{ char: "/" }];
    if (segment === "+") return ["segment", ...slash];
    const glob = last && segment.endsWith("*");
    const chars = [...(glob ? segment.slice(0, -1) : segment)].map((char): PathToken => ({ char }));
    return [...chars, ...(glob ? ["glob" as const] : []), ...slash];
  });
}

/**
 * Whether a policy path matches at least one request path that starts with `prefix` (`longer`: and goes on
 * past it). Vault's syntax: literal characters, `+` for one whole segment (one or more characters, no `/`),
 * and a `*` at the end for any suffix. `sys/*`, `sys/policies/+/x*` and `+/policies/acl/app` all reach
 * `sys/policies/acl/`; `sys/policies/acl` (the list endpoint) does not go past it.
 */
export function reachesUnder(path: string, prefix: string, longer = false): boolean {
  const tokens = pathTokens(path);
  const from = (i: number, j: number): boolean => {
    if (j === prefix.length) return longer ? i < tokens.length : true;
    if (i === tokens.length) return false;
    const token = tokens[i];
    if (token === "glob") return true;
    if (token !== "segment") return token.char === prefix[j] && from(i + 1, j + 1);
    for (let k = j; k < prefix.length && prefix[k] !== "/"; k++) if (from(i + 1, k + 1)) return true;
    // The segment can also run past the end of the prefix: the rest of the path then matches anything.
    return !prefix.slice(j).includes("/");
  };
  return from(0, 0);
}

/**
 * Whether a policy path matches every request path under `prefix` (`sys/`): its literal characters and whole
 * `+` segments consume the prefix, then a `*` (`*`, `sys/*`, `s*`, `+/*`).
 */
export function matchesAllUnder(path: string, prefix: string): boolean {
  const tokens = pathTokens(path);
  let j = 0;
  for (const token of tokens) {
    if (token === "glob") return true;
    if (j === prefix.length) return false;
    if (token === "segment") {
      const end = prefix.indexOf("/", j);
      if (end <= j) return false;
      j = end;
    } else if (token.char === prefix[j]) j++;
    else return false;
  }
  return false;
}

/** Where `sudo` is root-equivalent: every system path, the raw storage, the audit devices. */
export const ROOT_EQUIVALENT_SUDO = { everythingUnder: "sys/", reaching: ["sys/raw", "sys/audit"] } as const;

/**
 * Writing any of these grants the writer anything: a policy (its own included), or a token role's policies.
 * `sys/policy/` is the older name of `sys/policies/acl/`.
 */
export const SELF_GRANTING_PREFIXES = ["sys/policies/acl/", "sys/policy/", "auth/token/roles/"] as const;

/** Capabilities that write: what `vault policy write` and `vault write auth/token/roles/x` need. */
export const WRITE_CAPABILITIES = ["create", "update", "patch"] as const;

/** Whether a rule gives `sudo` where it is root-equivalent (every path, every system path, raw storage, audit). */
export function rootEquivalentSudo(rule: PolicyRule): boolean {
  if (!rule.capabilities.includes("sudo")) return false;
  return (
    matchesEverything(rule.path) ||
    matchesAllUnder(rule.path, ROOT_EQUIVALENT_SUDO.everythingUnder) ||
    ROOT_EQUIVALENT_SUDO.reaching.some((prefix) => reachesUnder(rule.path, prefix))
  );
}

/** The self-granting prefixes a rule can write under (none: it cannot rewrite a policy or a token role). */
export function selfGrantingWrites(rule: PolicyRule): string[] {
  if (!WRITE_CAPABILITIES.some((capability) => rule.capabilities.includes(capability))) return [];
  return SELF_GRANTING_PREFIXES.filter((prefix) => reachesUnder(rule.path, prefix, true));
}
