import { Annotations, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Control, Severity } from "../policies/control";
import { runCheck, type CheckedFinding, type CheckReport } from "../policies/engine/check";
import type { Waiver } from "../policies/engine/waivers";
import { modelFromDocuments } from "../policies/load/documents";
import { environmentOf } from "../policies/load/stack-name";
import { readTerraformJson } from "../policies/load/terraform-json";

export interface PolicyGateOptions {
  readonly controls: readonly Control[];
  readonly waivers?: readonly Waiver[];
  /** `YYYY-MM-DD`, for waiver expiry. */
  readonly today: string;
  readonly unknownFailsFrom?: Severity | "never";
}

/**
 * Synth-time enforcement (as cdk-nag does for AWS): when cdktf visits a stack, the catalogue runs on the
 * synthesized configuration of that stack's whole environment (every `<env>-*` stack of the app, so
 * cross-stack controls see both sides), and each failing finding becomes an error annotation on the
 * offending construct, or on the environment's first stack for project-level findings and waiver problems.
 * cdktf then refuses to synthesize and lists them.
 */
export class PolicyGate implements IAspect {
  private readonly reports = new Map<string, CheckReport>();

  constructor(private readonly options: PolicyGateOptions) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const environment = environmentOf(node.node.id);
    const siblings = node.node.root.node
      .findAll()
      .filter(TerraformStack.isStack)
      .filter((s) => environmentOf(s.node.id) === environment);
    const report = this.reportFor(environment, siblings);
    const constructs = new Map(node.node.findAll().map((c) => [c.node.path, c]));
    const carriesEnvironment = siblings[0] === node;
    for (const finding of report.findings.filter((f) => f.failsCheck)) {
      const own = finding.resource.startsWith(`${node.node.id}/`);
      if (!own && !(carriesEnvironment && finding.resource === `${environment}/project`)) continue;
      const target = (finding.constructPath && constructs.get(finding.constructPath)) || node;
      Annotations.of(target).addError(annotation(finding));
    }
    if (!carriesEnvironment) return;
    for (const w of report.waivers.expired) {
      Annotations.of(node).addError(
        `Waiver for ${w.control} on ${w.resource} (owner ${w.owner}) expired on ${w.expires}`,
      );
    }
  }

  private reportFor(environment: string, stacks: readonly TerraformStack[]): CheckReport {
    let report = this.reports.get(environment);
    if (!report) {
      const documents = stacks.map((s) => readTerraformJson(s.toTerraform(), { stack: s.node.id }));
      report = runCheck({ model: modelFromDocuments(documents), stacks: documents }, this.options);
      this.reports.set(environment, report);
    }
    return report;
  }
}

function annotation(f: CheckedFinding): string {
  const evidence = f.evidence.map((e) => `${e.path} = ${JSON.stringify(e.value)}`).join("; ");
  return `${f.control} [${f.severity}] ${f.status === "unknown" ? "unknown until apply: " : ""}${f.message}${
    evidence ? ` (evidence: ${evidence})` : ""
  } Fix: ${f.remediation}`;
}
