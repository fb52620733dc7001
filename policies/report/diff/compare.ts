import type { Control, Finding, Severity, Status } from "../../control";
import type { Resource } from "../../model/types";
import { worstStatus } from "../../engine/evaluate";
import { attributeChanges, leafChanges, type AttributeChange } from "./attributes";

/** How many non-evidence attribute changes a changed verdict shows at most. */
const OTHER_CHANGES_SHOWN = 5;

/** One side of a diff: what `check` evaluated on an input, and the resources it read. */
export interface Evaluated {
  readonly findings: readonly Finding[];
  readonly resources: readonly Resource[];
}

/** A control's verdict on one resource (or environment) that changed between the two sides. */
export interface ChangedFinding {
  readonly control: string;
  readonly title: string;
  readonly severity: Severity;
  readonly environment: string;
  readonly resource: string;
  /** What the finding is about, when its control gives several on the resource (see Finding.subject). */
  readonly subject?: string;
  /** Absent when the finding exists on one side only (a new resource, a control newly applying). */
  readonly before?: Status;
  readonly after?: Status;
  /** The message of the side that decides: the new one, or the old one when the finding went away. */
  readonly message: string;
  /** The security-relevant attribute changes behind the change: the findings' evidence paths. */
  readonly changes: readonly AttributeChange[];
  /** When no evidence path changed: the resource's other changed attributes (clipped), so a cause shows. */
  readonly otherChanges?: readonly AttributeChange[];
}

/** A resource present on one side only, with that side's control results. */
export interface ResourceResults {
  readonly resource: string;
  readonly environment: string;
  readonly results: readonly { control: string; status: Status }[];
}

export interface SecurityDiff {
  readonly regressed: readonly ChangedFinding[];
  readonly improved: readonly ChangedFinding[];
  /**
   * Status changes that neither break nor restore a claim (pass ↔ not-applicable ↔ waived): listed, since a
   * control that stops applying to a resource, or a new waiver, is still worth a reviewer's look.
   */
  readonly changed: readonly ChangedFinding[];
  readonly added: readonly ResourceResults[];
  readonly removed: readonly ResourceResults[];
  /** Findings with the same status on both sides: counted, not listed. */
  readonly unchanged: number;
}

/**
 * How bad a status is for a reviewer: pass, not-applicable and waived hold the claim; unknown cannot prove
 * it; fail breaks it. A finding whose level rises regressed; one whose level falls improved.
 */
function level(status: Status | undefined): number {
  return status === "fail" ? 2 : status === "unknown" ? 1 : 0;
}

/**
 * Compares two evaluations. Findings match on (control, environment, resource, subject), so each finding of
 * `check` is compared on its own; findings that still share that key count as their worst status. A finding that appears failing (a new resource, or
 * a project-level verdict such as "no audit config") is a regression; a failing project-level verdict that
 * disappears is an improvement. Output order is stable: catalogue order, then resource.
 */
export function securityDiff(
  before: Evaluated,
  after: Evaluated,
  catalogue: readonly Control[],
): SecurityDiff {
  const old = verdicts(before.findings);
  const now = verdicts(after.findings);
  const oldResources = new Map(before.resources.map((r) => [r.id, r]));
  const newResources = new Map(after.resources.map((r) => [r.id, r]));
  const controls = new Map(catalogue.map((c, index) => [c.id, { control: c, index }]));

  const regressed: ChangedFinding[] = [];
  const improved: ChangedFinding[] = [];
  const changed: ChangedFinding[] = [];
  let unchanged = 0;
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(key);
    const is = now.get(key);
    if (was && is && was.status === is.status) {
      unchanged++;
      continue;
    }
    const rise = level(is?.status) - level(was?.status);
    // A verdict that disappears while its resource stays means the control stopped judging it, not that it
    // was fixed (and a removed resource's verdicts are listed with it). Only a project-level verdict ("no
    // audit config") disappearing means the gap closed.
    if (!is && was!.resource !== `${was!.environment}/project`) continue;
    if (rise === 0 && !(was && is)) continue;
    const decisive = (is ?? was)!;
    const control = controls.get(decisive.control)?.control;
    const oldResource = oldResources.get(decisive.resource);
    const newResource = newResources.get(decisive.resource);
    const changes = attributeChanges(oldResource, newResource, was?.evidence ?? [], is?.evidence ?? []);
    const others =
      changes.length === 0 && oldResource && newResource
        ? leafChanges(oldResource.attributes, newResource.attributes)
        : [];
    const change: ChangedFinding = {
      control: decisive.control,
      title: control?.title ?? decisive.control,
      severity: decisive.severity,
      environment: decisive.environment,
      resource: decisive.resource,
      ...(decisive.subject !== undefined ? { subject: decisive.subject } : {}),
      ...(was ? { before: was.status } : {}),
      ...(is ? { after: is.status } : {}),
      message: decisive.message,
      changes,
      ...(others.length > 0 ? { otherChanges: others.slice(0, OTHER_CHANGES_SHOWN) } : {}),
    };
    (rise > 0 ? regressed : rise < 0 ? improved : changed).push(change);
  }

  const order = (a: { control: string; resource: string }, b: { control: string; resource: string }) =>
    (controls.get(a.control)?.index ?? Infinity) - (controls.get(b.control)?.index ?? Infinity) ||
    byText(a.control, b.control) ||
    byText(a.resource, b.resource);
  return {
    regressed: regressed.sort(order),
    improved: improved.sort(order),
    changed: changed.sort(order),
    added: onlyIn(newResources, oldResources, now, order),
    removed: onlyIn(oldResources, newResources, old, order),
    unchanged,
  };
}

/** The merged verdict of one control on one resource: what the two sides compare. */
type Verdict = Pick<
  Finding,
  "control" | "severity" | "environment" | "resource" | "subject" | "status" | "message" | "evidence"
>;

/** Findings keyed by control, environment, resource and subject; duplicates merge into their worst status. */
function verdicts(findings: readonly Finding[]): Map<string, Verdict> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = JSON.stringify([f.control, f.environment, f.resource, f.subject ?? ""]);
    const group = groups.get(key) ?? [];
    group.push(f);
    groups.set(key, group);
  }
  const merged = new Map<string, Verdict>();
  for (const [key, group] of groups) {
    const status = worstStatus(group.map((f) => f.status));
    const decisive = group.find((f) => f.status === status)!;
    merged.set(key, { ...decisive, status, evidence: group.flatMap((f) => f.evidence) });
  }
  return merged;
}

function onlyIn(
  side: ReadonlyMap<string, Resource>,
  other: ReadonlyMap<string, Resource>,
  results: ReadonlyMap<string, Verdict>,
  order: (a: { control: string; resource: string }, b: { control: string; resource: string }) => number,
): ResourceResults[] {
  const byResource = new Map<string, Verdict[]>();
  for (const v of results.values()) {
    const list = byResource.get(v.resource) ?? [];
    list.push(v);
    byResource.set(v.resource, list);
  }
  return [...side.values()]
    .filter((r) => r.mode === "managed" && !other.has(r.id))
    .map((r) => ({
      resource: r.id,
      environment: r.environment,
      results: (byResource.get(r.id) ?? [])
        .slice()
        .sort(order)
        .map((v) => ({ control: v.control, status: v.status })),
    }))
    .sort((a, b) => byText(a.resource, b.resource));
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
