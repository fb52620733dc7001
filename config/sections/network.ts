import { z } from "zod";
import { cidr, iamMember } from "./common";

/** Subnet roles of the private VPC; proxyOnly serves regional Envoy-based load balancers. */
export const SUBNET_ROLES = ["app", "vault", "monitoring", "data", "proxyOnly"] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

/** What each subnet is for, in the configuration reference. */
const SUBNET_PURPOSES: Record<SubnetRole, string> = {
  app: "the application workloads (egress through Cloud NAT)",
  vault: "the Vault nodes (egress through Cloud NAT)",
  monitoring: "the Wazuh manager and the Zeek sensors (egress through Cloud NAT)",
  data: "data workloads (no Cloud NAT)",
  proxyOnly: "the REGIONAL_MANAGED_PROXY subnet for Envoy-based load balancers",
};
const DISJOINT = "no two ranges of the environment may overlap";

export const networkSection = z.strictObject({
  subnets: z.strictObject(
    Object.fromEntries(
      SUBNET_ROLES.map((role) => [role, cidr.describe(`${SUBNET_PURPOSES[role]}; ${DISJOINT}`)]),
    ) as Record<SubnetRole, typeof cidr>,
  ),
  privateServicesRange: cidr.describe(
    `reserved for private services access (Cloud SQL private IP); Google asks for /16 to /24; ${DISJOINT}`,
  ),
});
export type NetworkConfig = z.infer<typeof networkSection>;

export const adminAccessSection = z.strictObject({
  iapMembers: z
    .array(iamMember)
    .min(1)
    .describe("principals allowed to tunnel SSH (and the Wazuh dashboard) through Identity-Aware Proxy"),
});
export type AdminAccessConfig = z.infer<typeof adminAccessSection>;
