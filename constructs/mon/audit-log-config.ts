import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";

export const AUDIT_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

export interface AuditLogConfigProps {
  readonly projectId: string;
  /** What must exist first (the Resource Manager API). */
  readonly after?: ITerraformDependable[];
}

/**
 * Data Access audit logs for every service of a project: admin reads, data reads and data writes, with no
 * exempted members. Guarantees who-read-what is recorded (Admin Activity logs are always on).
 */
export class AuditLogConfig extends Construct {
  readonly config: ProjectIamAuditConfig;

  constructor(scope: Construct, id: string, props: AuditLogConfigProps) {
    super(scope, id);
    this.config = new ProjectIamAuditConfig(this, "all-services", {
      project: props.projectId,
      service: "allServices",
      auditLogConfig: AUDIT_LOG_TYPES.map((logType) => ({ logType })),
      dependsOn: props.after,
    });
  }
}
