import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { isTrue, judgeInstances, setting } from "../../views/sql-instances";

export const SQL04DeletionProtection: Control = {
  id: "SQL-04",
  title: "Cloud SQL deletion protection in Terraform and in the API",
  claim: "The database cannot be deleted by accident, from Terraform or from the console or API.",
  severity: "high",
  rationale:
    "Terraform's deletion_protection only stops `terraform destroy`; the API-level flag also stops the console, " +
    "gcloud and any other client. Deleting an instance deletes its automated backups unless they are retained.",
  remediation:
    "Set deletion_protection = true (or leave it unset) and settings.deletion_protection_enabled = true.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "PrivatePostgres sets both, and settings.retain_backups_on_delete.",
  evaluate: (scope) =>
    judgeInstances(scope, (instance) => {
      const terraform = setting(scope, instance, "deletion_protection");
      const api = setting(scope, instance, "settings.deletion_protection_enabled");
      const found = [
        evidence("deletion_protection", terraform),
        evidence("settings.deletion_protection_enabled", api),
      ];
      if (isUnknown(terraform) || isUnknown(api)) {
        return verdict("unknown", instance, "deletion protection known only after apply", found);
      }
      // Terraform's guard defaults to true; the API guard defaults to false.
      if (terraform === false || terraform === "false") {
        return verdict(
          "fail",
          instance,
          "deletion_protection is false: terraform destroy deletes the instance",
          found,
        );
      }
      if (!isTrue(api)) {
        return verdict(
          "fail",
          instance,
          "settings.deletion_protection_enabled is not true: the API can delete the instance",
          found,
        );
      }
      return verdict("pass", instance, "protected from deletion in Terraform and in the API", found);
    }),
};
