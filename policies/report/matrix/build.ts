import type { Control, Finding, Severity } from "../../control";
import { FAMILIES, type Family } from "../../control";
import { type BackupSection, backupSection } from "./backups";
import { isFailing, matrixStatus, type MatrixStatus } from "./status";

/** One control of the security page: what it claims, how the baseline does it, and how it stands per environment. */
export interface MatrixRow {
  readonly id: string;
  readonly family: string;
  readonly title: string;
  readonly claim: string;
  readonly severity: Severity;
  readonly implementation: string;
  readonly status: Readonly<Record<string, MatrixStatus>>;
  /** Per environment, the resources whose results decide the status (the failing ones when it fails). */
  readonly evidence: Readonly<Record<string, readonly string[]>>;
}

export interface Matrix {
  readonly environments: readonly string[];
  /** The environments judged as production (see views/production.ts): shown beside their names. */
  readonly production: readonly string[];
  readonly rows: readonly MatrixRow[];
  /** Per stateful store: how it is copied, where, with which key, kept how long, locked, restore-tested. */
  readonly backups: BackupSection;
}

/**
 * The control matrix: one row per control of the catalogue, in catalogue order, whether or not it produced
 * findings; environments sorted by name so the output is stable whatever the input order.
 */
export function controlMatrix(
  catalogue: readonly Control[],
  findings: readonly Finding[],
  environments: readonly string[] = [...new Set(findings.map((f) => f.environment))].sort(),
  production: readonly string[] = [],
): Matrix {
  const byControl = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byControl.get(finding.control) ?? [];
    list.push(finding);
    byControl.set(finding.control, list);
  }
  const rows = catalogue.map((control): MatrixRow => {
    const mine = byControl.get(control.id) ?? [];
    const status: Record<string, MatrixStatus> = {};
    const evidence: Record<string, string[]> = {};
    for (const env of environments) {
      const here = mine.filter((f) => f.environment === env);
      status[env] = matrixStatus(here.map((f) => f.status));
      evidence[env] = decidingResources(here, status[env]);
    }
    return {
      id: control.id,
      family: familyOf(control.id),
      title: control.title,
      claim: control.claim,
      severity: control.severity,
      implementation: control.implementation,
      status,
      evidence,
    };
  });
  return {
    environments,
    production: environments.filter((env) => production.includes(env)),
    rows,
    backups: backupSection(findings.filter((f) => environments.includes(f.environment))),
  };
}

/** An environment's name as the matrix heads a column or a line with it: `prod (production)`. */
export function environmentLabel(matrix: Matrix, environment: string): string {
  return matrix.production.includes(environment) ? `${environment} (production)` : environment;
}

function decidingResources(findings: readonly Finding[], status: MatrixStatus): string[] {
  const decides = (f: Finding): boolean => {
    if (status === "fail" || status === "unknown") return isFailing(f.status);
    // "Nothing here to judge" at project level proves nothing: only resources that were judged are evidence.
    if (status === "not-applicable") return f.resource !== `${f.environment}/project`;
    return f.status === "pass" || f.status === "waived";
  };
  return [...new Set(findings.filter(decides).map((f) => f.resource))].sort();
}

/** `ENC-02` → "Keys and encryption"; an id outside the known families keeps its prefix. */
export function familyOf(controlId: string): string {
  const prefix = controlId.replace(/-\d+$/, "");
  return prefix in FAMILIES ? FAMILIES[prefix as Family] : prefix;
}
