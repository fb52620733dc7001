import { ENVIRONMENT_TIER_LABEL } from "../../shared/labels";
import type { Scope } from "../model/types";
import { get } from "../model/values";
import { perScope } from "../model/per-scope";

/** Whether an environment is production, and what says so (for evidence and the matrix). */
export interface Tier {
  readonly production: boolean;
  readonly because: string;
}

/**
 * Production is what the environment's resources declare: the `environment-tier` label (set from
 * `environments.<name>.production` in baseline.yaml) on any of them. Any resource labelled production makes the
 * environment production (the stricter reading wins). Only an input that carries no tier label at all (plain
 * Terraform) falls back to the name: `prod` or `production`, any case. Read once per scope: it scans every
 * resource, and controls ask for it per resource.
 */
export const environmentTier = perScope((scope: Scope): Tier => {
  const { key, production, other } = ENVIRONMENT_TIER_LABEL;
  const tiers = new Set(
    scope.resources.map((r) => get(r.attributes, `labels.${key}`)).filter((v) => typeof v === "string"),
  );
  if (tiers.has(production)) return { production: true, because: `labels.${key} = ${production}` };
  if (tiers.has(other)) return { production: false, because: `labels.${key} = ${other}` };
  const byName = /^(prod|production)$/i.test(scope.environment);
  return {
    production: byName,
    because: `no ${key} label; by its name, ${scope.environment} is ${byName ? "" : "not "}production`,
  };
});
