import { z } from "zod";
import { positiveInt } from "./common";
import { SUBNET_ROLES } from "./network";

const notificationChannel = z.strictObject({
  type: z.literal("email"),
  address: z.email({ message: "expected an e-mail address" }),
});

export const monitoringSection = z.strictObject({
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
    machineType: z.string().min(1),
    nodes: z.number().int().min(1).max(10),
  }),
  /** Subnet roles whose traffic Packet Mirroring copies to the Zeek collector. */
  mirroredSubnets: z.array(z.enum(SUBNET_ROLES)).min(1),
  notificationChannels: z.array(notificationChannel).min(1),
  /** Audit log bucket retention; 400 days matches Google's own _Required bucket. */
  auditLogRetentionDays: z.number().int().min(30).max(3650),
  /** Lock the audit log bucket's retention (irreversible); recommended in production. */
  auditLogLocked: z.boolean(),
  /** Retention of the _Default bucket (application logs). */
  applicationLogRetentionDays: positiveInt,
});
export type MonitoringConfig = z.infer<typeof monitoringSection>;
