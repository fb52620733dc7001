import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { referencedResources } from "../model/resolve";

/** Who an IAM member string designates. */
export type PrincipalKind =
  | "public"
  | "user"
  | "group"
  | "domain"
  /** A Google-managed service agent (`service-<number>@...`, `gs-project-accounts`, `gcp-sa-*`). */
  | "service-agent"
  /** The Compute Engine or App Engine default service account. */
  | "default-service-account"
  /** A user-managed service account (`<id>@<project>.iam.gserviceaccount.com`). */
  | "service-account"
  | "other";

export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/**
 * Service agents live in Google-owned domains: `gcp-sa-<service>` and a few older ones. Any other domain is a
 * project someone created, where an account may well be named `service-<digits>`.
 */
const LEGACY_AGENT_DOMAINS = [
  "compute-system",
  "gs-project-accounts",
  "container-engine-robot",
  "containerregistry",
  "cloud-ml",
  "cloud-filer",
  "dataflow-service-producer-prod",
  "serverless-robot-prod",
  "gcf-admin-robot",
  "dataproc-accounts",
  "cloudcomposer-accounts",
  "cloud-redis",
  "cloud-tpu",
  "firebase-rules",
  "genomics-api",
  "sourcerepo-service-accounts",
];
// Emails compare case-insensitively (IAM stores them lower-cased).
const SERVICE_AGENT = new RegExp(
  `^service-(\\d+)@(gcp-sa-[a-z0-9-]+|${LEGACY_AGENT_DOMAINS.join("|")})\\.iam\\.gserviceaccount\\.com$`,
  "i",
);
const DEFAULT_SERVICE_ACCOUNT =
  /^((\d+)-compute@developer\.gserviceaccount\.com|[a-z0-9-]+@appspot\.gserviceaccount\.com)$/i;
/**
 * A user-managed service account: `<account>@<project>.iam.gserviceaccount.com`, or for a domain-scoped project
 * (`example.com:my-project`) `<account>@my-project.example.com.iam.gserviceaccount.com`.
 */
const SERVICE_ACCOUNT = /^[a-z0-9-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.iam\.gserviceaccount\.com$/i;

/** Resource types whose address output is a service agent's, or a dedicated / default service account's. */
const KIND_OF_SOURCE: Readonly<Record<string, PrincipalKind>> = {
  google_service_account: "service-account",
  google_storage_project_service_account: "service-agent",
  google_logging_project_cmek_settings: "service-agent",
  google_project_service_identity: "service-agent",
  google_bigquery_default_service_account: "service-agent",
  google_backup_dr_backup_vault: "service-agent",
  google_compute_default_service_account: "default-service-account",
};

/**
 * The project number a Google-owned account's email names (`service-<number>@gcp-sa-*`,
 * `<number>-compute@developer`), with or without the `serviceAccount:` prefix; undefined for any other value.
 */
export function projectNumberOf(value: string): string | undefined {
  const email = value.replace(/^serviceAccount:/, "");
  return SERVICE_AGENT.exec(email)?.[1] ?? DEFAULT_SERVICE_ACCOUNT.exec(email)?.[2];
}

/**
 * Classifies a member. A reference to a service account or service agent resource is classified by that
 * resource; any other interpolation is read as a placeholder inside the literal text, so
 * `serviceAccount:service-${data.google_project.p.number}@compute-system.iam.gserviceaccount.com` is a
 * service agent. A reference the model cannot resolve is Unknown.
 */
export function principalKind(scope: Scope, from: Resource, member: unknown): PrincipalKind | Unknown {
  if (isUnknown(member)) return member;
  if (typeof member !== "string") return new Unknown(`member ${JSON.stringify(member)} is not a string`);
  if (member.includes("${")) {
    const targets = referencedResources(scope, from, member);
    const known = targets.map((t) => KIND_OF_SOURCE[t.type]).find((kind) => kind !== undefined);
    if (known) return known;
    if (targets.length === 0) return new Unknown(`unresolved reference in member ${member}`);
  }
  return literalKind(member.replace(/\$\{[^}]*\}/g, "0"));
}

function literalKind(member: string): PrincipalKind {
  if (PUBLIC_MEMBERS.includes(member)) return "public";
  const [prefix, identity = ""] = member.split(/:(.*)/s);
  switch (prefix) {
    case "user":
      return "user";
    case "group":
      return "group";
    case "domain":
      return "domain";
    case "serviceAccount":
      if (SERVICE_AGENT.test(identity)) return "service-agent";
      if (DEFAULT_SERVICE_ACCOUNT.test(identity)) return "default-service-account";
      return SERVICE_ACCOUNT.test(identity) ? "service-account" : "other";
    default:
      return "other";
  }
}
