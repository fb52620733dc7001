import { Construct } from "constructs";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";

export type TlsProfile = "RESTRICTED" | "MODERN";

export interface TlsPolicyProps {
  readonly name: string;
  /** RESTRICTED (default) offers only the strongest TLS 1.2 suites; MODERN adds a few for older clients. */
  readonly profile?: TlsProfile;
}

/**
 * An SSL policy for HTTPS proxies that guarantees a minimum of TLS 1.2 with the RESTRICTED (or MODERN)
 * profile. TLS 1.3 is negotiated with clients that offer it, but provider 6.50 accepts no minimum above
 * TLS_1_2 (TLS_1_3 arrived in provider 7.17), so 1.2 clients are still served.
 */
export class TlsPolicy extends Construct {
  readonly policy: ComputeSslPolicy;

  constructor(scope: Construct, id: string, props: TlsPolicyProps) {
    super(scope, id);
    this.policy = new ComputeSslPolicy(this, "policy", {
      name: props.name,
      description: "TLS 1.2 minimum (provider 6.50 cannot require 1.3); 1.3 negotiated when offered",
      profile: props.profile ?? "RESTRICTED",
      minTlsVersion: "TLS_1_2",
    });
  }
}
