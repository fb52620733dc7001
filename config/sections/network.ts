import { z } from "zod";
import { cidr, iamMember } from "./common";

/** Subnet roles of the private VPC; proxyOnly serves regional Envoy-based load balancers. */
export const SUBNET_ROLES = ["app", "vault", "monitoring", "data", "proxyOnly"] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

export const networkSection = z.strictObject({
  subnets: z.strictObject(
    Object.fromEntries(SUBNET_ROLES.map((role) => [role, cidr])) as Record<SubnetRole, typeof cidr>,
  ),
  /** Range reserved for private services access (Cloud SQL private IP); /16 to /24. */
  privateServicesRange: cidr,
});
export type NetworkConfig = z.infer<typeof networkSection>;

export const adminAccessSection = z.strictObject({
  /** Principals allowed to tunnel SSH (and the Wazuh dashboard) through Identity-Aware Proxy. */
  iapMembers: z.array(iamMember).min(1),
});
export type AdminAccessConfig = z.infer<typeof adminAccessSection>;
