import type { Severity } from "../../control";
import type { ChangedFinding } from "./compare";

export interface ControlGroup {
  readonly control: string;
  readonly title: string;
  readonly severity: Severity;
  readonly findings: readonly ChangedFinding[];
}

/** Changed findings grouped by control, keeping the diff's (catalogue) order. */
export function groupByControl(findings: readonly ChangedFinding[]): ControlGroup[] {
  const groups = new Map<string, ControlGroup & { findings: ChangedFinding[] }>();
  for (const f of findings) {
    const group = groups.get(f.control) ?? {
      control: f.control,
      title: f.title,
      severity: f.severity,
      findings: [],
    };
    group.findings.push(f);
    groups.set(f.control, group);
  }
  return [...groups.values()];
}
