import { Annotations, Aspects, TerraformStack, type App, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Control, Severity } from "../policies/control";
import { runCheck, type CheckedFinding, type CheckReport } from "../policies/engine/check";
import type { Waiver } from "../policies/load/waivers";
import { modelFromDocuments } from "../policies/load/documents";
import { environmentOf } from "../shared/stack-naming";
import { readTerraformJson } from "../policies/load/terraform-json";

export interface PolicyGateOptions {
  readonly controls: readonly Control[];
  readonly waivers?: readonly Waiver[];
  /** `YYYY-MM-DD`, for waiver expiry. */
  readonly today: string;
  readonly unknownFailsFrom?: Severity | "never";
}

/**
 * Synth-time enforcement (as cdk-nag does for AWS): the catalogue runs once on the synthesized configuration
 * of every stack of the app (so cross-stack controls see an environment's stacks together, exactly as
 * `baseline check cdktf.out` does), and each failing finding becomes an error annotation on the offending
 * construct: on the environment's first stack for project-level findings, on the app's first stack for
 * expired waivers. cdktf then refuses to synthesize and lists them.
 */
export class PolicyGate implements IAspect {
  private report?: CheckReport;

  constructor(private readonly options: PolicyGateOptions) {}

  /** cdktf invokes aspects from each stack down, so one added to the App itself would never run. */
  static addTo(app: App, options: PolicyGateOptions): void {
    const gate = new PolicyGate(options);
    for (const stack of stacksOf(app)) Aspects.of(stack).add(gate);
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const stacks = stacksOf(node.node.root);
    const report = (this.report ??= this.check(stacks));
    const environment = environmentOf(node.node.id);
    const firstOfEnvironment = stacks.find((s) => environmentOf(s.node.id) === environment) === node;
    const constructs = new Map(node.node.findAll().map((c) => [c.node.path, c]));
    for (const finding of report.findings.filter((f) => f.failsCheck)) {
      const own = finding.resource.startsWith(`${node.node.id}/`);
      if (!own && !(firstOfEnvironment && finding.resource === `${environment}/project`)) continue;
      const target = (finding.constructPath && constructs.get(finding.constructPath)) || node;
      Annotations.of(target).addError(annotation(finding));
    }
    if (stacks[0] !== node) return;
    for (const w of report.waivers.expired) {
      Annotations.of(node).addError(
        `Waiver for ${w.control} on ${w.resource} (owner ${w.owner}) expired on ${w.expires}`,
      );
    }
  }

  private check(stacks: readonly TerraformStack[]): CheckReport {
    const documents = stacks.map((s) => readTerraformJson(s.toTerraform(), { stack: s.node.id }));
    return runCheck({ model: modelFromDocuments(documents), stacks: documents }, this.options);
  }
}

function stacksOf(root: IConstruct): TerraformStack[] {
  return root.node.findAll().filter(TerraformStack.isStack);
}

function annotation(f: CheckedFinding): string {
  const evidence = f.evidence
    .map((e) => `${e.path} = ${e.value === undefined ? "(not set)" : JSON.stringify(e.value)}`)
    .join("; ");
  return `${f.control} [${f.severity}] ${f.status === "unknown" ? "unknown until apply: " : ""}${f.message}${
    evidence ? ` (evidence: ${evidence})` : ""
  } Fix: ${f.remediation}`;
}
