import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { blocks } from "../../model/values";
import { evidence, projectVerdict, verdict } from "../shared/results";

const REQUIRED_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

export const auditConfig: Control = {
  id: "MON-01",
  title: "Data Access audit logs for all services",
  claim:
    "Audit trail of administrative actions: every service records admin reads, data reads and data writes, " +
    "for every user, with no exemptions.",
  severity: "high",
  rationale:
    "Admin Activity logs are always on, but who read or changed data is only recorded when Data Access logs " +
    "are enabled; an exempted member is a principal whose actions leave no trace.",
  remediation:
    'Declare google_project_iam_audit_config with service = "allServices" and one audit_log_config each for ' +
    "ADMIN_READ, DATA_READ and DATA_WRITE, without exempted_members.",
  references: { cis: ["2.1"], checkov: ["CKV2_GCP_8"], trivy: ["AVD-GCP-0079"] },
  implementation:
    "The foundation stack's audit config enables all three Data Access log types for allServices.",
  evaluate: (scope) => {
    const configs = scope
      .ofType("google_project_iam_audit_config")
      .filter((c) => isUnknown(c.attributes.service) || c.attributes.service === "allServices");
    if (configs.length === 0) {
      return [
        projectVerdict(
          "fail",
          `environment ${scope.environment} has no google_project_iam_audit_config for allServices: ` +
            `${REQUIRED_LOG_TYPES.join(", ")} are not recorded`,
        ),
      ];
    }
    return configs.map(judge);
  },
};

function judge(config: Resource): Result {
  const logConfigs = blocks(config.attributes, "audit_log_config");
  const found = [evidence("service", config.attributes.service), evidence("audit_log_config", logConfigs)];
  if (
    isUnknown(config.attributes.service) ||
    logConfigs.some((c) => isUnknown(c.log_type) || isUnknown(c.exempted_members))
  ) {
    return verdict("unknown", config, "service or log types are known only after apply", found);
  }
  const types = new Set(logConfigs.map((c) => c.log_type));
  const missing = REQUIRED_LOG_TYPES.filter((type) => !types.has(type));
  const exempted = logConfigs.flatMap((c) =>
    Array.isArray(c.exempted_members) && c.exempted_members.length > 0
      ? [`${c.log_type}: ${c.exempted_members.join(", ")}`]
      : [],
  );
  const problems = [
    ...(missing.length > 0 ? [`missing log type ${missing.join(", ")}`] : []),
    ...(exempted.length > 0 ? [`exempted members (${exempted.join("; ")})`] : []),
  ];
  if (problems.length > 0)
    return verdict("fail", config, `allServices audit config: ${problems.join("; ")}`, found);
  return verdict(
    "pass",
    config,
    `allServices records ${REQUIRED_LOG_TYPES.join(", ")} with no exemptions`,
    found,
  );
}
