import type { CheckReport } from "../engine/check";

/**
 * `{"summary", "findings": [{"control", "resource", "status", "message", "evidence", ...}], "waivers"}`.
 * Every finding is listed, passes included; Unknown values serialise as "(unknown: reason)".
 */
export function renderCheckJson(report: CheckReport): string {
  const findings = report.findings.map((f) => ({
    control: f.control,
    resource: f.resource,
    status: f.status,
    message: f.message,
    // An attribute that is not set is evidence too: null keeps the key that undefined would drop.
    evidence: f.evidence.map((e) => ({ path: e.path, value: e.value ?? null })),
    severity: f.severity,
    environment: f.environment,
    failsCheck: f.failsCheck,
    remediation: f.remediation,
    ...(f.constructPath ? { constructPath: f.constructPath } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.waiver ? { waiver: f.waiver } : {}),
  }));
  const waiver = ({ control, resource, owner, expires, line }: (typeof report.waivers.stale)[number]) => ({
    control,
    resource,
    owner,
    expires,
    ...(line ? { line } : {}),
  });
  return `${JSON.stringify(
    {
      summary: report.summary,
      findings,
      waivers: { expired: report.waivers.expired.map(waiver), stale: report.waivers.stale.map(waiver) },
    },
    null,
    2,
  )}\n`;
}
