import type { Evidence, Result } from "../control";
import { type Resource, type Scope, isUnknown } from "../model/types";
import { blocks, truthy } from "../model/values";
import { CRYPTO_KEY, KEY_RING } from "./kms";
import { designates, literal } from "../model/resolve";
import { verdict } from "../judge/results";
import type { HclDocument } from "../../lib/hcl-reader";
import { configEvidence, judgeVaultHosts } from "./vault-hosts";

/** What one gcpckms seal of a Vault configuration names, resolved against the declared keys. */
export type SealKey =
  | {
      readonly status: "resolved";
      readonly key: Resource;
      readonly ring: Resource;
      readonly evidence: Evidence[];
    }
  | { readonly status: "fail" | "unknown"; readonly message: string; readonly evidence: Evidence[] };

/** The gcpckms seals Vault uses: every one not marked `disabled` (a seal being migrated away from). */
export function activeGcpKmsSeals(config: HclDocument): Record<string, unknown>[] {
  return blocks(config, "seal.gcpckms").filter((seal) => truthy(seal.disabled) !== true);
}

/**
 * Resolves a gcpckms seal to the google_kms_key_ring and google_kms_crypto_key it names: by reference (cdktf
 * tokens, also across stacks), or by literal names (a plan, hand-written HCL), where the key ring must also be
 * in the seal's `region` and the key in that ring.
 */
export function resolveSealKey(scope: Scope, host: Resource, seal: Record<string, unknown>): SealKey {
  const found = ["project", "region", "key_ring", "crypto_key"].map((name) =>
    configEvidence(`seal.gcpckms.${name}`, seal[name]),
  );
  const fail = (message: string): SealKey => ({ status: "fail", message, evidence: found });
  const region = literal(scope, host, seal.region);
  if (isUnknown(region))
    return {
      status: "unknown",
      message: `the seal's region is not known before apply (${region.reason})`,
      evidence: found,
    };
  if (typeof region !== "string" || region === "")
    return fail("the seal sets no region: Vault would look for the key ring in us-east-1");
  const ring = resolveByName(scope, host, seal.key_ring, KEY_RING, (r) =>
    sameText(literal(scope, r, r.attributes.location), region),
  );
  if (!isResource(ring)) return { ...ring, evidence: found };
  const key = resolveByName(
    scope,
    host,
    seal.crypto_key,
    CRYPTO_KEY,
    (k) => designates(scope, k, k.attributes.key_ring, ring) === true,
  );
  if (!isResource(key)) return { ...key, evidence: found };
  const inRing = designates(scope, key, key.attributes.key_ring, ring);
  if (isUnknown(inRing))
    return {
      status: "unknown",
      message: `${key.address}.key_ring is known only after apply`,
      evidence: found,
    };
  if (!inRing) return fail(`${key.address} is not in the key ring ${ring.address} the seal names`);
  const location = literal(scope, ring, ring.attributes.location);
  if (typeof location === "string" && !sameText(location, region)) {
    return fail(`the seal's region ${region} is not the location ${location} of ${ring.address}`);
  }
  return {
    status: "resolved",
    key,
    ring,
    evidence: [...found, { path: "seal key", value: `${key.stack}/${key.address}` }],
  };
}

type Problem = { readonly status: "fail" | "unknown"; readonly message: string };

/**
 * The declared resource of `type` a seal value names: the target of its reference (which must read the
 * resource's `name`), or the one resource of that type whose name is the literal and that `fits`.
 */
function resolveByName(
  scope: Scope,
  host: Resource,
  value: unknown,
  type: string,
  fits: (candidate: Resource) => boolean,
): Resource | Problem {
  const what = type === KEY_RING ? "key ring" : "crypto key";
  const fail = (message: string): Problem => ({ status: "fail", message });
  if (isUnknown(value)) return { status: "unknown", message: `the seal's ${what} is known only after apply` };
  if (typeof value !== "string" || value === "") return fail(`the seal names no ${what}`);
  if (value.includes("${")) {
    const refs = scope.references(host, value);
    if (refs.length === 0)
      return { status: "unknown", message: `the seal's ${what} ${value} is an unresolved reference` };
    const target = refs.find((r) => r.resource.type === type && r.attribute === "name");
    return (
      target?.resource ??
      fail(`the seal's ${what} reads ${refs[0].resource.address}.${refs[0].attribute}, not a ${type} name`)
    );
  }
  const named = scope.ofType(type).filter((r) => literal(scope, r, r.attributes.name) === value && fits(r));
  if (named.length === 1) return named[0];
  return fail(
    named.length === 0
      ? `the seal's ${what} "${value}" is not declared in environment ${scope.environment}`
      : `the seal's ${what} "${value}" matches ${named.length} declared ${type} resources`,
  );
}

function isResource(value: Resource | Problem): value is Resource {
  return "address" in value;
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/**
 * Runs `judge` for the key of every active gcpckms seal of every Vault host. A seal whose key cannot be
 * resolved is unknown here (SEC-01 reports why); a host without such a seal is left to SEC-01.
 */
export function judgeSealKeys(
  scope: Scope,
  judge: (host: Resource, key: Resource, ring: Resource, found: Evidence[]) => Result[],
): Result[] {
  return judgeVaultHosts(scope, (host) => {
    const seals = activeGcpKmsSeals(host.config);
    if (seals.length === 0) return [verdict("not-applicable", host.resource, "no gcpckms seal (see SEC-01)")];
    return seals.flatMap((seal) => {
      const sealKey = resolveSealKey(scope, host.resource, seal);
      return sealKey.status === "resolved"
        ? judge(host.resource, sealKey.key, sealKey.ring, sealKey.evidence)
        : [verdict("unknown", host.resource, `seal key not resolved: ${sealKey.message}`, sealKey.evidence)];
    });
  });
}
