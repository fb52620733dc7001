import { Construct } from "constructs";
import { ComputeInstanceTemplate } from "@cdktf/provider-google/lib/compute-instance-template";
import type { SnapshotSchedule } from "../bak/snapshot-schedule";

export const DEFAULT_IMAGE = "debian-cloud/debian-12";

export interface DataDiskProps {
  /** Stable device name; the startup script finds the disk at /dev/disk/by-id/google-<deviceName>. */
  readonly deviceName: string;
  readonly sizeGb: number;
  /** CMEK key (id or self link) in the template's region. */
  readonly kmsKey: string;
  /** Required: a stateful disk cannot exist without backups. */
  readonly snapshotSchedule: SnapshotSchedule;
  readonly type?: "pd-balanced" | "pd-ssd";
}

export interface HardenedInstanceTemplateProps {
  readonly namePrefix: string;
  readonly machineType: string;
  readonly subnetwork: string;
  readonly serviceAccountEmail: string;
  /** CMEK key for the boot disk, in the template's region. */
  readonly bootDiskKmsKey: string;
  readonly bootDiskSizeGb?: number;
  readonly image?: string;
  readonly dataDisk?: DataDiskProps;
  readonly startupScript: string;
  readonly networkTags: readonly string[];
  readonly labels?: Record<string, string>;
  /** Extra metadata for the workload; the hardening keys cannot be overridden. */
  readonly metadata?: Record<string, string>;
}

/** Metadata that every baseline VM carries; exported so single VMs apply the same hardening. */
export const HARDENED_METADATA = {
  "enable-oslogin": "TRUE",
  "block-project-ssh-keys": "TRUE",
  "serial-port-enable": "FALSE",
} as const;

export const SHIELDED_VM = {
  enableSecureBoot: true,
  enableVtpm: true,
  enableIntegrityMonitoring: true,
} as const;

/**
 * An instance template that guarantees: Shielded VM (secure boot, vTPM, integrity monitoring), no external IP,
 * OS Login with project SSH keys blocked, serial port off, no IP forwarding, a dedicated service account,
 * CMEK on every disk, and a snapshot schedule on the data disk.
 */
export class HardenedInstanceTemplate extends Construct {
  readonly template: ComputeInstanceTemplate;

  constructor(scope: Construct, id: string, props: HardenedInstanceTemplateProps) {
    super(scope, id);
    const dataDisk = props.dataDisk;
    this.template = new ComputeInstanceTemplate(this, "template", {
      namePrefix: props.namePrefix,
      machineType: props.machineType,
      canIpForward: false,
      tags: [...props.networkTags],
      labels: props.labels,
      metadata: { ...props.metadata, ...HARDENED_METADATA },
      metadataStartupScript: props.startupScript,
      shieldedInstanceConfig: { ...SHIELDED_VM },
      networkInterface: [{ subnetwork: props.subnetwork }],
      serviceAccount: { email: props.serviceAccountEmail, scopes: ["cloud-platform"] },
      disk: [
        {
          boot: true,
          sourceImage: props.image ?? DEFAULT_IMAGE,
          diskSizeGb: props.bootDiskSizeGb ?? 20,
          diskType: "pd-balanced",
          autoDelete: true,
          diskEncryptionKey: { kmsKeySelfLink: props.bootDiskKmsKey },
        },
        ...(dataDisk
          ? [
              {
                boot: false,
                deviceName: dataDisk.deviceName,
                diskSizeGb: dataDisk.sizeGb,
                diskType: dataDisk.type ?? "pd-balanced",
                autoDelete: false,
                diskEncryptionKey: { kmsKeySelfLink: dataDisk.kmsKey },
                resourcePolicies: [dataDisk.snapshotSchedule.name],
              },
            ]
          : []),
      ],
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
