import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { bucketDataLocations } from "../../views/cmek";
import { storageLocation } from "../../views/locations";
import { orgPolicy } from "../../views/org-policy";
import { isSet, presenceProven } from "../../judge/presence";
import { literal } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { type AllowedLocations, allowedLocations, isAllowed } from "../../views/allowed-locations";
import { LOCATED, type LocatedAttribute } from "../../views/located-attributes";

const POLICY = "gcp.resourceLocations";

export const RES01ResourceLocations: Control = {
  id: "RES-01",
  title: "Every located resource is in an allowed region",
  claim:
    "All data and compute stay in the environment's allowed regions: buckets, disks, VMs, databases and their " +
    "backups, snapshots, keys, logs and secrets.",
  severity: "high",
  rationale:
    "Data residency obligations are met only if nothing is stored or processed elsewhere, including copies " +
    "Google places by default (multi-region snapshots and SQL backups, automatic secret replication, global " +
    "log buckets and key rings). The allowed regions are read from the project's gcp.resourceLocations " +
    "policy, so the Terraform itself is the source of truth.",
  remediation:
    "Set the resource's region / location (and snapshot storage_locations, SQL backup location, secret replicas) " +
    "to a region the gcp.resourceLocations policy allows.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "Stacks place everything in primaryRegion or backupRegion; the foundation stack restricts gcp.resourceLocations to allowedRegions.",
  evaluate: (scope) => {
    const policy = orgPolicy(scope, POLICY);
    if (!policy)
      return [projectVerdict("fail", `no ${POLICY} org policy: the allowed regions are not declared`)];
    const allowed = allowedLocations(policy);
    if (!allowed)
      return [
        verdict("fail", policy, `${POLICY} allows all locations`, [
          evidence("spec", get(policy.attributes, "spec")),
        ]),
      ];
    const located = Object.keys(LOCATED).flatMap((type) => scope.ofType(type));
    if (located.length === 0)
      return [projectVerdict("not-applicable", `no located resource in environment ${scope.environment}`)];
    // Allowed regions declared by a policy that may not be created restrict nothing for certain.
    return located.map((resource) => presenceProven(judge(scope, resource, allowed), policy));
  },
};

interface Finding {
  readonly path: string;
  readonly value: unknown;
  readonly problem?: string;
  readonly unknown?: string;
}

function judge(scope: Scope, resource: Resource, allowed: AllowedLocations): Result {
  const findings = LOCATED[resource.type].flatMap((attribute) => read(scope, resource, attribute, allowed));
  const found = findings.map((f) => evidence(f.path, f.value));
  const problems = findings.flatMap((f) => (f.problem ? [`${f.path}: ${f.problem}`] : []));
  if (problems.length > 0) return verdict("fail", resource, problems.join("; "), found);
  const unknowns = findings.flatMap((f) => (f.unknown ? [`${f.path}: ${f.unknown}`] : []));
  if (unknowns.length > 0) return verdict("unknown", resource, unknowns.join("; "), found);
  return verdict(
    "pass",
    resource,
    `in ${[...new Set(findings.map((f) => String(f.value)))].join(", ")}`,
    found,
  );
}

function read(
  scope: Scope,
  resource: Resource,
  attribute: LocatedAttribute,
  allowed: AllowedLocations,
): Finding[] {
  if (attribute.onlyIf) {
    const guard = get(resource.attributes, attribute.onlyIf);
    if (!isSet(guard) || guard === false || guard === "false") return [];
  }
  const raw = valuesAt(resource.attributes, attribute.path).map((v) => literal(scope, resource, v));
  const path = attribute.path;
  if (raw.length === 0 || raw.every((v) => !isSet(v))) {
    if (attribute.whenAbsent === "skip") return [];
    return attribute.whenAbsent === "provider"
      ? [
          {
            path,
            value: undefined,
            unknown: "not set: the provider's default region applies, which the model does not carry",
          },
        ]
      : [{ path, value: undefined, problem: "not set: Google stores it in a multi-region of its choice" }];
  }
  return raw.map((value) => {
    if (isUnknown(value)) return { path, value, unknown: `known only after apply (${value.reason})` };
    if (typeof value !== "string") return { path, value, unknown: "not a location" };
    return { path, value, ...place(resource, attribute, value, allowed) };
  });
}

/** Why a location is refused, or why it cannot be judged; nothing when allowed. */
function place(
  resource: Resource,
  attribute: LocatedAttribute,
  value: string,
  allowed: AllowedLocations,
): Partial<Finding> {
  const regions = (): string[] | Partial<Finding> => {
    if (attribute.kind !== "bucket") return [value];
    const bucket = storageLocation(value, bucketDataLocations(resource));
    if (bucket.kind === "multi-region")
      return { problem: `multi-region ${value} spans regions outside the allowed list` };
    if (bucket.kind === "unrecognised") return { unknown: `Cloud Storage location ${value} is not modelled` };
    return [...bucket.regions];
  };
  const names = regions();
  if (!Array.isArray(names)) return names;
  const verdicts = names.map((name) => ({ name, allowed: isAllowed(allowed, name) }));
  const refused = verdicts.filter((v) => v.allowed === false).map((v) => v.name);
  if (refused.length > 0)
    return { problem: `${refused.join(", ")} is not an allowed region (${[...allowed.regions].join(", ")})` };
  const open = verdicts.filter((v) => v.allowed === undefined).map((v) => v.name);
  if (open.length > 0)
    return {
      unknown: `${open.join(", ")} may be in ${allowed.unmodelled.join(", ")}, which is not modelled`,
    };
  return {};
}

/** Values at a dotted path where `*` steps into every item of a list. */
function valuesAt(value: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split(".*.");
  const found = get(value, head);
  if (rest.length === 0) return Array.isArray(found) ? found : [found];
  const items = Array.isArray(found) ? found : found === undefined ? [] : [found];
  return items.flatMap((item) => valuesAt(item, rest.join(".*.")));
}
