import { SEC12NodeAddressStable } from "../../../policies/controls/sec/SEC-12-node-address-stable";
import { expectFails, expectPasses, resultFor, run, scopeOf, tf } from "../../support/control-fixtures";
import { type Stacks, after, failures, group, groupAddress, prodScope } from "./fixture";

const NOT_STATEFUL = "nic0's internal IP is not stateful: a recreated node comes back at a new address";

describe("SEC-12 A Vault node keeps its name and address when it is recreated", () => {
  test("passes the baseline's group: nic0's IP stateful, instances recreated under their names", () => {
    const [result] = expectPasses(SEC12NodeAddressStable, prodScope());
    expect(result.message).toMatch(/nodes keep their names and nic0 address across recreation$/);
    expect(result.evidence).toContainEqual({
      path: "stateful_internal_ip",
      value: [{ interface_name: "nic0", delete_rule: "ON_PERMANENT_INSTANCE_DELETION" }],
    });
  });

  test("fails a group whose nodes can change address: no stateful IP, or only another interface's", () => {
    const none = (s: Stacks) => delete group(s).attributes.stateful_internal_ip;
    expect(failures(after(SEC12NodeAddressStable, none))).toEqual([expect.stringContaining(NOT_STATEFUL)]);
    expectFails(SEC12NodeAddressStable, prodScope(none), groupAddress());
    const otherNic = (s: Stacks) => (group(s).attributes.stateful_internal_ip[0].interface_name = "nic1");
    expectFails(SEC12NodeAddressStable, prodScope(otherNic), groupAddress());
  });

  test("fails with stateful_internal_ip null (unset: the provider keeps no address)", () => {
    const scope = prodScope((s) => (group(s).attributes.stateful_internal_ip = null));
    const [result] = expectFails(SEC12NodeAddressStable, scope, groupAddress());
    expect(result.message).toContain(NOT_STATEFUL);
  });

  test("fails when updates substitute nodes (new names are new raft node ids), also by default", () => {
    const substitute = (s: Stacks) => (group(s).attributes.update_policy.replacement_method = "SUBSTITUTE");
    expect(failures(after(SEC12NodeAddressStable, substitute))).toEqual([
      expect.stringContaining("replacement_method SUBSTITUTE replaces nodes with new names"),
    ]);
    const [result] = expectFails(
      SEC12NodeAddressStable,
      prodScope((s) => (group(s).attributes.update_policy = null)),
      groupAddress(),
    );
    expect(result.message).toContain("replacement_method (not set: SUBSTITUTE)");
  });

  test("reads an interface name known only after apply as unknown, not passed", () => {
    const scope = prodScope(
      (s) => (group(s).attributes.stateful_internal_ip[0].interface_name = "${var.nic}"),
    );
    expect(run(SEC12NodeAddressStable, scope)).toEqual([`${groupAddress()}: unknown`]);
  });

  test("judges a single Vault VM by its reserved address", () => {
    const vm = (networkIp?: string) =>
      tf({
        google_compute_instance: {
          vault: {
            metadata: { "vault-config": 'storage "raft" {}' },
            network_interface: [{ subnetwork: "vault", ...(networkIp ? { network_ip: networkIp } : {}) }],
          },
        },
        google_compute_address: { vault: { name: "vault", address_type: "INTERNAL" } },
      });
    expect(resultFor(SEC12NodeAddressStable, scopeOf(vm()), "google_compute_instance.vault")).toMatchObject({
      status: "fail",
      message:
        "google_compute_instance.vault: the VM's internal IP is ephemeral: a recreated VM comes back at a new address",
    });
    expectFails(SEC12NodeAddressStable, scopeOf(vm()), "google_compute_instance.vault");
    expect(run(SEC12NodeAddressStable, scopeOf(vm("10.20.16.5")))).toEqual([
      "google_compute_instance.vault: pass",
    ]);
    expect(run(SEC12NodeAddressStable, scopeOf(vm("${google_compute_address.vault.address}")))).toEqual([
      "google_compute_instance.vault: pass",
    ]);
  });
});
