import { z } from "zod";
import { cidr } from "./common";

export const vaultSection = z.strictObject({
  enabled: z.boolean(),
  /** Raft needs an odd quorum: 3 tolerates one failed node, 5 tolerates two. */
  nodes: z
    .number()
    .int()
    .refine((n) => n === 3 || n === 5, { message: "expected 3 or 5 Vault nodes (raft needs an odd quorum of at least 3)" }),
  machineType: z.string().min(1),
  /** Vault release installed from HashiCorp's Debian repository, e.g. 1.20.4. */
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: "expected a Vault version such as 1.20.4" }),
  dataDiskGb: z.number().int().min(10).max(1024),
  /** Networks allowed to reach the Vault API (8200) through the internal load balancer. */
  clientCidrs: z.array(cidr).min(1),
});
export type VaultConfig = z.infer<typeof vaultSection>;
