import type { Control, Evidence, Finding, Result, Status } from "../control";
import type { Model } from "../model/model";
import type { Scope } from "../model/types";
import { resolvedMessage } from "./messages";
import type { Profile } from "./select";

export interface EvaluateOptions {
  /** `resources`: only verdicts about resources; project-level ones are left out (see Selection). */
  readonly profile?: Profile;
}

/** Managed resources of types no control judged: what a check passes in silence unless it says so. */
export interface Unjudged {
  readonly resources: number;
  /** Each type with its number of resources, most resources first (then by name). */
  readonly types: readonly { readonly type: string; readonly resources: number }[];
}

export interface Evaluation {
  readonly findings: Finding[];
  readonly unjudged: Unjudged;
}

/** The findings of `evaluate`. */
export function evaluateControls(
  model: Model,
  controls: readonly Control[],
  options: EvaluateOptions = {},
): Finding[] {
  return evaluate(model, controls, options).findings;
}

/**
 * Runs every control on every environment's scope (the union of its stacks) and binds the results to
 * findings. A control that returns nothing for an environment yields a `not-applicable` finding on the
 * environment's project, and a control that throws yields a `fail`: a check never goes silent. A resource
 * type is judged when a control asked the scope for it (`ofType`) or gave a verdict on a resource of it;
 * the resources of every other type are counted as unjudged.
 */
export function evaluate(
  model: Model,
  controls: readonly Control[],
  options: EvaluateOptions = {},
): Evaluation {
  const findings: Finding[] = [];
  const unjudged = new Map<string, number>();
  const shared = sharedStacks(model);
  for (const environment of [...model.environments].sort()) {
    const scope = model.scope(environment);
    const judged = new Set<string>();
    const recording: Scope = {
      ...scope,
      ofType: (type) => {
        judged.add(type);
        return scope.ofType(type);
      },
    };
    for (const control of controls) {
      let results: Result[];
      try {
        results = control.evaluate(recording);
      } catch (error) {
        results = [
          projectResult("fail", `The control could not be evaluated: ${(error as Error).message ?? error}`),
        ];
      }
      for (const r of results) if (r.resource) judged.add(r.resource.type);
      if (options.profile === "resources" && results.some((r) => !r.resource)) {
        results = results.filter((r) => r.resource);
        if (results.length === 0)
          results = [
            projectResult(
              "not-applicable",
              "Left out by --profile resources: this control gave only project-level verdicts here.",
            ),
          ];
      }
      if (results.length === 0) {
        results = [
          projectResult(
            "not-applicable",
            `Nothing in environment ${environment} for this control to evaluate.`,
          ),
        ];
      }
      if (shared.has(environment)) results = results.map((r) => outsideEnvironments(r, environment));
      for (const result of withSubjects(results))
        findings.push(toFinding(control, environment, result, scope));
    }
    for (const r of scope.resources)
      if (r.mode === "managed" && !judged.has(r.type)) unjudged.set(r.type, (unjudged.get(r.type) ?? 0) + 1);
  }
  const types = [...unjudged]
    .map(([type, resources]) => ({ type, resources }))
    .sort((a, b) => b.resources - a.resources || (a.type < b.type ? -1 : 1));
  return {
    findings: sortFindings(findings),
    unjudged: { resources: types.reduce((n, t) => n + t.resources, 0), types },
  };
}

/**
 * Stacks outside every environment: in an input with `<env>-<concern>` stacks, a stack whose name has no
 * concern (the bootstrap stack holding Terraform state) is shared infrastructure, not an environment. Its
 * resources are checked one by one like any other; only project-level verdicts do not apply to it. An
 * input made only of such stacks (one .tf.json, a plan, a .tf directory) is checked as environments.
 */
function sharedStacks(model: Model): Set<string> {
  const concernless = new Set<string>();
  let hasEnvironments = false;
  for (const r of model.resources) {
    if (r.stack === r.environment) concernless.add(r.stack);
    else hasEnvironments = true;
  }
  return hasEnvironments ? concernless : new Set();
}

function outsideEnvironments(result: Result, stack: string): Result {
  if (result.resource || (result.status !== "fail" && result.status !== "unknown")) return result;
  return {
    ...result,
    status: "not-applicable",
    message: `${result.message} (not applicable: ${stack} is a shared stack outside the <env>-<concern> environments; project-level controls apply to environments)`,
  };
}

/**
 * Gives every verdict that shares its resource (or the project) with another verdict of the same control a
 * subject, its message when the control named none, so that no finding hides another in a report or a diff.
 */
function withSubjects(results: readonly Result[]): Result[] {
  const count = new Map<unknown, number>();
  for (const r of results) count.set(r.resource ?? "project", (count.get(r.resource ?? "project") ?? 0) + 1);
  return results.map((r) =>
    r.subject === undefined && (count.get(r.resource ?? "project") ?? 0) > 1
      ? { ...r, subject: r.message }
      : r,
  );
}

function projectResult(status: Result["status"], message: string): Result {
  return { status, message, evidence: [] };
}

function toFinding(control: Control, environment: string, result: Result, scope: Scope): Finding {
  const resource = result.resource;
  return {
    control: control.id,
    severity: control.severity,
    environment,
    resource: resource ? resource.id : `${environment}/project`,
    ...(result.subject !== undefined ? { subject: result.subject } : {}),
    status: result.status,
    message: resolvedMessage(scope, resource, result.message),
    evidence: boundedEvidence(result.evidence),
    remediation: control.remediation,
    ...(resource?.constructPath ? { constructPath: resource.constructPath } : {}),
    ...(resource?.source ? { source: resource.source } : {}),
  };
}

/** Evidence a finding carries at most: a report grows with the input, never with its square. */
export const MAX_EVIDENCE_ITEMS = 40;
/** Longest evidence string kept whole (a startup script, a policy document): the rest is counted, not shown. */
export const MAX_EVIDENCE_TEXT = 2_000;

function boundedEvidence(evidence: readonly Evidence[]): Evidence[] {
  const kept = evidence
    .slice(0, MAX_EVIDENCE_ITEMS)
    .map((e) => ({ path: e.path, value: clipValue(e.value) }));
  if (evidence.length > MAX_EVIDENCE_ITEMS)
    kept.push({
      path: "(more evidence)",
      value: `${evidence.length - MAX_EVIDENCE_ITEMS} more items not shown`,
    });
  return kept;
}

function clipValue(value: unknown): unknown {
  if (typeof value === "string")
    return value.length > MAX_EVIDENCE_TEXT
      ? `${value.slice(0, MAX_EVIDENCE_TEXT)}… (${value.length} characters)`
      : value;
  if (value === null || typeof value !== "object") return value;
  const text = JSON.stringify(value) ?? "";
  return text.length > MAX_EVIDENCE_TEXT
    ? `${text.slice(0, MAX_EVIDENCE_TEXT)}… (${text.length} characters of JSON)`
    : value;
}

/** Control id, then resource; equal keys keep evaluation order, so output is stable run to run. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => compare(a.control, b.control) || compare(a.resource, b.resource));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most telling status first: what a control "is" across several findings. */
export const STATUS_ORDER: readonly Status[] = ["fail", "unknown", "waived", "pass", "not-applicable"];

export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = "not-applicable";
  for (const s of statuses) if (STATUS_ORDER.indexOf(s) < STATUS_ORDER.indexOf(worst)) worst = s;
  return worst;
}
