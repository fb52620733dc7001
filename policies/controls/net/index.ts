import type { Control } from "../../control";
import { customModeVpc } from "./custom-mode-vpc";
import { defaultDenyEgress } from "./default-deny-egress";
import { defaultDenyIngress } from "./default-deny-ingress";
import { firewallLogging } from "./firewall-logging";
import { natLogging } from "./nat-logging";
import { noExternalIp } from "./no-external-ip";
import { noInternetIngress } from "./no-internet-ingress";
import { noIpForwarding } from "./no-ip-forwarding";
import { privateGoogleAccess } from "./private-google-access";
import { sshFromIapOnly } from "./ssh-from-iap-only";
import { subnetFlowLogs } from "./subnet-flow-logs";
import { targetedIngress } from "./targeted-ingress";

/** NET family. */
export const NET_CONTROLS: readonly Control[] = [
  customModeVpc,
  privateGoogleAccess,
  subnetFlowLogs,
  noExternalIp,
  noInternetIngress,
  defaultDenyIngress,
  defaultDenyEgress,
  firewallLogging,
  sshFromIapOnly,
  natLogging,
  noIpForwarding,
  targetedIngress,
];
