import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { type ServiceAgent, serviceAgentEmail } from "./service-agents";

export const ENCRYPTER_DECRYPTER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export interface KeyEncrypterGrantProps {
  /** Crypto key id (`projects/P/locations/L/keyRings/R/cryptoKeys/K`). */
  readonly cryptoKeyId: string;
  readonly agent: ServiceAgent;
  /** Number of the project whose service agent is granted. */
  readonly projectNumber: string;
  /** What must exist first: the API that creates the agent, or the data source that provisions it. */
  readonly after?: ITerraformDependable[];
}

/**
 * Lets one Google service agent use one key for encryption and decryption. Guarantees the grant is on the
 * key (never the project or key ring), additive (other bindings on the key are kept), and to a service
 * agent whose address is derived from the project number, so it is visible before apply.
 */
export class KeyEncrypterGrant extends Construct {
  readonly member: KmsCryptoKeyIamMember;

  constructor(scope: Construct, id: string, props: KeyEncrypterGrantProps) {
    super(scope, id);
    this.member = new KmsCryptoKeyIamMember(this, "member", {
      cryptoKeyId: props.cryptoKeyId,
      role: ENCRYPTER_DECRYPTER_ROLE,
      member: `serviceAccount:${serviceAgentEmail(props.agent, props.projectNumber)}`,
      dependsOn: props.after,
    });
  }
}
