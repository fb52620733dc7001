import { Construct } from "constructs";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";

export interface DefaultLogRetentionProps {
  readonly project: string;
  /** Days application logs are kept before Cloud Logging purges them. */
  readonly retentionDays: number;
}

/**
 * Application log retention: adopts the project's `_Default` log bucket (it always exists and Terraform
 * never deletes it) and sets how long its entries are kept before they are purged.
 */
export class DefaultLogRetention extends Construct {
  readonly bucket: LoggingProjectBucketConfig;

  constructor(scope: Construct, id: string, props: DefaultLogRetentionProps) {
    super(scope, id);
    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: props.project,
      location: "global",
      bucketId: "_Default",
      retentionDays: props.retentionDays,
    });
  }
}
