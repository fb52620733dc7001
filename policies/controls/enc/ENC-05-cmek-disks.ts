import type { Control } from "../../control";
import { DISK_TYPES, FROM_TEMPLATE, VM_TYPES } from "../../views/cmek";
import { judgeCmekCoverage } from "../../judge/cmek-coverage";

export const ENC05CmekDisks: Control = {
  id: "ENC-05",
  title: "CMEK on every disk",
  claim:
    "Every persistent disk (boot and data, on VMs, templates and standalone disks) is encrypted with a customer-managed key.",
  severity: "high",
  rationale:
    "With a customer-managed key the organisation controls, rotates, audits and can revoke access to disk " +
    "contents; Google-managed keys offer none of that. A customer-supplied key (CSEK: raw_key, " +
    "rsa_encrypted_key, disk_encryption_key_raw/_rsa) is not customer-managed either: the key itself sits in the " +
    "configuration and state (SEC-10 fails it as a secret) and cannot be rotated or revoked in KMS, so it fails " +
    "here too, named as a customer-supplied key. Local SSD (scratch) disks cannot use CMEK and are not " +
    "judged; an instance from a template is judged on the boot disk it overrides, its other disks on the template. " +
    "Checkov's CKV_GCP_37 and CKV_GCP_38 pass a customer-supplied raw key; trivy's AVD-GCP-0033 " +
    "reads no templates and AVD-GCP-0034 passes a key the configuration does not declare: all fail " +
    "here.",
  remediation:
    "Set disk_encryption_key.kms_key_self_link (disks, template disks) or boot_disk.kms_key_self_link / " +
    "attached_disk.kms_key_self_link (instances) to a declared google_kms_crypto_key.",
  references: { cis: [], checkov: ["CKV_GCP_37", "CKV_GCP_38"], trivy: ["AVD-GCP-0033", "AVD-GCP-0034"] },
  implementation:
    "HardenedInstanceTemplate requires a CMEK key for the boot and data disks; the kms stack supplies the disks key.",
  evaluate: (scope) => judgeCmekCoverage(scope, [...DISK_TYPES, ...VM_TYPES, FROM_TEMPLATE]),
};
