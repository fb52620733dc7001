import { CMP01ShieldedVm } from "../../../policies/controls/cmp/CMP-01-shielded-vm";
import { CMP02OsLogin } from "../../../policies/controls/cmp/CMP-02-os-login";
import { CMP03BlockProjectSshKeys } from "../../../policies/controls/cmp/CMP-03-block-project-ssh-keys";
import { CMP04SerialPortOff } from "../../../policies/controls/cmp/CMP-04-serial-port-off";
import { CMP07VmManager } from "../../../policies/controls/cmp/CMP-07-vm-manager";
import { NET04NoExternalIp } from "../../../policies/controls/net/NET-04-no-external-ip";
import { type Attrs, mutate, run } from "../../support/control-fixtures";
import { COMPUTE_STACK, HARDENED, scope } from "./fixture";

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
