/** The VMs of the synthesized baseline as the host harness boots them, and readers for what they leave behind. */
import { statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { WAZUH_ENROLMENT_SECRET_ID } from "../../constructs/mon/wazuh/agent";
import { type Attributes, type TerraformJson, attributesOf, defaultConfig } from "../support/synth";
import { xmlProblem } from "../support/well-formed-xml";
import { type Harness, type Vm, type VmSpec, resolved } from "./harness";

export const PROD = defaultConfig().environments[1];
export const MANAGER_DNS = `acme-prod-wazuh.europe-west2-b.c.${PROD.projectId}.internal`;
/** The Wazuh enrolment password the harness's Secret Manager holds for the agents. */
export const ENROLMENT_PASSWORD = "EnrolmentFromTheManager0Aa1.*";

/**
 * A booted host's Wazuh agent enrolled as the script promises: the password read from Secret Manager as the
 * VM's own account, kept root:wazuh 0640, and the agent started with it against the manager's address.
 */
export function expectAgentEnrolled(vm: Vm, h: Harness, serviceAccount: string): void {
  expect(vm.read("/var/ossec/etc/authd.pass")).toBe(ENROLMENT_PASSWORD);
  const pass = statSync(join(vm.root, "var/ossec/etc/authd.pass"));
  const wazuhGid = Number(vm.exec("getent group wazuh | cut -d: -f3").output.trim());
  expect([pass.mode & 0o777, pass.uid, pass.gid]).toEqual([0o640, 0, wazuhGid]);
  // The agent started with that configuration and its password (the stand-in refuses a missing address).
  expect(JSON.parse(vm.read("/var/ossec/var/run/standin-status.json")!)).toEqual({
    manager: MANAGER_DNS,
    enrolment: "password",
  });
  expect(h.requests()).toContain(
    `secretmanager access ${WAZUH_ENROLMENT_SECRET_ID}/1 by serviceAccount:${serviceAccount}`,
  );
}

function only(stack: TerraformJson, type: string): Attributes {
  const all = attributesOf(stack, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The Wazuh manager VM of a monitoring stack: its startup script exactly as Terraform sets it, and its spec. */
export function wazuhManagerVm(stack: TerraformJson): { script: string; spec: VmSpec } {
  const instance = only(stack, "google_compute_instance");
  const script = instance.metadata["startup-script"] as string;
  return {
    script,
    spec: {
      name: instance.name,
      serviceAccount: resolved(stack, instance.service_account.email),
      metadata: {
        "project/project-id": PROD.projectId,
        "instance/hostname": MANAGER_DNS,
        "instance/zone": `projects/123456789/zones/${instance.zone}`,
        "instance/id": "4242424242424242424",
        // Every key of the instance's metadata (the startup script, the archive job's declaration...).
        ...Object.fromEntries(
          Object.entries(instance.metadata as Record<string, string>).map(([key, value]) => [
            `instance/attributes/${key}`,
            value,
          ]),
        ),
      },
      // The data disk Terraform attaches, by its device name (1 GB stands in for its size).
      disks: Object.fromEntries(
        (instance.attached_disk as Attributes[]).map((disk) => [disk.device_name as string, 1024]),
      ),
    },
  };
}

/** One Zeek sensor of a monitoring stack's instance template. */
export function zeekSensorVm(
  stack: TerraformJson,
  name = "acme-prod-zeek-s1",
): { script: string; spec: VmSpec } {
  const template = only(stack, "google_compute_instance_template");
  const script = template.metadata_startup_script as string;
  return {
    script,
    spec: {
      name,
      serviceAccount: resolved(stack, template.service_account.email),
      metadata: { "project/project-id": PROD.projectId, "instance/attributes/startup-script": script },
    },
  };
}

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/** ossec.conf as Wazuh reads it: its <ossec_config> blocks in order (the file must be well-formed XML). */
export function ossecBlocks(conf: string): XmlElement[] {
  const wrapped = `<root>${conf.replace(/<\?xml[^>]*\?>/, "")}</root>`;
  const problem = xmlProblem(wrapped);
  if (problem) throw new Error(`ossec.conf is not well-formed XML: ${problem}`);
  const root: XmlElement = { name: "root", attributes: {}, children: [], text: "" };
  const stack = [root];
  const token = /<!--[\s\S]*?-->|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = token.exec(wrapped); m; m = token.exec(wrapped)) {
    if (m[0].startsWith("<!--")) continue;
    if (m[5] !== undefined) {
      stack.at(-1)!.text += m[5];
    } else if (m[1] === "/") {
      stack.pop();
    } else {
      const attributes = Object.fromEntries(
        [...m[3].matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1], a[2]]),
      );
      const element: XmlElement = { name: m[2], attributes, children: [], text: "" };
      stack.at(-1)!.children.push(element);
      if (m[4] !== "/") stack.push(element);
    }
  }
  return (root.children[0]?.children ?? []).filter((child) => child.name === "ossec_config");
}

/**
 * The effective value of a setting (`auth/use_password`, `wodle[@name=syscollector]/disabled`): Wazuh merges the
 * blocks in order, a later value winning. Undefined when no block sets it.
 */
export function effective(conf: string, path: string): string | undefined {
  let value: string | undefined;
  const steps = path.split("/").map((step) => {
    const m = /^([\w-]+)(?:\[@(\w+)=([\w.-]+)\])?$/.exec(step)!;
    return { name: m[1], attribute: m[2], equals: m[3] };
  });
  const walk = (element: XmlElement, depth: number): void => {
    if (depth === steps.length) {
      value = element.text.trim();
      return;
    }
    const step = steps[depth];
    for (const child of element.children) {
      if (child.name !== step.name) continue;
      if (step.attribute && child.attributes[step.attribute] !== step.equals) continue;
      walk(child, depth + 1);
    }
  };
  for (const block of ossecBlocks(conf)) walk(block, 0);
  return value;
}

/** Every value of a repeatable setting across the blocks (e.g. `sca/policies/policy`). */
export function allValues(conf: string, path: string): string[] {
  const values: string[] = [];
  const steps = path.split("/");
  const walk = (element: XmlElement, depth: number): void => {
    if (depth === steps.length) {
      values.push(element.text.trim());
      return;
    }
    for (const child of element.children) if (child.name === steps[depth]) walk(child, depth + 1);
  };
  for (const block of ossecBlocks(conf)) walk(block, 0);
  return values;
}

/** A YAML configuration file, parsed (throws when it is not valid YAML). */
export function yamlFile(text: string | null): Record<string, unknown> {
  if (text === null) throw new Error("no such file");
  return parseYaml(text) as Record<string, unknown>;
}
