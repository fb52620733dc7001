import type { Control, Result } from "../../control";
import type { Scope } from "../../model/types";
import { list } from "../../model/values";
import { PUBLIC_MEMBERS } from "../shared/principals";
import { judgePublicGrants } from "../shared/public-grants";
import { evidence, verdict } from "../shared/results";

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

export const noPublicBuckets: Control = {
  id: "STO-03",
  title: "No public access to buckets or objects",
  claim: "No bucket, managed folder or object grants access to allUsers or allAuthenticatedUsers.",
  severity: "critical",
  rationale:
    "A public grant exposes the data to anyone on the internet (or any Google account) and is found by scanners within hours.",
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
  const pairs = ROLE_ENTITY_ACLS.flatMap((type) => scope.ofType(type)).map((r) => ({
    r,
    path: "role_entity",
    values: list(r.attributes, "role_entity"),
  }));
  return [...entities, ...pairs].map(({ r, path, values }) => {
    const found = [evidence(path, values)];
    const publicOnes = values.filter(
      (v) => typeof v === "string" && PUBLIC_MEMBERS.includes(v.split(":").pop() ?? ""),
    );
    return publicOnes.length > 0
      ? verdict("fail", r, `ACL grants ${publicOnes.join(", ")}`, found)
      : verdict("pass", r, "ACL names no public entity", found);
  });
}
