import type { LogAlertSpec } from "./log-metric-alert";

/** `(method = a OR method = b ...)`; `contains` uses Logging's substring operator, so v1 and beta match. */
function methodIn(methods: readonly string[], match: "equals" | "contains" = "equals"): string {
  const op = match === "equals" ? "=" : ":";
  return `(${methods.map((method) => `protoPayload.methodName${op}"${method}"`).join(" OR ")})`;
}

/**
 * The security events every environment alerts on: the CIS Google Cloud Foundations Benchmark monitoring
 * recommendations (2.4-2.11) plus scheduled destruction of a KMS key version. Data, rendered by
 * LogMetricAlert; the MON-07 control checks the result independently.
 */
export const SECURITY_ALERTS: readonly LogAlertSpec[] = [
  {
    name: "cis-2-4-project-ownership-changes",
    title: "Project ownership changed (CIS 2.4)",
    filter:
      '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND (ProjectOwnership OR projectOwnerInvitee) ' +
      'OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") ' +
      'OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
    runbook: "Someone was granted, invited to or removed from roles/owner. Confirm the change was approved.",
    severity: "CRITICAL",
  },
  {
    name: "cis-2-5-audit-config-changes",
    title: "Audit configuration changed (CIS 2.5)",
    filter:
      'protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
    runbook:
      "Data Access audit logging was changed; an attacker may be hiding their reads. Restore allServices logging.",
    severity: "CRITICAL",
  },
  {
    name: "cis-2-6-custom-role-changes",
    title: "Custom IAM role changed (CIS 2.6)",
    filter: `resource.type="iam_role" AND ${methodIn([
      "google.iam.admin.v1.CreateRole",
      "google.iam.admin.v1.DeleteRole",
      "google.iam.admin.v1.UpdateRole",
    ])}`,
    runbook: "A custom role was created, changed or deleted. Review its permissions.",
    severity: "WARNING",
  },
  {
    name: "cis-2-7-firewall-rule-changes",
    title: "VPC firewall rule changed (CIS 2.7)",
    filter: `resource.type="gce_firewall_rule" AND ${methodIn(
      ["compute.firewalls.patch", "compute.firewalls.insert", "compute.firewalls.delete"],
      "contains",
    )}`,
    runbook: "A firewall rule was added, changed or removed. Compare it with the network stack's rules.",
    severity: "ERROR",
  },
  {
    name: "cis-2-8-route-changes",
    title: "VPC route changed (CIS 2.8)",
    filter: `resource.type="gce_route" AND ${methodIn(["compute.routes.delete", "compute.routes.insert"], "contains")}`,
    runbook: "A route was added or removed; traffic may be redirected. Compare with the network stack.",
    severity: "ERROR",
  },
  {
    name: "cis-2-9-network-changes",
    title: "VPC network changed (CIS 2.9)",
    filter: `resource.type="gce_network" AND ${methodIn(
      [
        "compute.networks.insert",
        "compute.networks.patch",
        "compute.networks.delete",
        "compute.networks.removePeering",
        "compute.networks.addPeering",
      ],
      "contains",
    )}`,
    runbook: "A VPC network or its peering changed. Confirm the change was approved.",
    severity: "ERROR",
  },
  {
    name: "cis-2-10-storage-iam-changes",
    title: "Cloud Storage IAM changed (CIS 2.10)",
    filter: 'resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"',
    runbook:
      "A bucket's IAM policy changed; data may have been exposed. Check for allUsers or new principals.",
    severity: "ERROR",
  },
  {
    name: "cis-2-11-sql-config-changes",
    title: "Cloud SQL instance configuration changed (CIS 2.11)",
    filter: 'protoPayload.methodName="cloudsql.instances.update"',
    runbook:
      "A Cloud SQL instance's settings changed (network, SSL, flags, backups). Compare with the data stack.",
    severity: "WARNING",
  },
  {
    name: "kms-key-version-destroy-scheduled",
    title: "KMS key version scheduled for destruction",
    filter: 'protoPayload.methodName="DestroyCryptoKeyVersion"',
    runbook:
      "A key version is scheduled for destruction: data encrypted with it becomes unreadable when the " +
      "recovery window ends. Restore it (RestoreCryptoKeyVersion) unless the destruction was approved.",
    severity: "CRITICAL",
  },
];
