import type { Control } from "../../control";
import { NET01CustomModeVpc } from "./NET-01-custom-mode-vpc";
import { NET02PrivateGoogleAccess } from "./NET-02-private-google-access";
import { NET03SubnetFlowLogs } from "./NET-03-subnet-flow-logs";
import { NET04NoExternalIp } from "./NET-04-no-external-ip";
import { NET05NoInternetIngress } from "./NET-05-no-internet-ingress";
import { NET06DefaultDenyIngress } from "./NET-06-default-deny-ingress";
import { NET07DefaultDenyEgress } from "./NET-07-default-deny-egress";
import { NET08FirewallLogging } from "./NET-08-firewall-logging";
import { NET09SshFromIapOnly } from "./NET-09-ssh-from-iap-only";
import { NET10NatLogging } from "./NET-10-nat-logging";
import { NET11NoIpForwarding } from "./NET-11-no-ip-forwarding";
import { NET12TargetedIngress } from "./NET-12-targeted-ingress";
import { NET13InternetEgressTargeted } from "./NET-13-internet-egress-targeted";
import { NET14NarrowIngressPorts } from "./NET-14-narrow-ingress-ports";
import { NET15DnssecPublicZones } from "./NET-15-dnssec-public-zones";

/** NET family. */
export const NET_CONTROLS: readonly Control[] = [
  NET01CustomModeVpc,
  NET02PrivateGoogleAccess,
  NET03SubnetFlowLogs,
  NET04NoExternalIp,
  NET05NoInternetIngress,
  NET06DefaultDenyIngress,
  NET07DefaultDenyEgress,
  NET08FirewallLogging,
  NET09SshFromIapOnly,
  NET10NatLogging,
  NET11NoIpForwarding,
  NET12TargetedIngress,
  NET13InternetEgressTargeted,
  NET14NarrowIngressPorts,
  NET15DnssecPublicZones,
];
