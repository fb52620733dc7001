import { Construct } from "constructs";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import type { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { STATE_PURPOSE_LABEL } from "../../shared/labels";
import { CmekKey } from "../enc/cmek-key";
import { KeyEncrypterGrant } from "../enc/key-encrypter-grant";
import { expectServiceAgent } from "../enc/service-agents";

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly name: string;
  /** Region of the bucket; the key ring must be in the same region. */
  readonly location: string;
  /** Key ring id (`projects/P/locations/L/keyRings/R`) for the bucket's own key. */
  readonly keyRing: string;
  /** Number of the project that owns the bucket: its Cloud Storage service agent gets the key. */
  readonly projectNumber: string;
  readonly keyRotationDays?: number;
  readonly keyProtectionLevel?: "HSM" | "SOFTWARE";
  /** Lets `terraform destroy` delete the bucket. Off by default: losing state orphans every resource. */
  readonly allowDestroy?: boolean;
}

/**
 * The Terraform state bucket. Guarantees: encrypted with its own customer-managed key (granted to this
 * project's Cloud Storage service agent only, before the bucket is created), object versioning so every
 * earlier state can be restored, uniform bucket-level access, public access prevention enforced, no forced
 * deletion of objects and Terraform's prevent_destroy. No retention policy: it cannot coexist with versioning.
 */
export class StateBucket extends Construct {
  readonly bucket: StorageBucket;
  readonly key: KmsCryptoKey;
  readonly keyGrant: KeyEncrypterGrant;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    // Reading the project's storage account creates the agent if it does not exist yet.
    const agent = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", {
      lifecycle: expectServiceAgent("email_address", "storage", props.projectNumber),
    });
    this.key = new CmekKey(this, "key", {
      keyRing: props.keyRing,
      name: "terraform-state",
      rotationDays: props.keyRotationDays,
      protectionLevel: props.keyProtectionLevel,
      labels: { [STATE_PURPOSE_LABEL.key]: STATE_PURPOSE_LABEL.value },
    }).key;
    this.keyGrant = new KeyEncrypterGrant(this, "key-grant", {
      cryptoKeyId: this.key.id,
      agent: "storage",
      projectNumber: props.projectNumber,
      after: [agent],
    });
    this.bucket = new StorageBucket(this, "bucket", {
      name: props.name,
      location: props.location,
      storageClass: "STANDARD",
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      encryption: { defaultKmsKeyName: this.key.id },
      labels: { [STATE_PURPOSE_LABEL.key]: STATE_PURPOSE_LABEL.value },
      lifecycle: { preventDestroy: !props.allowDestroy },
      dependsOn: [this.keyGrant.member],
    });
  }
}
