import type { Control, Evidence } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get } from "../../model/values";
import { literal } from "../../model/resolve";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { judgeStateBuckets } from "../../views/state-buckets";
import { targetsOf } from "../../views/load-balancer-targets";
import { ENC06CmekBuckets } from "../enc/ENC-06-cmek-buckets";
import { ENC09KeyLocation } from "../enc/ENC-09-key-location";
import { RES01ResourceLocations } from "../res/RES-01-resource-locations";
import { STO01UniformAccess } from "../sto/STO-01-uniform-access";
import { STO02PublicAccessPrevention } from "../sto/STO-02-public-access-prevention";
import { STO04ObjectRecovery } from "../sto/STO-04-object-recovery";

/** The bucket controls the access log bucket must pass: the logs are as sensitive as who they name. */
const LOG_BUCKET_CHECKS = [
  ENC06CmekBuckets,
  ENC09KeyLocation,
  STO01UniformAccess,
  STO02PublicAccessPrevention,
  STO04ObjectRecovery,
  RES01ResourceLocations,
];
const REQUIRED_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"];
/** Audit configs that cover Cloud Storage: its own service, or every service. */
const STORAGE_SERVICES = ["storage.googleapis.com", "allServices"];

export const STATE05AccessAudited: Control = {
  id: "STATE-05",
  title: "Every access to the Terraform state is logged",
  claim:
    "All access to infrastructure is logged: every read and write of the Terraform state is recorded in the " +
    "state bucket's usage logs, kept in a hardened log bucket, and in the state project's Data Access audit logs.",
  severity: "high",
  rationale:
    "The state holds every resource's attributes and secrets, and whoever writes it controls the next apply; " +
    "without Data Access audit logs Cloud Storage records no read of it at all, so a stolen state or a " +
    "tampered one leaves no trace. Usage logs (logging.log_bucket) record every request to the bucket, also " +
    "anonymous or denied ones, and must go to another bucket that is itself encrypted with a customer-managed " +
    "key, private, in an allowed region and keeps what it receives (retention or versioning). The audit " +
    "config (allServices or storage.googleapis.com, with ADMIN_READ, DATA_READ and DATA_WRITE, no exempted " +
    "member) must be on the bucket's project: the one the bucket names, or, when it names none, the project of " +
    "an audit config in the same stack.",
  remediation:
    "Set logging { log_bucket = <access log bucket> } on the state bucket, with a log bucket that passes " +
    "ENC-06, ENC-09, STO-01, STO-02, STO-04 and RES-01; declare google_project_iam_audit_config for the state " +
    'project with service = "storage.googleapis.com" (or "allServices") and audit_log_config for ADMIN_READ, ' +
    "DATA_READ and DATA_WRITE, without exempted_members.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The StateBucket construct writes usage logs to its own access log bucket (same key, uniform access, " +
    "public access prevention, 400-day retention) and declares the state project's Data Access audit config " +
    "for all services.",
  evaluate: (scope) => {
    // The bucket controls run once, and only when a state bucket logs to a declared bucket.
    let checks: { control: Control; results: ReturnType<Control["evaluate"]> }[] | undefined;
    const bucketChecks = () =>
      (checks ??= LOG_BUCKET_CHECKS.map((control) => ({ control, results: control.evaluate(scope) })));
    const bucketOf = targetsOf(scope, ["google_storage_bucket"]);
    const configs = scope.ofType("google_project_iam_audit_config");
    return judgeStateBuckets(scope, (bucket) => {
      const logs = judgeUsageLogs(bucket, bucketOf, bucketChecks);
      const audit = judgeAuditConfig(scope, bucket, configs);
      const found = [...logs.found, ...audit.found];
      const problems = [...logs.problems, ...audit.problems];
      if (problems.length > 0) return verdict("fail", bucket, problems.join("; "), found);
      const unknown = [...logs.unknown, ...audit.unknown];
      if (unknown.length > 0) return verdict("unknown", bucket, unknown.join("; "), found);
      return verdict("pass", bucket, `${logs.summary}; ${audit.summary}`, found);
    });
  },
};

interface Part {
  found: Evidence[];
  problems: string[];
  unknown: string[];
  summary: string;
}

function judgeUsageLogs(
  bucket: Resource,
  bucketOf: ReturnType<typeof targetsOf>,
  bucketChecks: () => { control: Control; results: ReturnType<Control["evaluate"]> }[],
): Part {
  const value = get(bucket.attributes, "logging.log_bucket");
  const part: Part = {
    found: [evidence("logging.log_bucket", value)],
    problems: [],
    unknown: [],
    summary: "",
  };
  if (!isSet(value)) {
    part.problems.push(
      "no usage logs (logging.log_bucket is not set): requests to the state are not recorded",
    );
    return part;
  }
  const target = bucketOf(bucket, value);
  if (target === undefined || isUnknown(target)) {
    part.unknown.push(
      `usage logs go to ${String(value)}, a bucket this configuration does not declare: its protection ` +
        "cannot be proven",
    );
    return part;
  }
  if (target.id === bucket.id) {
    part.problems.push("the state bucket logs to itself: whoever can change the state can erase the record");
    return part;
  }
  const own = bucketChecks().flatMap(({ control, results }) =>
    results.filter((r) => r.resource?.id === target.id).map((r) => ({ control, r })),
  );
  part.found.push(...own.map(({ control, r }) => evidence(`${target.address} ${control.id}`, r.status)));
  const failing = own.filter(({ r }) => r.status === "fail").map(({ control }) => control.id);
  if (failing.length > 0)
    part.problems.push(`access log bucket ${target.address} fails ${failing.join(", ")}`);
  const unknown = own.filter(({ r }) => r.status === "unknown").map(({ control }) => control.id);
  if (unknown.length > 0)
    part.unknown.push(`access log bucket ${target.address}: ${unknown.join(", ")} unknown`);
  part.summary = `usage logs to ${target.address} (passes ${LOG_BUCKET_CHECKS.map((c) => c.id).join(", ")})`;
  return part;
}

function judgeAuditConfig(scope: Scope, bucket: Resource, configs: readonly Resource[]): Part {
  const part: Part = { found: [], problems: [], unknown: [], summary: "" };
  const project = bucket.attributes.project;
  const named = isSet(project) ? literal(scope, bucket, project) : undefined;
  // The bucket's project: the one it names, else the provider's, which only configs in its own stack share.
  const onProject = configs.filter((config) => {
    if (named === undefined) return config.stack === bucket.stack;
    if (isUnknown(named)) return false;
    const target = literal(scope, config, config.attributes.project);
    return !isUnknown(target) && projectId(target) === projectId(named);
  });
  if (isUnknown(named)) {
    part.unknown.push(`the bucket's project is known only after apply (${named.reason})`);
    return part;
  }
  const storage = onProject.filter((c) => STORAGE_SERVICES.includes(String(c.attributes.service)));
  part.found.push(
    evidence("project", project),
    ...storage.map((c) => evidence(`${c.address}.audit_log_config`, c.attributes.audit_log_config)),
  );
  const where = named === undefined ? "in the bucket's stack" : `on project ${String(named)}`;
  if (storage.length === 0) {
    const later = onProject.filter((c) => isUnknown(c.attributes.service));
    if (later.length > 0)
      part.unknown.push(`the service of ${later.map((c) => c.address).join(", ")} is unknown`);
    else
      part.problems.push(
        `no Data Access audit config for Cloud Storage ${where} (google_project_iam_audit_config for ` +
          "storage.googleapis.com or allServices): reads of the state are not recorded",
      );
    return part;
  }
  // Google unions the service's config with allServices: an exemption in either exempts from both.
  const logConfigs = storage.flatMap((c) => blocks(c.attributes, "audit_log_config"));
  if (logConfigs.some((c) => isUnknown(c.log_type) || isUnknown(c.exempted_members)))
    part.unknown.push("some audit log types or exemptions are known only after apply");
  const types = new Set(logConfigs.map((c) => c.log_type));
  const missing = REQUIRED_LOG_TYPES.filter((type) => !types.has(type));
  if (missing.length > 0)
    part.problems.push(`Cloud Storage audit config ${where} misses ${missing.join(", ")}`);
  const exempted = logConfigs.filter((c) => isSet(c.exempted_members) && !isUnknown(c.exempted_members));
  if (exempted.length > 0)
    part.problems.push(
      `Cloud Storage audit config ${where} exempts ${exempted
        .map((c) => `${String(c.log_type)}: ${String(c.exempted_members)}`)
        .join("; ")}`,
    );
  part.summary = `Data Access audit logs ${where} by ${storage.map((c) => c.address).join(", ")}`;
  return part;
}

/** `projects/acme` and `acme` name the same project. */
function projectId(value: unknown): string {
  return String(value).replace(/^projects\//, "");
}
