import type { Control } from "../../control";
import { IAM01NoBasicRoles } from "./IAM-01-no-basic-roles";
import { IAM02NoServiceAccountKeys } from "./IAM-02-no-service-account-keys";
import { IAM03OrgPolicies } from "./IAM-03-org-policies";
import { IAM04PrivilegedAccessTimeLimited } from "./IAM-04-privileged-access-time-limited";
import { IAM05NoPrivilegedServiceAccounts } from "./IAM-05-no-privileged-service-accounts";
import { IAM06NoProjectImpersonation } from "./IAM-06-no-project-impersonation";
import { IAM07NoDefaultServiceAccountRoles } from "./IAM-07-no-default-service-account-roles";

/** IAM family. */
export const IAM_CONTROLS: readonly Control[] = [
  IAM01NoBasicRoles,
  IAM02NoServiceAccountKeys,
  IAM03OrgPolicies,
  IAM04PrivilegedAccessTimeLimited,
  IAM05NoPrivilegedServiceAccounts,
  IAM06NoProjectImpersonation,
  IAM07NoDefaultServiceAccountRoles,
];
