import picomatch from "picomatch";
import type { Finding } from "../control";
import type { Waiver } from "../load/waivers";

export interface WaiverOutcome {
  readonly findings: Finding[];
  /** Past their expiry: they waive nothing and fail the check, so an accepted risk is re-decided. */
  readonly expired: Waiver[];
  /** Unexpired but waiving nothing (the finding passes now, or the glob matches no failing resource). */
  readonly stale: Waiver[];
}

/**
 * Turns `fail` / `unknown` findings into `waived` when an unexpired waiver names their control and its glob
 * matches their resource. `today` is `YYYY-MM-DD`; a waiver applies through its expiry day.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  today: string,
): WaiverOutcome {
  const expired = waivers.filter((w) => w.expires < today);
  const active = waivers
    .filter((w) => w.expires >= today)
    .map((waiver) => ({ waiver, matches: picomatch(waiver.resource, { dot: true }), used: false }));
  const result = findings.map((finding): Finding => {
    if (finding.status !== "fail" && finding.status !== "unknown") return finding;
    const match = active.find((a) => a.waiver.control === finding.control && a.matches(finding.resource));
    if (!match) return finding;
    match.used = true;
    const { reason, owner, expires } = match.waiver;
    return { ...finding, status: "waived", waiver: { reason, owner, expires } };
  });
  return { findings: result, expired, stale: active.filter((a) => !a.used).map((a) => a.waiver) };
}
