import { STO_CONTROLS } from "../../policies/controls/sto";
import { STO03NoPublicBuckets } from "../../policies/controls/sto/STO-03-no-public-buckets";
import { STO04ObjectRecovery } from "../../policies/controls/sto/STO-04-object-recovery";
import { STO02PublicAccessPrevention } from "../../policies/controls/sto/STO-02-public-access-prevention";
import { STO01UniformAccess } from "../../policies/controls/sto/STO-01-uniform-access";
import {
  type Attrs,
  expectWellFormed,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  tf,
  verdictWithUnknown,
} from "../support/control-fixtures";

const BUCKET = {
  location: "EUROPE-WEST2",
  uniform_bucket_level_access: true,
  public_access_prevention: "enforced",
};

/** A versioned state bucket and a retention-locked backup bucket, readable by one service account. */
const STORAGE_STACK = tf({
  google_storage_bucket: {
    state: { ...BUCKET, name: "state", versioning: { enabled: true } },
    backups: { ...BUCKET, name: "backups", retention_policy: { retention_period: 2592000, is_locked: true } },
  },
  google_storage_bucket_iam_member: {
    reader: {
      bucket: "${google_storage_bucket.backups.name}",
      role: "roles/storage.objectViewer",
      member: "serviceAccount:restore@acme-prod.iam.gserviceaccount.com",
    },
  },
});

const scope = scopeFor(STORAGE_STACK);
const bucket = (json: Attrs, name: string) => resourceIn(json, "google_storage_bucket", name);
const BOTH_PASS = ["google_storage_bucket.state: pass", "google_storage_bucket.backups: pass"];

describe("STO controls", () => {
  it("are well formed, numbered STO-01.. in order", () => expectWellFormed(STO_CONTROLS, "STO"));

  describe("STO-01 uniform bucket-level access", () => {
    it("passes true and fails absent (the default is off)", () => {
      expect(run(STO01UniformAccess, scope())).toEqual(BOTH_PASS);
      const json = mutate(STORAGE_STACK, (j) => delete bucket(j, "state").uniform_bucket_level_access);
      expect(run(STO01UniformAccess, scope(json))).toEqual([
        "google_storage_bucket.state: fail",
        "google_storage_bucket.backups: pass",
      ]);
    });
    it("is unknown when known only after apply", () => {
      const path = "uniform_bucket_level_access";
      const result = verdictWithUnknown(STO01UniformAccess, scope(), "google_storage_bucket.state", path);
      expect(result.status).toBe("unknown");
    });
  });

  describe("STO-02 public access prevention", () => {
    it.each([undefined, "inherited"])("fails %s", (value) => {
      expect(run(STO02PublicAccessPrevention, scope())).toEqual(BOTH_PASS);
      const json = mutate(STORAGE_STACK, (j) => (bucket(j, "backups").public_access_prevention = value));
      expect(
        resultFor(STO02PublicAccessPrevention, scope(json), "google_storage_bucket.backups").status,
      ).toBe("fail");
    });
  });

  describe("STO-03 no public buckets", () => {
    it("passes grants to named principals", () => {
      expect(run(STO03NoPublicBuckets, scope())).toEqual(["google_storage_bucket_iam_member.reader: pass"]);
    });
    it.each(["allUsers", "allAuthenticatedUsers"])("fails %s in a member, a binding and an ACL", (member) => {
      const json = mutate(STORAGE_STACK, (j) => {
        j.resource.google_storage_bucket_iam_member.reader.member = member;
        j.resource.google_storage_bucket_iam_binding = {
          viewers: {
            bucket: "b",
            role: "roles/storage.objectViewer",
            members: ["group:ops@example.com", member],
          },
        };
        j.resource.google_storage_bucket_acl = { acl: { bucket: "b", role_entity: [`READER:${member}`] } };
      });
      expect(run(STO03NoPublicBuckets, scope(json))).toEqual([
        "google_storage_bucket_iam_member.reader: fail",
        "google_storage_bucket_iam_binding.viewers: fail",
        "google_storage_bucket_acl.acl: fail",
      ]);
    });
    it.each(["publicRead", "publicReadWrite", "authenticatedRead"])(
      "fails a bucket or object ACL with the canned ACL %s",
      (canned) => {
        const json = mutate(STORAGE_STACK, (j) => {
          j.resource.google_storage_bucket_acl = { acl: { bucket: "b", predefined_acl: canned } };
          j.resource.google_storage_object_acl = {
            acl: { bucket: "b", object: "o", predefined_acl: canned },
          };
        });
        expect(run(STO03NoPublicBuckets, scope(json))).toEqual([
          "google_storage_bucket_iam_member.reader: pass",
          "google_storage_bucket_acl.acl: fail",
          "google_storage_object_acl.acl: fail",
        ]);
      },
    );
    it("is unknown for ACL entries set from an expression, passes a private canned ACL", () => {
      const json = mutate(STORAGE_STACK, (j) => {
        j.resource.google_storage_bucket_acl = { acl: { bucket: "b", role_entity: ["${var.acl}"] } };
        j.resource.google_storage_object_acl = {
          acl: { bucket: "b", object: "o", predefined_acl: "private" },
        };
      });
      expect(run(STO03NoPublicBuckets, scope(json))).toEqual([
        "google_storage_bucket_iam_member.reader: pass",
        "google_storage_bucket_acl.acl: unknown",
        "google_storage_object_acl.acl: pass",
      ]);
    });
    it("passes at project level when nothing grants bucket access", () => {
      const json = mutate(STORAGE_STACK, (j) => delete j.resource.google_storage_bucket_iam_member);
      expect(run(STO03NoPublicBuckets, scope(json))).toEqual(["project: pass"]);
    });
  });

  describe("STO-04 object recovery", () => {
    it("passes versioning or a retention policy", () => {
      expect(run(STO04ObjectRecovery, scope())).toEqual(BOTH_PASS);
    });
    it("fails a bucket with neither (or versioning off)", () => {
      const json = mutate(STORAGE_STACK, (j) => {
        bucket(j, "state").versioning.enabled = false;
        delete bucket(j, "backups").retention_policy;
      });
      expect(run(STO04ObjectRecovery, scope(json))).toEqual([
        "google_storage_bucket.state: fail",
        "google_storage_bucket.backups: fail",
      ]);
    });
  });
});
