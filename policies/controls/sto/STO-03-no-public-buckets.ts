import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { list } from "../../model/values";
import { PUBLIC_MEMBERS } from "../../views/principals";
import { judgePublicGrants } from "../../views/public-grants";
import { evidence, verdict } from "../../judge/results";
import { appendTo } from "../../../lib/multimap";

/** ACL resources naming one entity, and those listing `ROLE:entity` pairs. */
const ENTITY_ACLS = [
  "google_storage_bucket_access_control",
  "google_storage_default_object_access_control",
  "google_storage_object_access_control",
];
const ROLE_ENTITY_ACLS = [
  "google_storage_bucket_acl",
  "google_storage_default_object_acl",
  "google_storage_object_acl",
];
/** Canned ACLs (`predefined_acl` of the bucket and object ACL resources) that grant to the public. */
const PUBLIC_CANNED_ACLS = ["publicRead", "publicReadWrite", "authenticatedRead"];

export const STO03NoPublicBuckets: Control = {
  id: "STO-03",
  title: "No public access to buckets or objects",
  claim: "No bucket, managed folder or object grants access to allUsers or allAuthenticatedUsers.",
  severity: "critical",
  rationale:
    "A public grant exposes the data to anyone on the internet (or any Google account) and is found by scanners within hours. " +
    "Checkov's CKV_GCP_28 and trivy's AVD-GCP-0001 read IAM members and bindings only; a public ACL " +
    "(READER:allUsers, predefined publicRead) fails here too.",
  remediation:
    "Remove allUsers and allAuthenticatedUsers from google_storage_bucket_iam_*, google_storage_managed_folder_iam_* and " +
    "storage ACL resources.",
  references: { cis: ["5.1"], checkov: ["CKV_GCP_28"], trivy: ["AVD-GCP-0001"] },
  implementation:
    "The baseline grants bucket access only to named service accounts; public access prevention blocks the rest.",
  evaluate: (scope) => {
    const iam = judgePublicGrants(
      scope,
      ["google_storage_bucket", "google_storage_managed_folder"],
      "buckets or managed folders",
    );
    const acls = aclVerdicts(scope);
    // Without IAM grants the IAM check says so at project level; ACL verdicts, when there are any, replace it.
    return acls.length > 0 && iam.every((r) => r.resource === undefined) ? acls : [...iam, ...acls];
  },
};

function aclVerdicts(scope: Scope): Result[] {
  const entities = ENTITY_ACLS.flatMap((type) => scope.ofType(type)).map((r) => ({
    r,
    path: "entity",
    values: [r.attributes.entity],
  }));
  const pairs = ROLE_ENTITY_ACLS.flatMap((type) => scope.ofType(type)).flatMap((r) => [
    { r, path: "role_entity", values: list(r.attributes, "role_entity") },
    ...(r.attributes.predefined_acl === undefined
      ? []
      : [{ r, path: "predefined_acl", values: [r.attributes.predefined_acl] }]),
  ]);
  const byResource = new Map<Resource, { path: string; values: unknown[] }[]>();
  for (const { r, ...acl } of [...entities, ...pairs]) appendTo(byResource, r, acl);
  return [...byResource].map(([r, acls]) => {
    const found = acls.map(({ path, values }) => evidence(path, values));
    const values = acls.flatMap((acl) => acl.values);
    const publicOnes = values.filter(
      (v) =>
        typeof v === "string" &&
        (PUBLIC_MEMBERS.includes(v.split(":").pop() ?? "") || PUBLIC_CANNED_ACLS.includes(v)),
    );
    if (publicOnes.length > 0) return verdict("fail", r, `ACL grants ${publicOnes.join(", ")}`, found);
    if (values.some((v) => isUnknown(v) || (typeof v === "string" && v.includes("${"))))
      return verdict("unknown", r, "some ACL entries are known only after apply", found);
    return verdict("pass", r, "ACL names no public entity", found);
  });
}
