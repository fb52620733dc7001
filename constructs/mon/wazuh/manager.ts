import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeDisk } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeDiskResourcePolicyAttachment } from "@cdktf/provider-google/lib/compute-disk-resource-policy-attachment";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { IapTunnelInstanceIamMember } from "@cdktf/provider-google/lib/iap-tunnel-instance-iam-member";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { CmekSecret } from "../../sec/cmek-secret";
import { FirewallRule } from "../../net/firewall-rule";
import { DEFAULT_IMAGE, HARDENED_METADATA, SHIELDED_VM } from "../../cmp/hardened-instance-template";
import { NETWORK_TAGS } from "../../../shared/network-tags";
import type { SnapshotSchedule } from "../../bak/snapshot-schedule";
import { WorkloadServiceAccount } from "../../iam/workload-service-account";
import { IAP_TCP_FORWARDING_RANGE } from "../../../shared/google-ranges";
import { WAZUH_ADMIN_PORTS, WAZUH_AGENT_PORTS, WAZUH_MANAGER_TAG } from "../../../shared/wazuh";
import { WAZUH_ENROLMENT_SECRET_ID } from "./agent";
import { renderWazuhManagerScript } from "./manager-script";
import { type WazuhArchiveTarget, WAZUH_ARCHIVE_JOB, wazuhArchiveMetadata } from "./archive";
import { WazuhArchiveAlerts } from "./archive-alerts";

const DATA_DEVICE = "wazuh-data";

export interface WazuhManagerProps {
  readonly project: string;
  /** Instance name; agents find the manager by its zonal DNS name (see wazuhManagerDnsName). */
  readonly name: string;
  readonly zone: string;
  readonly region: string;
  readonly network: string;
  readonly subnetwork: string;
  /** Wazuh release, installed from Wazuh's Debian repository and held there. */
  readonly version: string;
  readonly machineType: string;
  readonly dataDiskGb: number;
  /** CMEK key for both disks, in the manager's region. */
  readonly kmsKey: string;
  /**
   * CMEK key (in `region`) for the agent enrolment password's secret; the Secret Manager service agent must be
   * granted it (foundation stack).
   */
  readonly secretKmsKey: string;
  /**
   * Service accounts (`serviceAccount:…`) of the VMs that run a Wazuh agent: the only principals, besides the
   * manager's own account, that may read the enrolment password.
   */
  readonly agentServiceAccounts: readonly string[];
  /** Daily snapshots of the boot disk and the data disk (indexer data, certificates, manager state). */
  readonly snapshotSchedule: SnapshotSchedule;
  /** Where agents connect from: the VPC's subnet ranges. The internet is refused by FirewallRule. */
  readonly agentSourceRanges: readonly string[];
  /**
   * Principals allowed to open IAP TCP tunnels to this VM (dashboard, API; SSH still needs an OS Login role).
   * The grant is on the instance only, never project-wide.
   */
  readonly dashboardUsers?: readonly string[];
  /**
   * The daily archive into the backup bucket (archive.ts): where it writes, as whom, and who is alerted. The
   * writer account is declared elsewhere (the backup stack); this grants the manager's account
   * roles/iam.serviceAccountTokenCreator on that one account, so the job can mint its short-lived tokens.
   */
  readonly archive?: WazuhArchiveTarget & {
    /** An alert fires when no archive has succeeded for this many days. */
    readonly overdueDays: number;
    readonly notificationChannels: readonly string[];
  };
  readonly labels?: Record<string, string>;
}

/**
 * The Wazuh manager (server, indexer and dashboard on one VM). Guarantees: Shielded VM, no external IP, OS
 * Login with project SSH keys blocked, serial port off, a dedicated service account, CMEK boot and data disks
 * with daily snapshots, deletion protection, a fixed internal address, agent ports 1514/1515 open only to the
 * given VPC ranges, the dashboard (443) and API (55000) open only to IAP TCP forwarding, and agent enrolment
 * only with a password kept in a CMEK secret that the manager writes and only the agents' accounts can read.
 * The boot script is the `startup-script` metadata value: a changed script (a fix, another Wazuh version)
 * updates the running instance in place, and the manager's state is on the data disk, not the boot disk.
 */
export class WazuhManager extends Construct {
  readonly instance: ComputeInstance;
  readonly dataDisk: ComputeDisk;
  readonly address: ComputeAddress;
  readonly serviceAccount: WorkloadServiceAccount;
  readonly enrolmentSecret: CmekSecret;
  /** With `archive`: the manager's account may mint the writer's tokens; alerts on the job's outcome. */
  readonly archiveTokenGrant?: ServiceAccountIamMember;
  readonly archiveAlerts?: WazuhArchiveAlerts;

  constructor(scope: Construct, id: string, props: WazuhManagerProps) {
    super(scope, id);
    if (props.agentSourceRanges.length === 0) {
      throw new Error(`WazuhManager ${props.name}: agentSourceRanges must list the VPC's subnet ranges`);
    }
    this.serviceAccount = new WorkloadServiceAccount(this, "sa", {
      project: props.project,
      accountId: "wazuh-manager",
      description: props.archive
        ? "Wazuh manager VM: writes its own logs and mints the Wazuh archive writer's tokens, nothing else"
        : "Wazuh manager VM: writes its own boot and system logs, nothing else",
      projectRoles: ["roles/logging.logWriter"],
    });
    this.address = new ComputeAddress(this, "address", {
      name: props.name,
      region: props.region,
      subnetwork: props.subnetwork,
      addressType: "INTERNAL",
      description: "Fixed internal address of the Wazuh manager (its certificates name it)",
    });
    this.dataDisk = new ComputeDisk(this, "data", {
      name: `${props.name}-data`,
      zone: props.zone,
      size: props.dataDiskGb,
      type: "pd-balanced",
      diskEncryptionKey: { kmsKeySelfLink: props.kmsKey },
      labels: props.labels,
      lifecycle: { preventDestroy: true },
    });
    new ComputeDiskResourcePolicyAttachment(this, "data-snapshots", {
      name: props.snapshotSchedule.name,
      disk: this.dataDisk.name,
      zone: props.zone,
    });
    this.instance = new ComputeInstance(this, "vm", {
      name: props.name,
      zone: props.zone,
      machineType: props.machineType,
      deletionProtection: true,
      allowStoppingForUpdate: true,
      canIpForward: false,
      tags: [WAZUH_MANAGER_TAG, NETWORK_TAGS.iapSsh, NETWORK_TAGS.packageEgress],
      labels: props.labels,
      // The `startup-script` key, not metadata_startup_script: a changed script updates the instance in place
      // (the provider replaces an instance whose metadata_startup_script changes, which deletion protection
      // refuses). The script runs on every boot and does nothing when it already completed.
      metadata: {
        "startup-script": renderWazuhManagerScript({ version: props.version, dataDeviceName: DATA_DEVICE }),
        ...(props.archive ? wazuhArchiveMetadata(props.archive) : {}),
        ...HARDENED_METADATA,
      },
      shieldedInstanceConfig: { ...SHIELDED_VM },
      bootDisk: {
        autoDelete: true,
        kmsKeySelfLink: props.kmsKey,
        initializeParams: {
          image: DEFAULT_IMAGE,
          size: 50,
          type: "pd-balanced",
          resourcePolicies: [props.snapshotSchedule.policy.selfLink],
        },
      },
      attachedDisk: [{ source: this.dataDisk.id, deviceName: DATA_DEVICE }],
      networkInterface: [{ subnetwork: props.subnetwork, networkIp: this.address.address }],
      serviceAccount: { email: this.serviceAccount.email, scopes: ["cloud-platform"] },
    });
    this.enrolmentSecret = new CmekSecret(this, "enrolment-password", {
      secretId: WAZUH_ENROLMENT_SECRET_ID,
      location: props.region,
      kmsKey: props.secretKmsKey,
      labels: props.labels,
    });
    const grant = (id: string, role: string, member: string) =>
      new SecretManagerSecretIamMember(this, id, {
        secretId: this.enrolmentSecret.secret.id,
        role,
        member,
      });
    // The manager creates the password on its first boot (no payload ever passes through Terraform) and reads it
    // back on later boots; the agents only read it.
    grant("enrolment-manager-reads", "roles/secretmanager.secretAccessor", this.serviceAccount.member);
    grant("enrolment-manager-adds", "roles/secretmanager.secretVersionAdder", this.serviceAccount.member);
    props.agentServiceAccounts.forEach((member, i) =>
      grant(`enrolment-agent-${i}`, "roles/secretmanager.secretAccessor", member),
    );
    if (props.archive) {
      // On the writer account only (never project-wide): the manager may mint that account's tokens, and the
      // writer may only create objects under its prefix of the backup bucket.
      this.archiveTokenGrant = new ServiceAccountIamMember(this, "archive-token-creator", {
        serviceAccountId: `projects/${props.project}/serviceAccounts/${props.archive.writerEmail}`,
        role: "roles/iam.serviceAccountTokenCreator",
        member: this.serviceAccount.member,
      });
      this.archiveAlerts = new WazuhArchiveAlerts(this, WAZUH_ARCHIVE_JOB, {
        project: props.project,
        instanceName: props.name,
        zone: props.zone,
        overdueDays: props.archive.overdueDays,
        notificationChannels: props.archive.notificationChannels,
      });
    }
    (props.dashboardUsers ?? []).forEach((member, i) => {
      new IapTunnelInstanceIamMember(this, `iap-tunnel-${i}`, {
        project: props.project,
        zone: props.zone,
        instance: this.instance.name,
        role: "roles/iap.tunnelResourceAccessor",
        member,
      });
    });
    new FirewallRule(this, "fw-agents", {
      network: props.network,
      name: `${props.name}-agents`,
      description: "Wazuh agents: events (1514) and enrolment (1515) from the VPC's subnets only",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: WAZUH_AGENT_PORTS }],
      sourceRanges: props.agentSourceRanges,
      targetTags: [WAZUH_MANAGER_TAG],
    });
    new FirewallRule(this, "fw-admin", {
      network: props.network,
      name: `${props.name}-iap-admin`,
      description: "Wazuh dashboard (443) and API (55000) only through IAP TCP forwarding",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: WAZUH_ADMIN_PORTS }],
      sourceRanges: [IAP_TCP_FORWARDING_RANGE],
      targetTags: [WAZUH_MANAGER_TAG],
    });
  }
}
