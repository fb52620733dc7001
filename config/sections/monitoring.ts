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

const notificationChannel = z.strictObject({
  type: z.literal("email"),
  address: z.email({ message: "expected an e-mail address" }),
});

export const monitoringSection = z.strictObject({
  /** Deploys Wazuh, Zeek and Packet Mirroring; audit logs and alerts exist either way. */
  enabled: z.boolean(),
  wazuh: z.strictObject({
    /** Wazuh release, e.g. 4.12.0, installed from Wazuh's Debian repository. */
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: "expected a Wazuh version such as 4.12.0" }),
    machineType: z.string().min(1),
    dataDiskGb: z.number().int().min(50).max(4096),
    /**
     * Zone letter of the manager in the primary region (`b` → europe-west2-b). Fixed in config so every VM
     * can derive the manager's zonal DNS name without a cross-stack reference.
     */
    zoneSuffix: z.string().regex(/^[a-z]$/, { message: "expected a zone letter such as b" }),
  }),
  zeek: z.strictObject({
    /** Zeek release series from the openSUSE Build Service `security:zeek` repository, e.g. zeek-8.0. */
    package: z
      .string()
      .regex(/^zeek-\d+\.\d+$/, { message: "expected a Zeek release package such as zeek-8.0" }),
    machineType: z.string().min(1),
    nodes: z.number().int().min(1).max(10),
  }),
  /** Subnet roles whose traffic Packet Mirroring copies to the Zeek collector (the MON control wants all). */
  mirroredSubnets: z
    .array(
      z.enum(MIRRORABLE_SUBNET_ROLES, {
        message: `expected one of ${MIRRORABLE_SUBNET_ROLES.join(", ")} (the monitoring subnet holds the collector; the proxy-only subnet cannot be mirrored)`,
      }),
    )
    .min(1),
  notificationChannels: z.array(notificationChannel).min(1),
  /** Audit log bucket retention in days: 400 (Google's own _Required bucket) or more. */
  auditLogRetentionDays: z
    .number()
    .int()
    .min(MIN_AUDIT_LOG_RETENTION_DAYS, {
      message: `audit logs must be kept at least ${MIN_AUDIT_LOG_RETENTION_DAYS} days`,
    })
    .max(3650),
  /** Lock the audit log bucket's retention (irreversible); the MON control requires it in production. */
  auditLogLocked: z.boolean(),
  /** Days the application-logs bucket keeps each non-audit entry before purging it. The claim is 30. */
  applicationLogRetentionDays: positiveInt.max(3650),
});
export type MonitoringConfig = z.infer<typeof monitoringSection>;
