import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ProjectIamMemberRemove } from "@cdktf/provider-google/lib/project-iam-member-remove";

export interface DefaultServiceAccountGrantsProps {
  readonly projectId: string;
  readonly projectNumber: string;
  /** What must exist first: the Compute Engine API, whose enabling creates the default account. */
  readonly after?: ITerraformDependable[];
}

/** The default accounts Google creates, and grants Editor to unless the org policy prevents it. */
export function defaultServiceAccounts(projectId: string, projectNumber: string): string[] {
  return [
    `serviceAccount:${projectNumber}-compute@developer.gserviceaccount.com`,
    `serviceAccount:${projectId}@appspot.gserviceaccount.com`,
  ];
}

/**
 * Takes Editor away from the project's default Compute Engine and App Engine service accounts. The
 * `iam.automaticIamGrantsForDefaultServiceAccounts` constraint (ProjectOrgPolicies) only stops grants to
 * accounts created after it; a project that already had the Compute Engine API on still has the grant.
 * `google_project_iam_member_remove` makes the absence declarative: on create it removes the member from the
 * role (nothing to do when it is not there), and when someone adds it back the next refresh drops the resource
 * from state, so the next plan proposes removing it again. Destroying it does not restore the grant. It must not
 * share the role with a google_project_iam_binding/policy, which the baseline never declares for roles/editor.
 */
export class DefaultServiceAccountGrants extends Construct {
  readonly removals: ProjectIamMemberRemove[];

  constructor(scope: Construct, id: string, props: DefaultServiceAccountGrantsProps) {
    super(scope, id);
    this.removals = defaultServiceAccounts(props.projectId, props.projectNumber).map(
      (member, i) =>
        new ProjectIamMemberRemove(this, i === 0 ? "compute-editor" : "appengine-editor", {
          project: props.projectId,
          role: "roles/editor",
          member,
          dependsOn: props.after,
        }),
    );
  }
}
