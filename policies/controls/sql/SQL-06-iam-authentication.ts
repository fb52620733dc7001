import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { isSet } from "../../judge/presence";
import { designationIndex } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { databaseFlags, engineOf, judgeInstances } from "../../views/sql-instances";

const PASSWORD_ATTRIBUTES = ["password", "password_wo"];

export const SQL06IamAuthentication: Control = {
  id: "SQL-06",
  title: "Database logins use IAM, never a password in Terraform",
  claim: "Application database credentials are never stored in configuration, state or outputs.",
  severity: "high",
  rationale:
    "A password in Terraform lands in the state file and every plan; IAM database authentication replaces it " +
    "with short-lived tokens bound to a service account, revoked with the account's IAM role.",
  remediation:
    "Set the cloudsql.iam_authentication flag to on, declare application users as google_sql_user with type " +
    "CLOUD_IAM_SERVICE_ACCOUNT, and remove root_password and every password from the configuration.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "PrivatePostgres turns on cloudsql.iam_authentication and declares the application's service account as " +
    "its only user; the break-glass postgres password is set by an operator and kept in Secret Manager.",
  evaluate: (scope) => {
    const usersByInstance = designationIndex(scope, scope.ofType("google_sql_user"), (user) => [
      { from: user, value: user.attributes.instance },
    ]);
    return judgeInstances(scope, (instance) => {
      const flag = databaseFlags(scope, instance).get("cloudsql.iam_authentication");
      const users = usersByInstance.designating(instance);
      const withPassword = users.filter((u) => PASSWORD_ATTRIBUTES.some((a) => isSet(u.attributes[a])));
      const found = [
        evidence("settings.database_flags[cloudsql.iam_authentication]", flag),
        evidence("root_password", isSet(instance.attributes.root_password) ? "(set)" : undefined),
        evidence(
          "(users with a password)",
          withPassword.map((u) => u.address),
        ),
      ];
      if (isSet(instance.attributes.root_password))
        return verdict("fail", instance, "root_password is in the configuration", found);
      if (withPassword.length > 0) {
        return verdict(
          "fail",
          instance,
          `users with a password in the configuration: ${withPassword.map((u) => u.address).join(", ")}`,
          found,
        );
      }
      if (engineOf(scope, instance) !== "POSTGRES") {
        return verdict("pass", instance, "no password in the configuration", found);
      }
      if (isUnknown(flag))
        return verdict("unknown", instance, "cloudsql.iam_authentication known only after apply", found);
      return flag === "on"
        ? verdict("pass", instance, "IAM database authentication on, no password in the configuration", found)
        : verdict("fail", instance, "cloudsql.iam_authentication is not on: users need passwords", found);
    });
  },
};
