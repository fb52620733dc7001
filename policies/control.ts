import type { Resource, Scope } from "./model/types";

export type Severity = "critical" | "high" | "medium" | "low";
export type Status = "pass" | "fail" | "unknown" | "not-applicable" | "waived";

export const FAMILIES = {
  NET: "Network",
  EDGE: "Load balancing and WAF",
  ENC: "Keys and encryption",
  CMP: "Compute hardening",
  SEC: "Vault and secrets",
  MON: "Logging, detection and alerting",
  BAK: "Backups",
  STO: "Storage",
  SQL: "Database",
  IAM: "Identity and org policy",
  RES: "Data residency",
  STATE: "Terraform state",
} as const;
export type Family = keyof typeof FAMILIES;

/** Attribute path and the value found there: what a reviewer needs to see why a control passed or failed. */
export interface Evidence {
  readonly path: string;
  readonly value: unknown;
}

/** What a control's evaluation returns: one verdict about one resource, or about the environment itself. */
export interface Result {
  /** The resource judged; omitted for project-level verdicts ("no audit config exists"). */
  readonly resource?: Resource;
  readonly status: Exclude<Status, "waived">;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /**
   * What the verdict is about when a control gives several on one resource or on the project (MON-07: one
   * per security event). Reports and the diff key findings by control, resource and subject.
   */
  readonly subject?: string;
}

export interface Control {
  /** `FAMILY-NN`, e.g. ENC-02. Stable: reports, waivers and diffs key on it. */
  readonly id: string;
  readonly title: string;
  /** The security-page sentence this control proves. */
  readonly claim: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly remediation: string;
  /** Public equivalents; an empty list means no confident mapping, never a guess. */
  readonly references: {
    readonly cis: readonly string[];
    readonly checkov: readonly string[];
    readonly trivy: readonly string[];
  };
  /** How the baseline implements the control (shown in the security matrix). */
  readonly implementation: string;
  evaluate(scope: Scope): Result[];
}

/** A Result bound to its control and environment, as reports print it. */
export interface Finding {
  readonly control: string;
  readonly severity: Severity;
  readonly environment: string;
  /** `<stack>/<address>` for a resource, `<environment>/project` for a project-level verdict. */
  readonly resource: string;
  /** See Result.subject; set whenever a control gave several verdicts on the same resource. */
  readonly subject?: string;
  readonly status: Status;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly remediation: string;
  readonly constructPath?: string;
  readonly source?: { file: string; line?: number };
  /** For waived findings: the waiver's reason, owner and expiry. */
  readonly waiver?: { reason: string; owner: string; expires: string };
}
