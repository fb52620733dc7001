import type { Control, Evidence, Finding, Result, Status } from "../control";
import type { Model } from "../model/model";

/**
 * Runs every control on every environment's scope (the union of its stacks) and binds the results to
 * findings. A control that returns nothing for an environment yields a `not-applicable` finding on the
 * environment's project, and a control that throws yields a `fail`: a check never goes silent.
 */
export function evaluateControls(model: Model, controls: readonly Control[]): Finding[] {
  const findings: Finding[] = [];
  const shared = sharedStacks(model);
  for (const environment of [...model.environments].sort()) {
    const scope = model.scope(environment);
    for (const control of controls) {
      let results: Result[];
      try {
        results = control.evaluate(scope);
      } catch (error) {
        results = [
          projectResult("fail", `The control could not be evaluated: ${(error as Error).message ?? error}`),
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
      for (const result of withSubjects(results)) findings.push(toFinding(control, environment, result));
    }
  }
  return sortFindings(findings);
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

function toFinding(control: Control, environment: string, result: Result): Finding {
  const resource = result.resource;
  return {
    control: control.id,
    severity: control.severity,
    environment,
    resource: resource ? resource.id : `${environment}/project`,
    ...(result.subject !== undefined ? { subject: result.subject } : {}),
    status: result.status,
    message: result.message,
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
