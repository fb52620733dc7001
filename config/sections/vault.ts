import { z } from "zod";
import { cidrContains, parseCidr } from "../../lib/cidr";
import { cidr, iamMember } from "./common";
import { vaultConfigSection } from "./vault-config";

/** RFC 1918 ranges: Vault is an internal service, so its clients live in private address space. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((text) => parseCidr(text)!);

const privateCidr = cidr.refine(
  (value) => {
    const range = parseCidr(value);
    return range === undefined || PRIVATE_RANGES.some((outer) => cidrContains(outer, range));
  },
  { message: "expected a private (RFC 1918) range: Vault is reachable only from inside the VPC" },
);

export const vaultSection = z.strictObject({
  enabled: z.boolean().describe("deploys the Vault cluster"),
  nodes: z
    .number()
    .int()
    .refine((n) => n === 3 || n === 5, {
      message: "expected 3 or 5 Vault nodes (raft needs an odd quorum of at least 3)",
    })
    .describe(
      "3 or 5: raft needs an odd quorum of at least 3 (3 tolerates one failed node, 5 tolerates two)",
    ),
  machineType: z.string().min(1).describe("the nodes' Compute Engine machine type"),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, { message: "expected a Vault version such as 1.20.4" })
    .meta({ typeName: "`x.y.z`", description: "Vault release from HashiCorp's Debian repository" }),
  dataDiskGb: z.number().int().min(10).max(1024).describe("size of each node's raft data disk, in GB"),
  clientCidrs: z
    .array(privateCidr)
    .min(1)
    .describe(
      "networks allowed to reach the Vault API (8200) through the internal load balancer: private (RFC 1918) " +
        "ranges only, each inside one of the environment's subnets (checked after merging, so a top-level " +
        "default that fits only one environment is reported at the default)",
    ),
  /* Regions name their zones differently (europe-west1 has b, c, d), so they are configured, not guessed. */
  zoneSuffixes: z
    .array(
      z
        .string()
        .regex(/^[a-z]$/, { message: "expected a zone letter such as b" })
        .meta({ typeName: "zone letter" }),
    )
    .refine((zones) => new Set(zones).size === zones.length && zones.length >= 3, {
      message: "expected at least 3 different zone letters (one zone outage must not take the raft quorum)",
    })
    .describe(
      "at least 3 different zones of the primary region the nodes are spread over (`[a, b, c]` → " +
        "europe-west2-a, -b, -c)",
    ),
  adminMembers: z
    .array(iamMember)
    .min(1)
    .optional()
    .describe(
      "Vault administrators: SSH through IAP to port 22 and OS Login without sudo, on the Vault nodes only; " +
        "default `adminAccess.iapMembers`",
    ),
  config: vaultConfigSection
    .optional()
    .describe(
      "what the `<env>-vault-config` stack declares inside Vault (auth, secrets engines, policies, audit); " +
        "without it no such stack is synthesized",
    ),
});
export type VaultConfig = z.infer<typeof vaultSection>;
