import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { blocks } from "../../model/values";
import { presenceAmong } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";

const REQUIRED_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

export const MON01AuditConfig: Control = {
  id: "MON-01",
  title: "Data Access audit logs for all services",
  claim:
    "Audit trail of administrative actions: every service records admin reads, data reads and data writes, " +
    "for every user, with no exemptions.",
  severity: "high",
  rationale:
    "Admin Activity logs are always on, but who read or changed data is only recorded when Data Access logs " +
    "are enabled; an exempted member is a principal whose actions leave no trace. " +
    "Checkov's CKV2_GCP_8 does not read the log types, so an allServices config recording admin " +
    "reads only fails here; trivy's AVD-GCP-0079 fails every config that is not allServices, but a " +
    "service's own config beside allServices adds to it and passes here unless it exempts someone, " +
    "and it does not read exemptions, which fail here.",
  remediation:
    'Declare google_project_iam_audit_config with service = "allServices" and one audit_log_config each for ' +
    "ADMIN_READ, DATA_READ and DATA_WRITE, without exempted_members.",
  references: { cis: ["2.1"], checkov: ["CKV2_GCP_8"], trivy: ["AVD-GCP-0079"] },
  implementation:
    "The foundation stack's audit config enables all three Data Access log types for allServices.",
  evaluate: (scope) => {
    const all = scope.ofType("google_project_iam_audit_config");
    const configs = all.filter(
      (c) => isUnknown(c.attributes.service) || c.attributes.service === "allServices",
    );
    // Google unions a service's own audit config with allServices: its exemptions exempt from both.
    const serviceExemptions = all
      .filter((c) => !configs.includes(c))
      .flatMap((c) => {
        const exempted = exemptions(blocks(c.attributes, "audit_log_config"));
        return exempted.length > 0
          ? [
              verdict(
                "fail",
                c,
                `${String(c.attributes.service)} audit config exempts members (${exempted.join("; ")}): ` +
                  "Google applies the exemption on top of allServices",
                [evidence("audit_log_config", c.attributes.audit_log_config)],
              ),
            ]
          : [];
      });
    if (configs.length === 0) {
      return [
        projectVerdict(
          "fail",
          `environment ${scope.environment} has no google_project_iam_audit_config for allServices: ` +
            `${REQUIRED_LOG_TYPES.join(", ")} are not recorded`,
        ),
      ];
    }
    // A config created only if a count/for_each expression says so proves nothing on its own.
    return [...presenceAmong(configs.map(judge)), ...serviceExemptions];
  },
};

function judge(config: Resource): Result {
  const logConfigs = blocks(config.attributes, "audit_log_config");
  const found = [evidence("service", config.attributes.service), evidence("audit_log_config", logConfigs)];
  if (
    isUnknown(config.attributes.service) ||
    logConfigs.some(
      (c) => isUnknown(c.log_type) || isUnknown(c.exempted_members) || isComputed(c.exempted_members),
    )
  ) {
    return verdict("unknown", config, "service or log types are known only after apply", found);
  }
  const types = new Set(logConfigs.map((c) => c.log_type));
  const missing = REQUIRED_LOG_TYPES.filter((type) => !types.has(type));
  const exempted = exemptions(logConfigs);
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

/** An attribute set from an expression (`var.exempt`): its value is known only at plan time. */
function isComputed(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Exempted members per log type; a list set from an expression counts as a possible exemption. */
function exemptions(logConfigs: readonly Record<string, unknown>[]): string[] {
  return logConfigs.flatMap((c) => {
    const members = c.exempted_members;
    if (Array.isArray(members))
      return members.length > 0 ? [`${String(c.log_type)}: ${members.join(", ")}`] : [];
    return typeof members === "string" && members !== "" ? [`${String(c.log_type)}: ${members}`] : [];
  });
}
