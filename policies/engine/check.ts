import type { Control, Finding, Severity, Status } from "../control";
import type { LoadedInput } from "../load/input";
import { environmentTier } from "../views/production";
import { applyWaivers } from "./apply-waivers";
import { evaluate, worstStatus, type Unjudged } from "./evaluate";
import type { Waiver } from "../load/waivers";
import type { Profile } from "./select";

export interface CheckOptions {
  readonly controls: readonly Control[];
  readonly waivers?: readonly Waiver[];
  /** `YYYY-MM-DD`, injected so waiver expiry never depends on the clock in tests. */
  readonly today: string;
  /**
   * Lowest severity at which an `unknown` finding fails the check (default "high": high and critical);
   * "never" only reports unknowns. Unknown findings are always listed.
   */
  readonly unknownFailsFrom?: Severity | "never";
  /** Stale waivers (waiving nothing) fail the check too, instead of only being reported. */
  readonly strict?: boolean;
  /** `resources`: only verdicts about resources of the input (see Selection). */
  readonly profile?: Profile;
  /**
   * How `controls` was chosen from the catalogue (`--controls`, `--skip`), for the summary to say so; absent
   * when every control of the catalogue is checked.
   */
  readonly selection?: { readonly controls?: readonly string[]; readonly skip?: readonly string[] };
}

export interface CheckedFinding extends Finding {
  /** Whether this finding alone makes the check fail. */
  readonly failsCheck: boolean;
}

export type StatusCounts = Record<"pass" | "fail" | "unknown" | "waived" | "notApplicable", number>;

export interface CheckSummary {
  readonly result: "pass" | "fail";
  readonly environments: string[];
  /** Environments judged as production (views/production.ts), which some controls ask more of. */
  readonly production: string[];
  readonly stacks: { name: string; environment: string; resources: number }[];
  readonly resources: number;
  /** Each control counted once, by its most telling status over every environment. */
  readonly controls: StatusCounts & { total: number };
  readonly findings: StatusCounts & { total: number; failing: number };
  readonly waivers: { applied: number; expired: number; stale: number };
  /** Resources of types no checked control judges: passed in silence unless reported. */
  readonly unjudged: Unjudged;
  /** The profile and, when the check ran part of the catalogue, the `--controls` / `--skip` it ran with. */
  readonly selection: {
    readonly profile: Profile;
    readonly controls?: readonly string[];
    readonly skip?: readonly string[];
  };
}

export interface CheckReport {
  readonly summary: CheckSummary;
  readonly findings: CheckedFinding[];
  readonly waivers: { readonly expired: Waiver[]; readonly stale: Waiver[] };
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function runCheck(input: LoadedInput, options: CheckOptions): CheckReport {
  const profile = options.profile ?? "all";
  const evaluated = evaluate(input.model, options.controls, { profile });
  const waived = applyWaivers(evaluated.findings, options.waivers ?? [], options.today);
  const threshold = options.unknownFailsFrom ?? "high";
  const findings = waived.findings.map((f) => ({ ...f, failsCheck: failsCheck(f, threshold) }));
  const failing = findings.filter((f) => f.failsCheck).length;
  const failed =
    failing > 0 || waived.expired.length > 0 || (options.strict === true && waived.stale.length > 0);
  const byControl = new Map<string, Status[]>();
  for (const f of findings) {
    const statuses = byControl.get(f.control);
    if (statuses) statuses.push(f.status);
    else byControl.set(f.control, [f.status]);
  }
  return {
    findings,
    waivers: { expired: waived.expired, stale: waived.stale },
    summary: {
      result: failed ? "fail" : "pass",
      environments: input.model.environments.sort(),
      production: input.model.environments
        .filter((env) => environmentTier(input.model.scope(env)).production)
        .sort(),
      stacks: input.stacks.map((s) => ({
        name: s.stack,
        environment: s.environment,
        resources: s.resources.length,
      })),
      resources: input.model.resources.length,
      controls: { total: options.controls.length, ...count([...byControl.values()].map(worstStatus)) },
      findings: { total: findings.length, failing, ...count(findings.map((f) => f.status)) },
      waivers: {
        applied: findings.filter((f) => f.status === "waived").length,
        expired: waived.expired.length,
        stale: waived.stale.length,
      },
      unjudged: evaluated.unjudged,
      selection: {
        profile,
        ...(options.selection?.controls?.length ? { controls: [...options.selection.controls] } : {}),
        ...(options.selection?.skip?.length ? { skip: [...options.selection.skip] } : {}),
      },
    },
  };
}

function failsCheck(finding: Finding, threshold: Severity | "never"): boolean {
  if (finding.status === "fail") return true;
  if (finding.status !== "unknown" || threshold === "never") return false;
  return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold];
}

function count(statuses: readonly Status[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, unknown: 0, waived: 0, notApplicable: 0 };
  for (const s of statuses) counts[s === "not-applicable" ? "notApplicable" : s]++;
  return counts;
}
