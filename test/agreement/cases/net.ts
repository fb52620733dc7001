import { NET01CustomModeVpc } from "../../../policies/controls/net/NET-01-custom-mode-vpc";
import { NET02PrivateGoogleAccess } from "../../../policies/controls/net/NET-02-private-google-access";
import { NET03SubnetFlowLogs } from "../../../policies/controls/net/NET-03-subnet-flow-logs";
import { NET04NoExternalIp } from "../../../policies/controls/net/NET-04-no-external-ip";
import { NET05NoInternetIngress } from "../../../policies/controls/net/NET-05-no-internet-ingress";
import { NET09SshFromIapOnly } from "../../../policies/controls/net/NET-09-ssh-from-iap-only";
import { NET11NoIpForwarding } from "../../../policies/controls/net/NET-11-no-ip-forwarding";
import { NET13InternetEgressTargeted } from "../../../policies/controls/net/NET-13-internet-egress-targeted";
import { NET14NarrowIngressPorts } from "../../../policies/controls/net/NET-14-narrow-ingress-ports";
import { NET15DnssecPublicZones } from "../../../policies/controls/net/NET-15-dnssec-public-zones";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

const project = (attributes: Attrs) =>
  tf({ google_project: { p: { name: "p", project_id: "p-1", ...attributes } } });

const subnet = (attributes: Attrs) =>
  tf({
    google_compute_subnetwork: {
      s: { name: "s", network: "vpc", region: "europe-west2", ip_cidr_range: "10.0.0.0/24", ...attributes },
    },
  });

const vm = (type: string, attributes: Attrs) =>
  tf({ [type]: { vm: { name: "vm", zone: "europe-west2-a", ...attributes } } });
const nic = (extra: Attrs = {}) => ({ network_interface: [{ subnetwork: "s", ...extra }] });

/** One VPC firewall rule `fw` (ingress unless `direction` says otherwise). */
const rule = (attributes: Attrs) =>
  tf({
    google_compute_firewall: { fw: { name: "fw", network: "vpc", direction: "INGRESS", ...attributes } },
  });
const allow = (protocol: string, ports?: string[]) => [{ protocol, ...(ports ? { ports } : {}) }];
const FW = "google_compute_firewall.fw";

/** checkov's port checks (CKV_GCP_2, 3, 75, 77, 88, 106): one port in an allow block's ports, from 0.0.0.0/0. */
function portCheck(peer: string, port: number): PeerCase {
  return {
    peer,
    control: NET05NoInternetIngress,
    tests: `an allow block whose ports include ${port} (alone or in a range) with 0.0.0.0/0 in source_ranges fails`,
    passes: rule({
      allow: allow("tcp", [String(port)]),
      source_ranges: ["10.0.0.0/8"],
      target_tags: ["app"],
    }),
    fails: rule({ allow: allow("tcp", [`${port - 1}-${port + 1}`]), source_ranges: ["0.0.0.0/0"] }),
    address: FW,
    differences: [
      {
        case: `another port (8443) open to 0.0.0.0/0`,
        json: rule({ allow: allow("tcp", ["8443"]), source_ranges: ["0.0.0.0/0"] }),
        peer: "pass",
        ours: "fail",
        address: FW,
      },
    ],
  };
}

const ZONE = "google_dns_managed_zone.z";
const zone = (attributes: Attrs) =>
  tf({ google_dns_managed_zone: { z: { name: "z", dns_name: "example.com.", ...attributes } } });
const SIGNED = {
  dnssec_config: { state: "on", default_key_specs: [{ algorithm: "rsasha256", key_type: "zoneSigning" }] },
};
const RSASHA1 = {
  dnssec_config: { state: "on", default_key_specs: [{ algorithm: "rsasha1", key_type: "keySigning" }] },
};

export const NET_CASES: readonly PeerCase[] = [
  {
    peer: "CKV_GCP_27",
    control: NET01CustomModeVpc,
    tests: "a google_project passes only with auto_create_network set to false",
    passes: project({ auto_create_network: false }),
    fails: project({}),
    address: "google_project.p",
  },
  {
    peer: "AVD-GCP-0010",
    control: NET01CustomModeVpc,
    tests: "a google_project fails when auto_create_network is true (unset reads as true)",
    passes: project({ auto_create_network: false }),
    fails: project({ auto_create_network: true }),
    address: "google_project.p",
  },
  {
    peer: "CKV_GCP_74",
    control: NET02PrivateGoogleAccess,
    tests: "a subnetwork passes only with private_ip_google_access true (proxy-only subnets are unknown)",
    passes: subnet({ private_ip_google_access: true }),
    fails: subnet({}),
    address: "google_compute_subnetwork.s",
  },
  {
    peer: "AVD-GCP-0075",
    control: NET02PrivateGoogleAccess,
    tests: "a subnetwork fails with private_ip_google_access false or unset",
    passes: subnet({ private_ip_google_access: true }),
    fails: subnet({ private_ip_google_access: false }),
    address: "google_compute_subnetwork.s",
  },
  ...["CKV_GCP_26", "AVD-GCP-0029", "AVD-GCP-0076"].map((peer): PeerCase => ({
    peer,
    control: NET03SubnetFlowLogs,
    tests: "a subnetwork passes when it has a log_config block, whatever it holds",
    passes: subnet({ log_config: { aggregation_interval: "INTERVAL_5_SEC", flow_sampling: 0.5 } }),
    fails: subnet({}),
    address: "google_compute_subnetwork.s",
    differences: [
      {
        case: "a log_config block with flow_sampling 0 (nothing sampled)",
        json: subnet({ log_config: { flow_sampling: 0 } }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_subnetwork.s",
      },
    ],
  })),
  {
    peer: "CKV_GCP_40",
    control: NET04NoExternalIp,
    tests:
      "an instance, template or instance from template fails when its first network_interface has access_config",
    passes: vm("google_compute_instance_template", nic()),
    fails: vm("google_compute_instance_template", nic({ access_config: [{ network_tier: "PREMIUM" }] })),
    address: "google_compute_instance_template.vm",
  },
  {
    peer: "AVD-GCP-0031",
    control: NET04NoExternalIp,
    tests: "an instance fails when a network_interface has an access_config block",
    passes: vm("google_compute_instance", nic()),
    fails: vm("google_compute_instance", nic({ access_config: [{ network_tier: "PREMIUM" }] })),
    address: "google_compute_instance.vm",
    differences: [
      {
        case: "an instance template with access_config (trivy reads no templates)",
        json: vm("google_compute_instance_template", nic({ access_config: [{ network_tier: "PREMIUM" }] })),
        peer: "pass",
        ours: "fail",
        address: "google_compute_instance_template.vm",
      },
    ],
  },
  portCheck("CKV_GCP_2", 22),
  portCheck("CKV_GCP_3", 3389),
  portCheck("CKV_GCP_75", 21),
  portCheck("CKV_GCP_77", 20),
  portCheck("CKV_GCP_88", 3306),
  portCheck("CKV_GCP_106", 80),
  ...[
    ["AVD-GCP-0027", "any allowed traffic", allow("tcp", ["8443"])],
    ["AVD-GCP-0070", "tcp 3389", allow("tcp", ["3389"])],
  ].map(([peer, what, allowed]): PeerCase => ({
    peer: peer as string,
    control: NET05NoInternetIngress,
    tests: `an enabled ingress allow of ${what} from 0.0.0.0/0 or ::/0 fails unless the rule has source or target tags`,
    passes: rule({ allow: allowed, source_ranges: ["10.0.0.0/8"] }),
    fails: rule({ allow: allowed, source_ranges: ["::/0"] }),
    address: FW,
    differences: [
      {
        case: "the same rule from 0.0.0.0/0 with target tags",
        json: rule({ allow: allowed, source_ranges: ["0.0.0.0/0"], target_tags: ["web"] }),
        peer: "pass",
        ours: "fail",
        address: FW,
      },
    ],
  })),
  ...[
    ["CKV_GCP_2", "an allow block whose ports include 22 with 0.0.0.0/0 in source_ranges fails"],
    ["AVD-GCP-0071", "an enabled tcp allow including port 22 from 0.0.0.0/0 or ::/0 fails"],
  ].map(([peer, tests]): PeerCase => ({
    peer,
    control: NET09SshFromIapOnly,
    tests,
    passes: rule({ allow: allow("tcp", ["22"]), source_ranges: ["35.235.240.0/20"], target_tags: ["ssh"] }),
    fails: rule({ allow: allow("tcp", ["22"]), source_ranges: ["0.0.0.0/0"] }),
    address: FW,
    differences: [
      {
        case: "SSH from a private range (10.0.0.0/8), not through IAP",
        json: rule({ allow: allow("tcp", ["22"]), source_ranges: ["10.0.0.0/8"], target_tags: ["ssh"] }),
        peer: "pass",
        ours: "fail",
        address: FW,
      },
    ],
  })),
  ...["CKV_GCP_36", "AVD-GCP-0043"].map((peer): PeerCase => ({
    peer,
    control: NET11NoIpForwarding,
    tests: "a google_compute_instance fails with can_ip_forward true",
    passes: vm("google_compute_instance", { can_ip_forward: false }),
    fails: vm("google_compute_instance", { can_ip_forward: true }),
    address: "google_compute_instance.vm",
    differences: [
      {
        case: "an instance template with can_ip_forward true (the peer reads instances only)",
        json: vm("google_compute_instance_template", { can_ip_forward: true }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_instance_template.vm",
      },
    ],
  })),
  {
    peer: "AVD-GCP-0035",
    control: NET13InternetEgressTargeted,
    tests:
      "an enabled egress allow whose destination ranges include 0.0.0.0/0 or ::/0 (unset reads as 0.0.0.0/0) fails",
    passes: rule({ direction: "EGRESS", allow: allow("all"), destination_ranges: ["10.0.0.0/8"] }),
    fails: rule({ direction: "EGRESS", allow: allow("all"), destination_ranges: ["0.0.0.0/0"] }),
    address: FW,
    differences: [
      {
        case: "HTTPS (tcp:443) to 0.0.0.0/0 for VMs tagged for it",
        json: rule({
          direction: "EGRESS",
          allow: allow("tcp", ["443"]),
          destination_ranges: ["0.0.0.0/0"],
          target_tags: ["internet-egress"],
        }),
        peer: "fail",
        ours: "pass",
        address: FW,
      },
      {
        case: "every port to a public range that is not /0 (8.8.8.0/24)",
        json: rule({ direction: "EGRESS", allow: allow("all"), destination_ranges: ["8.8.8.0/24"] }),
        peer: "pass",
        ours: "fail",
        address: FW,
      },
    ],
  },
  {
    peer: "AVD-GCP-0074",
    control: NET14NarrowIngressPorts,
    tests:
      "an ingress rule (allow or deny) with a port range spanning more than 30 ports (end - start > 30) fails",
    passes: rule({ allow: allow("tcp", ["8000-8010"]), source_ranges: ["10.0.0.0/8"], target_tags: ["app"] }),
    fails: rule({ allow: allow("tcp", ["1000-65535"]), source_ranges: ["10.0.0.0/8"], target_tags: ["app"] }),
    address: FW,
    differences: [
      {
        case: "a range of 51 ports (8000-8050)",
        json: rule({
          allow: allow("tcp", ["8000-8050"]),
          source_ranges: ["10.0.0.0/8"],
          target_tags: ["app"],
        }),
        peer: "fail",
        ours: "pass",
        address: FW,
      },
      {
        case: "a deny rule over a wide range (denies open nothing)",
        json: rule({ deny: allow("tcp", ["1-65535"]), source_ranges: ["10.0.0.0/8"] }),
        peer: "fail",
        ours: "pass",
        address: "project",
      },
    ],
  },
  {
    peer: "AVD-GCP-0072",
    control: NET14NarrowIngressPorts,
    tests: "an enabled ingress or egress allow of protocol all (or -1) fails",
    passes: rule({ allow: allow("tcp", ["443"]), source_ranges: ["10.0.0.0/8"], target_tags: ["app"] }),
    fails: rule({ allow: allow("all"), source_ranges: ["10.0.0.0/8"], target_tags: ["app"] }),
    address: FW,
    differences: [
      {
        case: "an egress allow of protocol all to a private range (egress is NET-13's, and only to the internet)",
        json: rule({ direction: "EGRESS", allow: allow("all"), destination_ranges: ["10.0.0.0/8"] }),
        peer: "fail",
        ours: "pass",
        address: "project",
      },
    ],
  },
  {
    peer: "CKV_GCP_16",
    control: NET15DnssecPublicZones,
    tests: "a managed zone passes with dnssec_config.state on or transfer; private zones are unknown",
    passes: zone(SIGNED),
    fails: zone({}),
    address: ZONE,
    differences: [
      {
        case: "DNSSEC in state transfer",
        json: zone({ dnssec_config: { state: "transfer" } }),
        peer: "pass",
        ours: "fail",
        address: ZONE,
      },
    ],
  },
  {
    peer: "AVD-GCP-0013",
    control: NET15DnssecPublicZones,
    tests: "a zone that is not private fails unless dnssec_config.state is on",
    passes: zone(SIGNED),
    fails: zone({ dnssec_config: { state: "off" } }),
    address: ZONE,
  },
  ...["CKV_GCP_17", "AVD-GCP-0012"].map((peer): PeerCase => ({
    peer,
    control: NET15DnssecPublicZones,
    tests: "a zone fails when a dnssec_config.default_key_specs algorithm is rsasha1",
    passes: zone(SIGNED),
    fails: zone(RSASHA1),
    address: ZONE,
    differences: [
      {
        case: "a public zone without DNSSEC (no key, so no RSASHA1 key)",
        json: zone({}),
        peer: "pass",
        ours: "fail",
        address: ZONE,
      },
    ],
  })),
];
