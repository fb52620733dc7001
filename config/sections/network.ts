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
  googleApis: z
    .enum(["restricted", "private"])
    .optional()
    .describe(
      "which Private Google Access VIP every *.googleapis.com name resolves to inside the VPC: `restricted` " +
        "(the default: restricted.googleapis.com, only APIs VPC Service Controls supports) or `private` " +
        "(private.googleapis.com, almost every Google API: a loosening NET-17 fails)",
    ),
  serviceControls: z
    .strictObject({
      accessPolicy: z
        .string()
        .regex(/^\d+$/, { message: "expected the numeric id of the organization's access policy" })
        .describe("numeric id of the organization's Access Context Manager policy (`accessPolicies/<id>`)"),
      ingressIdentities: z
        .array(iamMember)
        .optional()
        .describe(
          "principals that may call the restricted services from outside the perimeter (the deployer running " +
            "Terraform); without one an enforced perimeter locks Terraform out of KMS, Storage, Secret Manager...",
        ),
      dryRun: z
        .boolean()
        .optional()
        .describe("log violations instead of blocking them (dry-run spec); default false: enforced"),
    })
    .optional()
    .describe(
      "a VPC Service Controls perimeter around the environment's project, restricting the APIs its VMs call; " +
        "off when absent. Needs roles/accesscontextmanager.policyEditor on the organization's access policy",
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
