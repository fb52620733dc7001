import type { Evaluated } from "./compare";

/**
 * A plan JSON or a `.tf` directory is one stack named after its file or directory, so `base.plan.json` and
 * `head.plan.json` would never match. When each side is a single stack under a different name, the after
 * side takes the before side's stack and environment names, so the same resource compares with itself.
 * Multi-stack inputs (cdktf.out) keep their names: stacks are matched by name there.
 */
export function alignSingleStacks(before: Evaluated, after: Evaluated): Evaluated {
  const from = onlyStack(after);
  const to = onlyStack(before);
  if (!from || !to || (from.stack === to.stack && from.environment === to.environment)) return after;
  const rename = (id: string) =>
    id.startsWith(`${from.stack}/`)
      ? `${to.stack}${id.slice(from.stack.length)}`
      : id.startsWith(`${from.environment}/`)
        ? `${to.environment}${id.slice(from.environment.length)}`
        : id;
  return {
    findings: after.findings.map((f) => ({
      ...f,
      environment: f.environment === from.environment ? to.environment : f.environment,
      resource: rename(f.resource),
    })),
    resources: after.resources.map((r) => ({
      ...r,
      stack: to.stack,
      environment: to.environment,
      id: rename(r.id),
    })),
  };
}

function onlyStack(side: Evaluated): { stack: string; environment: string } | undefined {
  const stacks = new Set(side.resources.map((r) => r.stack));
  if (stacks.size !== 1) return undefined;
  const { stack, environment } = side.resources[0];
  return { stack, environment };
}
