import type { StackDocument } from "../../load/terraform-json";

/**
 * A plan JSON or a `.tf` directory is one stack named after its file or directory, so `base.plan.json` and
 * `head.plan.json` would never match, and controls would judge them as different environments. When each
 * side is a single stack under different names, the after side is renamed to the before side's stack (and
 * so environment) before it is evaluated. Multi-stack inputs (cdktf.out) keep their names: stacks match by
 * name there.
 */
export function alignSingleStack(
  before: readonly StackDocument[],
  after: readonly StackDocument[],
): readonly StackDocument[] {
  if (before.length !== 1 || after.length !== 1 || before[0].stack === after[0].stack) return after;
  const { stack, environment } = before[0];
  return [
    {
      ...after[0],
      stack,
      environment,
      resources: after[0].resources.map((r) => ({ ...r, stack, environment, id: `${stack}/${r.address}` })),
    },
  ];
}
