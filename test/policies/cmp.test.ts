import { CMP_CONTROLS } from "../../policies/controls/cmp";
import { CMP03BlockProjectSshKeys } from "../../policies/controls/cmp/CMP-03-block-project-ssh-keys";
import { CMP05DedicatedServiceAccount } from "../../policies/controls/cmp/CMP-05-dedicated-service-account";
import { CMP02OsLogin } from "../../policies/controls/cmp/CMP-02-os-login";
import { CMP06OsPatching } from "../../policies/controls/cmp/CMP-06-os-patching";
import { CMP04SerialPortOff } from "../../policies/controls/cmp/CMP-04-serial-port-off";
import { CMP01ShieldedVm } from "../../policies/controls/cmp/CMP-01-shielded-vm";
import { CMP07VmManager } from "../../policies/controls/cmp/CMP-07-vm-manager";
import { NET04NoExternalIp } from "../../policies/controls/net/NET-04-no-external-ip";
import {
  type Attrs,
  expectEachControlGives,
  expectWellFormed,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  tf,
  verdictWithUnknown,
} from "../support/control-fixtures";

const HARDENED = {
  "enable-oslogin": "TRUE",
  "block-project-ssh-keys": "TRUE",
  "serial-port-enable": "FALSE",
  "enable-osconfig": "TRUE",
};
const SHIELDED = { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true };

/** A compliant compute stack: one VM and one template used by a regional group, both hardened and patched. */
const COMPUTE_STACK = tf({
  google_service_account: { app: { account_id: "app" } },
  google_compute_instance: {
    wazuh: {
      name: "wazuh",
      zone: "europe-west2-a",
      labels: { role: "wazuh" },
      metadata: { ...HARDENED },
      shielded_instance_config: { ...SHIELDED },
      service_account: { email: "${google_service_account.app.email}", scopes: ["cloud-platform"] },
    },
  },
  google_compute_instance_template: {
    app: {
      name_prefix: "app-",
      labels: { role: "app" },
      metadata: { ...HARDENED },
      shielded_instance_config: { ...SHIELDED },
      service_account: { email: "app@acme-prod.iam.gserviceaccount.com", scopes: ["cloud-platform"] },
    },
  },
  google_compute_region_instance_group_manager: {
    app: {
      base_instance_name: "app",
      region: "europe-west2",
      distribution_policy_zones: ["europe-west2-a", "europe-west2-b"],
      version: [{ instance_template: "${google_compute_instance_template.app.self_link}" }],
    },
  },
  google_os_config_patch_deployment: {
    weekly: {
      patch_deployment_id: "weekly",
      instance_filter: { all: true },
      recurring_schedule: {
        time_zone: { id: "UTC" },
        time_of_day: { hours: 3 },
        weekly: { day_of_week: "SUNDAY" },
      },
    },
  },
});

const scope = scopeFor(COMPUTE_STACK);
const vm = (json: Attrs) => resourceIn(json, "google_compute_instance", "wazuh");
const template = (json: Attrs) => resourceIn(json, "google_compute_instance_template", "app");
const BOTH_PASS = ["google_compute_instance.wazuh: pass", "google_compute_instance_template.app: pass"];

describe("CMP controls", () => {
  it("are well formed, numbered CMP-01.. in order", () => expectWellFormed(CMP_CONTROLS, "CMP"));

  it("all pass on the compliant compute stack", () =>
    expectEachControlGives(CMP_CONTROLS, scope(), BOTH_PASS));

  describe("CMP-01 Shielded VM", () => {
    it("fails secure boot left at its default (off), and vTPM turned off", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        delete vm(j).shielded_instance_config.enable_secure_boot;
        template(j).shielded_instance_config.enable_vtpm = false;
      });
      expect(resultFor(CMP01ShieldedVm, scope(json), "google_compute_instance.wazuh").message).toContain(
        "enable_secure_boot off (provider default)",
      );
      expect(run(CMP01ShieldedVm, scope(json))).toContain("google_compute_instance_template.app: fail");
    });
    it("fails a VM without the block, passes defaults for vTPM and integrity monitoring", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        delete vm(j).shielded_instance_config;
        template(j).shielded_instance_config = { enable_secure_boot: true };
      });
      expect(run(CMP01ShieldedVm, scope(json))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: pass",
      ]);
    });
  });

  describe("CMP-02 OS Login", () => {
    it("fails a VM that turns OS Login off, even with project metadata on", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        vm(j).metadata["enable-oslogin"] = "FALSE";
        j.resource.google_compute_project_metadata_item = {
          oslogin: { key: "enable-oslogin", value: "TRUE" },
        };
      });
      expect(run(CMP02OsLogin, scope(json))).toContain("google_compute_instance.wazuh: fail");
    });
    it("passes through project metadata or the org policy, fails with neither", () => {
      const bare = mutate(COMPUTE_STACK, (j) => delete vm(j).metadata["enable-oslogin"]);
      expect(run(CMP02OsLogin, scope(bare))).toContain("google_compute_instance.wazuh: fail");
      const project = mutate(bare, (j) => {
        j.resource.google_compute_project_metadata = { p: { metadata: { "enable-oslogin": "TRUE" } } };
      });
      expect(run(CMP02OsLogin, scope(project))).toEqual(BOTH_PASS);
      const policy = mutate(bare, (j) => {
        j.resource.google_org_policy_policy = {
          oslogin: {
            name: "projects/1/policies/compute.requireOsLogin",
            parent: "projects/1",
            spec: { rules: [{ enforce: "TRUE" }] },
          },
        };
      });
      expect(run(CMP02OsLogin, scope(policy))).toEqual(BOTH_PASS);
    });
    it("is unknown when the metadata is known only after apply", () => {
      const result = verdictWithUnknown(CMP02OsLogin, scope(), "google_compute_instance.wazuh", "metadata");
      expect(result.status).toBe("unknown");
    });
  });

  describe("CMP-03 block project SSH keys", () => {
    it("fails when absent or FALSE", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        delete vm(j).metadata["block-project-ssh-keys"];
        template(j).metadata["block-project-ssh-keys"] = "false";
      });
      expect(run(CMP03BlockProjectSshKeys, scope(json))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: fail",
      ]);
    });
  });

  describe("CMP-04 serial port", () => {
    it("passes when absent everywhere, fails when the VM or the project turns it on", () => {
      const absent = mutate(COMPUTE_STACK, (j) => delete vm(j).metadata["serial-port-enable"]);
      expect(run(CMP04SerialPortOff, scope(absent))).toEqual(BOTH_PASS);
      const projectOn = mutate(absent, (j) => {
        j.resource.google_compute_project_metadata_item = {
          serial: { key: "serial-port-enable", value: "TRUE" },
        };
      });
      // The template turns it off itself; the VM inherits the project's setting.
      expect(run(CMP04SerialPortOff, scope(projectOn))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: pass",
      ]);
      const vmOn = mutate(COMPUTE_STACK, (j) => (template(j).metadata["serial-port-enable"] = "1"));
      expect(run(CMP04SerialPortOff, scope(vmOn))).toContain("google_compute_instance_template.app: fail");
    });
  });

  describe("CMP-05 dedicated service account", () => {
    it.each([
      ["the default compute account", "123456789-compute@developer.gserviceaccount.com"],
      ["the literal 'default'", "default"],
      ["the default account data source", "${data.google_compute_default_service_account.d.email}"],
    ])("fails %s", (_, email) => {
      const json = mutate(COMPUTE_STACK, (j) => {
        vm(j).service_account.email = email;
        j.data = { google_compute_default_service_account: { d: {} } };
      });
      expect(run(CMP05DedicatedServiceAccount, scope(json))).toContain("google_compute_instance.wazuh: fail");
    });
    it("fails a missing block or email, and does not fail the cloud-platform scope", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        delete vm(j).service_account;
        delete template(j).service_account.email;
      });
      expect(run(CMP05DedicatedServiceAccount, scope(json))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: fail",
      ]);
      expect(
        resultFor(CMP05DedicatedServiceAccount, scope(json), "google_compute_instance_template.app").message,
      ).toContain("default compute account");
    });
    it("is unknown for an email that references nothing declared", () => {
      const json = mutate(
        COMPUTE_STACK,
        (j) => (vm(j).service_account.email = "${google_service_account.gone.email}"),
      );
      expect(run(CMP05DedicatedServiceAccount, scope(json))).toContain(
        "google_compute_instance.wazuh: unknown",
      );
    });
  });

  describe("CMP-06 OS patching", () => {
    it("fails at project level when there is no patch deployment", () => {
      const json = mutate(COMPUTE_STACK, (j) => delete j.resource.google_os_config_patch_deployment);
      expect(run(CMP06OsPatching, scope(json))).toEqual(["project: fail"]);
    });
    it("fails VMs when the only deployment is one-time", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        const weekly = j.resource.google_os_config_patch_deployment.weekly;
        delete weekly.recurring_schedule;
        weekly.one_time_schedule = { execute_time: "2030-01-01T00:00:00Z" };
      });
      expect(run(CMP06OsPatching, scope(json))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: fail",
      ]);
    });
    it("matches label groups, zones and name prefixes; a VM no filter selects fails", () => {
      const filtered = (filter: Attrs) =>
        mutate(
          COMPUTE_STACK,
          (j) => (j.resource.google_os_config_patch_deployment.weekly.instance_filter = filter),
        );
      expect(run(CMP06OsPatching, scope(filtered({ group_labels: [{ labels: { role: "app" } }] })))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: pass",
      ]);
      expect(run(CMP06OsPatching, scope(filtered({ zones: ["europe-west2-a", "europe-west2-b"] })))).toEqual(
        BOTH_PASS,
      );
      expect(run(CMP06OsPatching, scope(filtered({ zones: ["europe-west2-a"] })))).toEqual([
        "google_compute_instance.wazuh: pass",
        "google_compute_instance_template.app: fail",
      ]);
      expect(
        run(
          CMP06OsPatching,
          scope(filtered({ instance_name_prefixes: ["wa"], group_labels: [{ labels: { role: "wazuh" } }] })),
        ),
      ).toEqual(["google_compute_instance.wazuh: pass", "google_compute_instance_template.app: fail"]);
    });
    it("is unknown when a regional group's zones are left to Google", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        j.resource.google_os_config_patch_deployment.weekly.instance_filter = { zones: ["europe-west2-a"] };
        delete j.resource.google_compute_region_instance_group_manager.app.distribution_policy_zones;
      });
      expect(run(CMP06OsPatching, scope(json))).toContain("google_compute_instance_template.app: unknown");
    });
  });

  describe("CMP-07 VM Manager", () => {
    it("fails without enable-osconfig, passes with it in project metadata", () => {
      const json = mutate(COMPUTE_STACK, (j) => {
        delete vm(j).metadata["enable-osconfig"];
        delete template(j).metadata["enable-osconfig"];
      });
      expect(run(CMP07VmManager, scope(json))).toEqual([
        "google_compute_instance.wazuh: fail",
        "google_compute_instance_template.app: fail",
      ]);
      const project = mutate(json, (j) => {
        j.resource.google_compute_project_metadata_item = {
          osconfig: { key: "enable-osconfig", value: "TRUE" },
        };
      });
      expect(run(CMP07VmManager, scope(project))).toEqual(BOTH_PASS);
    });
  });
});

describe("CMP metadata controls read a metadata map set by an expression as unknown", () => {
  const controls = [CMP02OsLogin, CMP03BlockProjectSshKeys, CMP04SerialPortOff, CMP07VmManager];
  it("is unknown for a VM whose whole metadata map comes from a variable", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = "${var.metadata}"));
    for (const control of controls)
      expect(run(control, scope(json))).toContain("google_compute_instance.wazuh: unknown");
  });
  it("CMP-04 is unknown when project metadata comes from an expression and the VM says nothing", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["serial-port-enable"];
      j.resource.google_compute_project_metadata = { project: { metadata: "${var.project_metadata}" } };
    });
    expect(run(CMP04SerialPortOff, scope(json))).toContain("google_compute_instance.wazuh: unknown");
  });
});

describe("VM controls judge instances created from a template with their overrides", () => {
  const fromTemplate = (overrides: Attrs) =>
    mutate(COMPUTE_STACK, (j) => {
      j.resource.google_compute_instance_from_template = {
        copy: {
          name: "copy",
          zone: "europe-west2-a",
          source_instance_template: "${google_compute_instance_template.app.self_link_unique}",
          ...overrides,
        },
      };
    });
  const COPY = "google_compute_instance_from_template.copy";

  it("passes an instance that inherits the hardened template", () => {
    for (const control of [
      CMP02OsLogin,
      CMP03BlockProjectSshKeys,
      CMP04SerialPortOff,
      CMP07VmManager,
      CMP01ShieldedVm,
    ])
      expect(run(control, scope(fromTemplate({})))).toContain(`${COPY}: pass`);
    expect(run(NET04NoExternalIp, scope(fromTemplate({})))).toContain(`${COPY}: pass`);
  });

  it("fails overrides that turn OS Login off, secure boot off, or add an external IP", () => {
    const json = fromTemplate({
      metadata: { ...HARDENED, "enable-oslogin": "FALSE" },
      shielded_instance_config: { enable_secure_boot: false },
      network_interface: [{ network: "default", access_config: [{}] }],
    });
    expect(run(CMP02OsLogin, scope(json))).toContain(`${COPY}: fail`);
    expect(run(CMP01ShieldedVm, scope(json))).toContain(`${COPY}: fail`);
    expect(run(NET04NoExternalIp, scope(json))).toContain(`${COPY}: fail`);
  });
});

describe("CMP-02 / CMP-06 / CMP-07 do not count on a patch deployment, org policy or project metadata that may not be created", () => {
  const COUNTED = "${var.on ? 1 : 0}";
  it("CMP-06 is unknown when the only patch deployment's count is an expression", () => {
    const json = mutate(
      COMPUTE_STACK,
      (j) => (j.resource.google_os_config_patch_deployment.weekly.count = COUNTED),
    );
    expect(run(CMP06OsPatching, scope(json))).toEqual([
      "google_compute_instance.wazuh: unknown",
      "google_compute_instance_template.app: unknown",
    ]);
  });
  it("CMP-02 is unknown when OS Login rests on an org policy whose count is an expression", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-oslogin"];
      j.resource.google_org_policy_policy = {
        oslogin: {
          name: "projects/1/policies/compute.requireOsLogin",
          parent: "projects/1",
          spec: { rules: [{ enforce: "TRUE" }] },
          count: COUNTED,
        },
      };
    });
    expect(run(CMP02OsLogin, scope(json))).toContain("google_compute_instance.wazuh: unknown");
  });
  it("CMP-02 / CMP-07 are unknown when the setting rests on project metadata whose for_each is an expression", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-oslogin"];
      delete vm(j).metadata["enable-osconfig"];
      j.resource.google_compute_project_metadata = {
        p: { metadata: { "enable-oslogin": "TRUE", "enable-osconfig": "TRUE" }, for_each: "${var.projects}" },
      };
    });
    expect(run(CMP02OsLogin, scope(json))).toContain("google_compute_instance.wazuh: unknown");
    expect(run(CMP07VmManager, scope(json))).toEqual([
      "google_compute_instance.wazuh: unknown",
      "google_compute_instance_template.app: pass",
    ]);
  });
});
