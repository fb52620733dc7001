import { CMP02OsLogin } from "../../../policies/controls/cmp/CMP-02-os-login";
import {
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
  verdictWithUnknown,
} from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, COUNTED, VM, scope, vm } from "./fixture";

const REQUIRE_OS_LOGIN = {
  name: "projects/1/policies/compute.requireOsLogin",
  parent: "projects/1",
  spec: { rules: [{ enforce: "TRUE" }] },
};

describe("CMP-02 OS Login on every VM", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP02OsLogin, scope());
    expect(run(CMP02OsLogin, scope())).toEqual(BOTH_PASS);
  });

  it("fails a VM that turns OS Login off, even with project metadata on", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      vm(j).metadata["enable-oslogin"] = "FALSE";
      j.resource.google_compute_project_metadata_item = {
        oslogin: { key: "enable-oslogin", value: "TRUE" },
      };
    });
    expect(run(CMP02OsLogin, scope(json))).toContain(`${VM}: fail`);
    expectFails(CMP02OsLogin, scope(json), VM);
  });

  it("passes through project metadata or the org policy, fails with neither", () => {
    const bare = mutate(COMPUTE_STACK, (j) => delete vm(j).metadata["enable-oslogin"]);
    expect(run(CMP02OsLogin, scope(bare))).toContain(`${VM}: fail`);
    expectFails(CMP02OsLogin, scope(bare), VM);
    const project = mutate(bare, (j) => {
      j.resource.google_compute_project_metadata = { p: { metadata: { "enable-oslogin": "TRUE" } } };
    });
    expect(run(CMP02OsLogin, scope(project))).toEqual(BOTH_PASS);
    expectPasses(CMP02OsLogin, scope(project));
    const policy = mutate(bare, (j) => {
      j.resource.google_org_policy_policy = { oslogin: REQUIRE_OS_LOGIN };
    });
    expect(run(CMP02OsLogin, scope(policy))).toEqual(BOTH_PASS);
    expectPasses(CMP02OsLogin, scope(policy));
  });

  it("fails enable-oslogin = null with no project metadata or org policy (unset: OS Login off)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata["enable-oslogin"] = null));
    expectFails(CMP02OsLogin, scope(json), VM);
  });

  it("fails metadata = null with no project metadata or org policy (unset: OS Login off)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = null));
    expectFails(CMP02OsLogin, scope(json), VM);
  });

  it("is unknown when the metadata is known only after apply", () => {
    const result = verdictWithUnknown(CMP02OsLogin, scope(), VM, "metadata");
    expect(result.status).toBe("unknown");
  });

  it("is unknown for a VM whose whole metadata map comes from a variable", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = "${var.metadata}"));
    expect(run(CMP02OsLogin, scope(json))).toContain(`${VM}: unknown`);
  });

  it("is unknown when OS Login rests on an org policy whose count is an expression", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-oslogin"];
      j.resource.google_org_policy_policy = { oslogin: { ...REQUIRE_OS_LOGIN, count: COUNTED } };
    });
    expect(run(CMP02OsLogin, scope(json))).toContain(`${VM}: unknown`);
  });

  it("is unknown when OS Login rests on project metadata whose for_each is an expression", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-oslogin"];
      delete vm(j).metadata["enable-osconfig"];
      j.resource.google_compute_project_metadata = {
        p: { metadata: { "enable-oslogin": "TRUE", "enable-osconfig": "TRUE" }, for_each: "${var.projects}" },
      };
    });
    expect(run(CMP02OsLogin, scope(json))).toContain(`${VM}: unknown`);
  });

  describe("project metadata, with or without a VM in the input", () => {
    it.each([
      ["google_compute_project_metadata_item", { key: "enable-oslogin", value: "FALSE" }],
      ["google_compute_project_metadata", { metadata: { "enable-oslogin": "false", foo: "bar" } }],
    ])("fails %s turning OS Login off when the input declares no VM", (type, attributes) => {
      const alone = scopeOf(tf({ [type]: { p: attributes } }));
      const [failed] = expectFails(CMP02OsLogin, alone, `${type}.p`);
      expect(failed.message).toContain("turns OS Login off for every VM that does not set it itself");
      expect(run(CMP02OsLogin, alone)).toEqual([`${type}.p: fail`]);
    });

    it("passes project metadata turning OS Login on when there is no VM, and is unknown for an expression", () => {
      const on = scopeOf(
        tf({ google_compute_project_metadata_item: { p: { key: "enable-oslogin", value: "TRUE" } } }),
      );
      expectPasses(CMP02OsLogin, on);
      expect(run(CMP02OsLogin, on)).toEqual(["google_compute_project_metadata_item.p: pass"]);
      const later = scopeOf(
        tf({
          google_compute_project_metadata_item: { p: { key: "enable-oslogin", value: "${var.oslogin}" } },
        }),
      );
      expect(resultFor(CMP02OsLogin, later, "google_compute_project_metadata_item.p").status).toBe("unknown");
    });

    it("fails project metadata turning OS Login off beside VMs that turn it on themselves", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        j.resource.google_compute_project_metadata_item = { off: { key: "enable-oslogin", value: "FALSE" } };
      });
      expect(run(CMP02OsLogin, scope(json))).toEqual([
        "google_compute_project_metadata_item.off: fail",
        ...BOTH_PASS,
      ]);
      expectFails(CMP02OsLogin, scope(json), "google_compute_project_metadata_item.off");
    });

    it("stays not applicable with neither a VM nor project metadata", () => {
      expect(run(CMP02OsLogin, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
        "project: not-applicable",
      ]);
    });
  });
});
