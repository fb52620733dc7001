import { STO03NoPublicBuckets } from "../../../policies/controls/sto/STO-03-no-public-buckets";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { STORAGE_STACK, scope } from "./fixture";

describe("STO-03 No public access to buckets or objects", () => {
  it("passes grants to named principals", () => {
    expectPasses(STO03NoPublicBuckets, scope());
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
    expectFails(STO03NoPublicBuckets, scope(json), "google_storage_bucket_iam_member.reader");
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
      expectFails(STO03NoPublicBuckets, scope(json), "google_storage_bucket_acl.acl");
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
