import { Construct } from "constructs";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";

export interface RoutedLogBucketProps {
  readonly project: string;
  /** Region of the bucket (never `global`); the key must be in the same region. */
  readonly location: string;
  readonly bucketId: string;
  /** CMEK key (id) in `location`; the project's Cloud Logging service agent must be allowed to use it. */
  readonly kmsKey: string;
  /** Days entries are kept before Cloud Logging purges them. */
  readonly retentionDays: number;
  /** Locks the retention (irreversible: entries cannot be deleted early and retention cannot shrink). */
  readonly locked: boolean;
  /** Cloud Logging query choosing the entries the sink routes to the bucket. */
  readonly filter: string;
  /** What the bucket holds, e.g. "Audit logs"; starts the bucket's description. */
  readonly contents: string;
  readonly sinkDescription: string;
}

/**
 * A regional CMEK log bucket and the project sink that routes `filter` to it, without exclusions. The sink
 * writes to a log bucket of its own project, so Cloud Logging needs no writer-identity grant (the sink has
 * no writer identity in that case). Specialised by the audit and application log buckets.
 */
export class RoutedLogBucket extends Construct {
  readonly bucket: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;

  constructor(scope: Construct, id: string, props: RoutedLogBucketProps) {
    super(scope, id);
    // `global` buckets cannot meet the location policy, and a log bucket's location is fixed at creation.
    if (props.location === "global") {
      throw new Error(`${props.bucketId}: a log bucket must be regional, not global`);
    }
    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: props.project,
      location: props.location,
      bucketId: props.bucketId,
      description: `${props.contents} of ${props.project}, kept ${props.retentionDays} days`,
      retentionDays: props.retentionDays,
      locked: props.locked,
      cmekSettings: { kmsKeyName: props.kmsKey },
    });
    this.sink = new LoggingProjectSink(this, "sink", {
      project: props.project,
      name: `${props.bucketId}-sink`,
      description: props.sinkDescription,
      destination: `logging.googleapis.com/${this.bucket.id}`,
      filter: props.filter,
      uniqueWriterIdentity: true,
    });
  }
}
