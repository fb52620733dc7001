/**
 * The security events that must raise an alert, each with the clauses a log-based metric's filter must
 * contain to count it. Written from the CIS Google Cloud Foundations Benchmark recommendations 2.4-2.11
 * (their filters, compared clause by clause after whitespace is removed) plus KMS key version destruction.
 */
export interface SecurityEvent {
  /** CIS recommendation number, when the event is a CIS one. */
  readonly cis?: string;
  readonly name: string;
  readonly clauses: readonly string[];
}

export const SECURITY_EVENTS: readonly SecurityEvent[] = [
  {
    cis: "2.4",
    name: "project ownership changes",
    clauses: [
      'bindingDeltas.action="ADD"',
      'bindingDeltas.action="REMOVE"',
      'bindingDeltas.role="roles/owner"',
    ],
  },
  {
    cis: "2.5",
    name: "audit configuration changes",
    clauses: ['methodName="SetIamPolicy"', "auditConfigDeltas:*"],
  },
  {
    cis: "2.6",
    name: "custom role changes",
    clauses: [
      'resource.type="iam_role"',
      "google.iam.admin.v1.CreateRole",
      "google.iam.admin.v1.DeleteRole",
      "google.iam.admin.v1.UpdateRole",
    ],
  },
  {
    cis: "2.7",
    name: "VPC firewall rule changes",
    clauses: [
      'resource.type="gce_firewall_rule"',
      "compute.firewalls.insert",
      "compute.firewalls.patch",
      "compute.firewalls.delete",
    ],
  },
  {
    cis: "2.8",
    name: "VPC route changes",
    clauses: ['resource.type="gce_route"', "compute.routes.insert", "compute.routes.delete"],
  },
  {
    cis: "2.9",
    name: "VPC network changes",
    clauses: [
      'resource.type="gce_network"',
      "compute.networks.insert",
      "compute.networks.patch",
      "compute.networks.delete",
      "compute.networks.removePeering",
      "compute.networks.addPeering",
    ],
  },
  {
    cis: "2.10",
    name: "Cloud Storage IAM permission changes",
    clauses: ['resource.type="gcs_bucket"', "storage.setIamPermissions"],
  },
  {
    cis: "2.11",
    name: "SQL instance configuration changes",
    clauses: ["cloudsql.instances.update"],
  },
  {
    name: "KMS key version destruction scheduled",
    clauses: ['methodName="DestroyCryptoKeyVersion"'],
  },
];

export function eventLabel(event: SecurityEvent): string {
  return event.cis ? `CIS ${event.cis} ${event.name}` : event.name;
}
