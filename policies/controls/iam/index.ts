import type { Control } from "../../control";
import { noBasicRoles } from "./no-basic-roles";
import { noPrivilegedServiceAccounts } from "./no-privileged-service-accounts";
import { noProjectImpersonation } from "./no-project-impersonation";
import { noServiceAccountKeys } from "./no-service-account-keys";
import { orgPolicies } from "./org-policies";
import { privilegedAccessTimeLimited } from "./privileged-access-time-limited";

/** IAM family. */
export const IAM_CONTROLS: readonly Control[] = [
  noBasicRoles,
  noServiceAccountKeys,
  orgPolicies,
  privilegedAccessTimeLimited,
  noPrivilegedServiceAccounts,
  noProjectImpersonation,
];
