import { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";

export interface WorkloadServiceAccountProps {
  readonly project: string;
  /** 6-30 characters: lowercase letters, digits, hyphens. */
  readonly accountId: string;
  readonly description: string;
  /** Project-level roles the workload needs (e.g. roles/logging.logWriter). Basic roles are refused. */
  readonly projectRoles?: readonly string[];
}

const BASIC_ROLES = new Set(["roles/owner", "roles/editor", "roles/viewer"]);

/**
 * A dedicated service account for one workload: never the Compute Engine default account, no keys (the
 * baseline never declares google_service_account_key and the org policy forbids creating them), and no basic
 * roles; narrow grants go on the resources themselves.
 */
export class WorkloadServiceAccount extends Construct {
  readonly account: ServiceAccount;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, "account", {
      project: props.project,
      accountId: props.accountId,
      displayName: props.accountId,
      description: props.description,
    });
    for (const role of props.projectRoles ?? []) {
      if (BASIC_ROLES.has(role)) {
        throw new Error(`WorkloadServiceAccount ${props.accountId}: basic role ${role} is not allowed`);
      }
      new ProjectIamMember(this, `role-${role.replace(/^roles\//, "").replace(/\W/g, "-")}`, {
        project: props.project,
        role,
        member: this.member,
      });
    }
  }

  get email(): string {
    return this.account.email;
  }

  /** `serviceAccount:<email>`, for IAM bindings. */
  get member(): string {
    return this.account.member;
  }
}
