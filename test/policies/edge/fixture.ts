import { Testing } from "cdktf";
import type { Control } from "../../../policies/control";
import type { Scope } from "../../../policies/model/types";
import { EdgeStack } from "../../../stacks/edge";
import { type Attrs, scopeOf } from "../../support/control-fixtures";
import { defaultConfig } from "../../support/synth";

/** The real prod-edge stack of the default configuration: the compliant fixture every mutation starts from. */
export const EDGE: Attrs = (() => {
  const config = defaultConfig();
  const prod = config.environments.find((env) => env.name === "prod")!;
  return JSON.parse(Testing.synth(new EdgeStack(Testing.app(), config, prod)));
})();

/** The only resource of a type in a (mutable copy of the) fixture. */
export function one(json: Attrs, type: string): Attrs {
  const all = Object.values(json.resource[type] ?? {}) as Attrs[];
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The Terraform address of the only resource of a type. */
export function address(type: string, json: Attrs = EDGE): string {
  const names = Object.keys(json.resource[type]);
  return `${type}.${names[0]}`;
}

/** A reference to the id of the only resource of a type. */
export const ref = (type: string) => `\${${address(type)}.id}`;

export const findUrlMap = (json: Attrs, suffix: string) =>
  (Object.values(json.resource.google_compute_url_map) as Attrs[]).find((map) => map.name.endsWith(suffix))!;

/** The rules of the Cloud Armor policy. */
export const armorRules = (json: Attrs): Attrs[] => one(json, "google_compute_security_policy").rule;

export const ruleAt = (json: Attrs, priority: number) =>
  armorRules(json).find((rule) => rule.priority === priority)!;

/** Keeps only the Cloud Armor rules `keep` accepts. */
export const dropRules = (json: Attrs, keep: (rule: Attrs) => boolean) => {
  const policy = one(json, "google_compute_security_policy");
  policy.rule = policy.rule.filter(keep);
};

export const expression = (rule: Attrs): string => rule.match.expr?.expression ?? "";

export const scope = (json: Attrs = EDGE): Scope => scopeOf(json);

/** Every result of a control as `<status>: <message>`, one a line. */
export const messageOf = (control: Control, json: Attrs): string =>
  control
    .evaluate(scope(json))
    .map((r) => `${r.status}: ${r.message}`)
    .join("\n");

export const POLICY = address("google_compute_security_policy");
export const BACKEND = address("google_compute_backend_service");
export const HTTPS_PROXY = address("google_compute_target_https_proxy");
export const HTTP_PROXY = address("google_compute_target_http_proxy");
