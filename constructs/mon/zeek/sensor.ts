import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { ComputePacketMirroring } from "@cdktf/provider-google/lib/compute-packet-mirroring";
import { ComputeRegionBackendService } from "@cdktf/provider-google/lib/compute-region-backend-service";
import { ComputeRegionHealthCheck } from "@cdktf/provider-google/lib/compute-region-health-check";
import { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import { FirewallRule } from "../../net/firewall-rule";
import { HardenedInstanceTemplate } from "../../cmp/hardened-instance-template";
import { NETWORK_TAGS } from "../../../shared/network-tags";
import { WorkloadServiceAccount } from "../../iam/workload-service-account";
import { ZEEK_HEALTH_PORT, type ZeekSensorScriptProps, renderZeekSensorScript } from "./sensor-script";
import { HEALTH_CHECK_RANGES, IAP_TCP_FORWARDING_RANGE } from "../../../shared/google-ranges";

/** Priorities of the rules about the sensors' own addresses: above the network's generic allows (1000). */
const SENSOR_OWN_ALLOW_PRIORITY = 900;
const SENSOR_OWN_DENY_PRIORITY = 910;

/** Network tag of the Zeek collectors: the target of the mirrored-traffic ingress rule. */
export const ZEEK_SENSOR_TAG = "zeek-sensor";

/** A subnet whose traffic is mirrored: its id (for the policy) and range. */
export interface MirroredSubnet {
  readonly id: string;
  readonly cidr: string;
}

export interface ZeekSensorProps {
  readonly project: string;
  /** Prefix of every resource name, e.g. acme-prod-zeek. */
  readonly name: string;
  readonly region: string;
  readonly network: string;
  /** The collector subnet (never itself mirrored: collectors behind the ILB are not mirrored anyway). */
  readonly subnetwork: string;
  readonly collectorCidr: string;
  /** Every subnet of the region to mirror; the policy copies both directions of all their traffic. */
  readonly mirroredSubnets: readonly MirroredSubnet[];
  readonly machineType: string;
  readonly nodes: number;
  /** CMEK key for the sensors' boot disks, in `region`. */
  readonly kmsKey: string;
  readonly zeekPackage: ZeekSensorScriptProps["zeekPackage"];
  readonly wazuh: ZeekSensorScriptProps["wazuh"];
  readonly labels?: Record<string, string>;
}

/**
 * Network monitoring for one region: a regional MIG of hardened Zeek sensors behind an internal passthrough
 * load balancer whose forwarding rule is a packet-mirroring collector, and the packet-mirroring policy that
 * copies every listed subnet's traffic (both directions, all protocols) to it. Guarantees the firewall
 * openings this needs and no more: every mirrored copy into the sensors (copies keep their original sources,
 * so the rule admits 0.0.0.0/0; the sensors have no external address), but to the sensors' own addresses only
 * SSH from IAP and health checks (a higher-priority allow and deny pair; the sensors' nftables ruleset drops
 * the rest again on the host), and the egress allow to the collector address that the VPC's default-deny
 * egress would otherwise drop.
 */
export class ZeekSensor extends Construct {
  readonly collector: ComputeForwardingRule;
  readonly mirroring: ComputePacketMirroring;
  readonly instanceGroup: ComputeRegionInstanceGroupManager;
  /** The sensors' service account (the Wazuh manager lets it read the agent enrolment password). */
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: ZeekSensorProps) {
    super(scope, id);
    if (props.mirroredSubnets.length === 0) {
      throw new Error(
        `ZeekSensor ${props.name}: mirroredSubnets is empty; there would be nothing to monitor`,
      );
    }
    const account = (this.serviceAccount = new WorkloadServiceAccount(this, "sa", {
      project: props.project,
      accountId: "zeek-sensor",
      description: "Zeek sensors: write their own boot and system logs, nothing else",
      projectRoles: ["roles/logging.logWriter"],
    }));
    const template = new HardenedInstanceTemplate(this, "template", {
      namePrefix: `${props.name}-`,
      machineType: props.machineType,
      subnetwork: props.subnetwork,
      serviceAccountEmail: account.email,
      bootDiskKmsKey: props.kmsKey,
      // Zeek keeps rotated logs locally until zeekctl cron expires them.
      bootDiskSizeGb: 50,
      startupScript: renderZeekSensorScript({
        zeekPackage: props.zeekPackage,
        collectorCidr: props.collectorCidr,
        wazuh: props.wazuh,
      }),
      networkTags: [ZEEK_SENSOR_TAG, NETWORK_TAGS.lbBackend, NETWORK_TAGS.iapSsh, NETWORK_TAGS.packageEgress],
      labels: props.labels,
    });
    const healthCheck = new ComputeRegionHealthCheck(this, "health", {
      name: `${props.name}-health`,
      region: props.region,
      checkIntervalSec: 10,
      timeoutSec: 5,
      httpHealthCheck: { port: ZEEK_HEALTH_PORT, requestPath: "/" },
      logConfig: { enable: true },
    });
    this.instanceGroup = new ComputeRegionInstanceGroupManager(this, "mig", {
      name: props.name,
      region: props.region,
      baseInstanceName: props.name,
      targetSize: props.nodes,
      version: [{ name: "zeek", instanceTemplate: template.template.selfLink }],
      // Installing Zeek and the Wazuh agent at boot takes a few minutes.
      autoHealingPolicies: { healthCheck: healthCheck.id, initialDelaySec: 900 },
    });
    const backend = new ComputeRegionBackendService(this, "backend", {
      name: props.name,
      region: props.region,
      loadBalancingScheme: "INTERNAL",
      protocol: "TCP",
      healthChecks: [healthCheck.id],
      backend: [{ group: this.instanceGroup.instanceGroup, balancingMode: "CONNECTION" }],
    });
    const address = new ComputeAddress(this, "address", {
      name: `${props.name}-collector`,
      region: props.region,
      subnetwork: props.subnetwork,
      addressType: "INTERNAL",
      description: "Packet-mirroring collector address (internal load balancer)",
    });
    this.collector = new ComputeForwardingRule(this, "collector", {
      name: `${props.name}-collector`,
      region: props.region,
      loadBalancingScheme: "INTERNAL",
      isMirroringCollector: true,
      backendService: backend.id,
      ipAddress: address.address,
      ipProtocol: "TCP",
      allPorts: true,
      network: props.network,
      subnetwork: props.subnetwork,
    });
    this.mirroring = new ComputePacketMirroring(this, "mirroring", {
      name: props.name,
      region: props.region,
      description: "Copies all traffic of the workload subnets to the Zeek sensors",
      network: { url: props.network },
      collectorIlb: { url: this.collector.id },
      mirroredResources: { subnetworks: props.mirroredSubnets.map((subnet) => ({ url: subnet.id })) },
      filter: { direction: "BOTH" },
    });
    // Mirrored copies keep the addresses of the original packets: copies of the workload VMs' inbound traffic
    // come from the internet, the load balancer's proxies and Google's health checkers, so only a rule from
    // 0.0.0.0/0 lets every copy in. The sensors have no external address (HardenedInstanceTemplate never gives
    // one): from outside the VPC nothing reaches them but these copies. What the rule would also admit, packets
    // addressed to the sensors themselves from inside the VPC, the three rules above it narrow to IAP SSH and
    // health checks, and the sensors' host firewall (nftables, sensor-script.ts) drops the rest.
    const own = [props.collectorCidr];
    new FirewallRule(this, "fw-own-ssh", {
      network: props.network,
      name: `${props.name}-own-ssh`,
      description: "SSH to the sensors themselves, only through Identity-Aware Proxy TCP forwarding",
      direction: "INGRESS",
      action: "allow",
      priority: SENSOR_OWN_ALLOW_PRIORITY,
      protocols: [{ protocol: "tcp", ports: ["22"] }],
      sourceRanges: [IAP_TCP_FORWARDING_RANGE],
      destinationRanges: own,
      targetTags: [ZEEK_SENSOR_TAG],
    });
    new FirewallRule(this, "fw-own-health", {
      network: props.network,
      name: `${props.name}-own-health`,
      description:
        "Load balancer health checks to the sensors' health endpoint (sent to the collector address)",
      direction: "INGRESS",
      action: "allow",
      priority: SENSOR_OWN_ALLOW_PRIORITY,
      protocols: [{ protocol: "tcp", ports: [String(ZEEK_HEALTH_PORT)] }],
      sourceRanges: [...HEALTH_CHECK_RANGES],
      destinationRanges: own,
      targetTags: [ZEEK_SENSOR_TAG],
    });
    new FirewallRule(this, "fw-own-deny", {
      network: props.network,
      name: `${props.name}-own-deny`,
      description:
        "Nothing else to the sensors' own addresses (collector subnet), whatever the broader rules allow",
      direction: "INGRESS",
      action: "deny",
      priority: SENSOR_OWN_DENY_PRIORITY,
      protocols: [{ protocol: "all" }],
      sourceRanges: ["0.0.0.0/0"],
      destinationRanges: own,
      targetTags: [ZEEK_SENSOR_TAG],
    });
    new FirewallRule(this, "fw-mirrored-ingress", {
      network: props.network,
      name: `${props.name}-mirrored-ingress`,
      description:
        "Mirrored copies (original sources kept, internet included) to the Zeek sensors, which have no external address",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "all" }],
      sourceRanges: ["0.0.0.0/0"],
      allowInternetSource: true,
      targetTags: [ZEEK_SENSOR_TAG],
    });
    new FirewallRule(this, "fw-collector-egress", {
      network: props.network,
      name: `${props.name}-collector-egress`,
      description: "Egress to the packet-mirroring collector address, which default-deny egress would drop",
      direction: "EGRESS",
      action: "allow",
      protocols: [{ protocol: "all" }],
      destinationRanges: [`${address.address}/32`],
    });
  }
}
