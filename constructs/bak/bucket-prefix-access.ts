import { Construct } from "constructs";
import { Token } from "cdktf";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";

export interface BucketPrefixAccessProps {
  /** Bucket name (a reference is fine). */
  readonly bucket: string;
  /** `serviceAccount:<email>`. */
  readonly member: string;
  /** Object name prefix, ending with `/` (e.g. `sql/acme-prod-pg/`); never the whole bucket. */
  readonly prefix: string;
  /**
   * `write`: create objects under the prefix, nothing else (no read, no overwrite, no delete: the bucket's
   * retention policy refuses those anyway). `read`: list the bucket's object names and read objects under the
   * prefix.
   */
  readonly access: "write" | "read";
}

const PREFIX = /^[a-z0-9][a-z0-9._-]*\/([a-z0-9._-]+\/)*$/;

/**
 * One role on a bucket, narrowed by an IAM condition to the objects under one prefix: `roles/storage.objectCreator`
 * to write, `roles/storage.objectViewer` to read. Listing is a bucket-level permission, so a reader may list the
 * names of every object (the condition admits the bucket itself) but read only those under its prefix.
 */
export class BucketPrefixAccess extends Construct {
  readonly grant: StorageBucketIamMember;

  constructor(scope: Construct, id: string, props: BucketPrefixAccessProps) {
    super(scope, id);
    const prefixOk = Token.isUnresolved(props.prefix)
      ? props.prefix.endsWith("/") && !props.prefix.startsWith("/")
      : PREFIX.test(props.prefix);
    if (!prefixOk) {
      throw new Error(
        `BucketPrefixAccess: prefix must be lowercase path segments ending with /, got "${props.prefix}"`,
      );
    }
    const objects = `resource.name.startsWith("projects/_/buckets/${props.bucket}/objects/${props.prefix}")`;
    this.grant = new StorageBucketIamMember(this, "grant", {
      bucket: props.bucket,
      member: props.member,
      ...(props.access === "write"
        ? {
            role: "roles/storage.objectCreator",
            condition: { title: `write ${props.prefix} only`, expression: objects },
          }
        : {
            role: "roles/storage.objectViewer",
            condition: {
              title: `read ${props.prefix} only`,
              expression: `resource.name == "projects/_/buckets/${props.bucket}" || ${objects}`,
            },
          }),
    });
  }
}
