import { z } from "zod";
import { positiveInt } from "./common";
import type { SubnetRole } from "./network";

/**
 * Subnet roles Packet Mirroring can copy: not the monitoring subnet (it holds the collector, whose own
 * traffic is not mirrored) and not the proxy-only subnet (Envoy proxies, not VMs: Google cannot mirror it).
 */
export const MIRRORABLE_SUBNET_ROLES = ["app", "vault", "data"] as const satisfies readonly SubnetRole[];

/** Audit logs are kept at least as long as Google keeps its own _Required bucket. */
export const MIN_AUDIT_LOG_RETENTION_DAYS = 400;

const notificationChannel = z
  .strictObject({
    type: z.literal("email"),
    address: z.email({ message: "expected an e-mail address" }),
  })
  .meta({ typeName: "channel", typeRule: "`{ type: email, address: <e-mail address> }`" });

export const monitoringSection = z.strictObject({
  enabled: z
    .boolean()
    .describe(
      "deploys Wazuh, Zeek and Packet Mirroring (audit logs and alerts exist either way). `false` leaves the " +
        "SIEM and network-monitoring claims unproven: MON-04 and MON-05 then fail until waived (a visible, " +
        "expiring decision) for that environment",
    ),
  wazuh: z.strictObject({
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { message: "expected a Wazuh version such as 4.12.0" })
      .meta({ typeName: "`x.y.z`", description: "Wazuh release from Wazuh's Debian repository" }),
    machineType: z.string().min(1).describe("the manager's Compute Engine machine type"),
    dataDiskGb: z.number().int().min(50).max(4096).describe("size of the manager's data disk, in GB"),
    /* Fixed in config so every VM can derive the manager's zonal DNS name without a cross-stack reference. */
    zoneSuffix: z
      .string()
      .regex(/^[a-z]$/, { message: "expected a zone letter such as b" })
      .meta({
        typeName: "zone letter",
        description: "zone of the manager in the primary region (`b` → europe-west2-b)",
      }),
  }),
  zeek: z.strictObject({
    package: z
      .string()
      .regex(/^zeek-\d+\.\d+$/, { message: "expected a Zeek release package such as zeek-8.0" })
      .describe("`zeek-<major>.<minor>`: a Zeek release series from the openSUSE `security:zeek` repository"),
    machineType: z.string().min(1).describe("the sensors' Compute Engine machine type"),
    nodes: z.number().int().min(1).max(10).describe("number of Zeek sensors behind the mirroring collector"),
  }),
  mirroredSubnets: z
    .array(
      z.enum(MIRRORABLE_SUBNET_ROLES, {
        message: `expected one of ${MIRRORABLE_SUBNET_ROLES.join(", ")} (the monitoring subnet holds the collector; the proxy-only subnet cannot be mirrored)`,
      }),
    )
    .min(1)
    .describe(
      "subnet roles whose traffic Packet Mirroring copies to the Zeek sensors (MON-05 wants all); not " +
        "`monitoring` (it holds the collector) nor `proxyOnly` (Google cannot mirror it)",
    ),
  notificationChannels: z
    .array(notificationChannel)
    .min(1)
    .describe("where every alert policy sends its notifications"),
  auditLogRetentionDays: z
    .number()
    .int()
    .min(MIN_AUDIT_LOG_RETENTION_DAYS, {
      message: `audit logs must be kept at least ${MIN_AUDIT_LOG_RETENTION_DAYS} days`,
    })
    .max(3650)
    .describe(
      `days the audit log bucket keeps each entry: at least ${MIN_AUDIT_LOG_RETENTION_DAYS}, as long as Google's own _Required bucket`,
    ),
  auditLogLocked: z
    .boolean()
    .describe("locks the audit log bucket's retention (irreversible); MON-02 requires it in production"),
  securityCommandCenter: z
    .strictObject({
      enabled: z
        .boolean()
        .describe(
          "streams Security Command Center findings to a Pub/Sub topic and alerts the notification channels " +
            "on each (MON-10). Needs SCC activated for the project by the organization, and the deployer needs " +
            "`roles/securitycenter.notificationConfigEditor` on the project; off unless set",
        ),
      findingsFilter: z
        .string()
        .min(1)
        .optional()
        .describe(
          'SCC findings query to notify on (default: `state="ACTIVE" AND NOT mute="MUTED" AND (severity="HIGH" OR severity="CRITICAL")`)',
        ),
    })
    .optional()
    .describe("optional; organization-level Security Command Center findings routed to the alert channels"),
  applicationLogRetentionDays: positiveInt
    .max(3650)
    .describe(
      "days the `application-logs` bucket keeps each non-audit entry before purging it (the MON-03 claim is 30)",
    ),
});
export type MonitoringConfig = z.infer<typeof monitoringSection>;
