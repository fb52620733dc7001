import { z } from "zod";
import { cidrContains, parseCidr } from "../lib/cidr";
import { ENVIRONMENT_TIER_LABEL } from "../shared/labels";
import { ConfigError } from "./errors";
import {
  COMPONENT_SECTIONS,
  baselineFileSchema,
  type BaselineFile,
  type ComponentName,
  type Config,
  type EnvironmentConfig,
} from "./schema";
import {
  YamlValueError,
  formatYamlPath,
  lineOf,
  parseYamlWithPositions,
  quoteValue,
  syntaxErrors,
  yamlData,
  type PositionedYaml,
} from "../lib/yaml-position";
import { InputReadError, decodeUtf8, readBounded } from "../lib/bounded-input";

export const DEFAULT_CONFIG_FILE = "baseline.yaml";

/** Reads, validates and resolves a baseline configuration file; throws ConfigError with every problem. */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): Config {
  let text: string;
  try {
    text = decodeUtf8(readBounded(file), "a YAML file");
  } catch (error) {
    if (error instanceof InputReadError) throw new ConfigError(file, [error.problem]);
    throw error;
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): Config {
  const yaml = parseYamlWithPositions(text);
  const errors = syntaxErrors(yaml);
  if (errors.length > 0) {
    throw new ConfigError(
      file,
      errors.map((e) => `${file}:${e.line}:${e.col}: YAML syntax error: ${e.reason}`),
    );
  }
  let data: unknown;
  try {
    data = yamlData(yaml);
  } catch (error) {
    if (error instanceof YamlValueError) throw new ConfigError(file, [`${file}: ${error.message}`]);
    throw error;
  }
  const result = baselineFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(file, describeIssues(result.error.issues, yaml, file));
  }
  const parsed = result.data;
  const environments = Object.entries(parsed.environments).map(([name, env]): EnvironmentConfig => {
    const components = Object.fromEntries(
      (Object.keys(COMPONENT_SECTIONS) as ComponentName[]).map((section) => [
        section,
        { ...parsed[section], ...(env[section] ?? {}) },
      ]),
    ) as Pick<EnvironmentConfig, ComponentName>;
    return {
      ...env,
      ...components,
      name,
      organization: parsed.organization,
      labels: {
        ...parsed.labels,
        [ENVIRONMENT_TIER_LABEL.key]: env.production
          ? ENVIRONMENT_TIER_LABEL.production
          : ENVIRONMENT_TIER_LABEL.other,
      },
    };
  });
  const crossSection = environments.flatMap((env) =>
    resolvedProblems(env, parsed.environments[env.name]).map(({ path, message, found }) => {
      const line = lineOf(yaml, path);
      return `${file}${line ? `:${line}` : ""}: ${formatYamlPath(path)}: ${message}; found ${quoteValue(found)}`;
    }),
  );
  if (crossSection.length > 0) throw new ConfigError(file, crossSection);
  return {
    source: file,
    organization: parsed.organization,
    labels: parsed.labels,
    stateBackend: parsed.stateBackend,
    environments,
  };
}

interface ResolvedProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly found: unknown;
}

/**
 * Rules over an environment once its component sections are merged: a top-level default can be wrong for
 * one environment, so the problem is reported where the value was written (the override, or the default).
 */
function resolvedProblems(
  env: EnvironmentConfig,
  written: BaselineFile["environments"][string],
): ResolvedProblem[] {
  const subnets = Object.entries(env.network.subnets).map(([role, text]) => ({
    role,
    cidr: parseCidr(text)!,
  }));
  const where = written.vault?.clientCidrs
    ? ["environments", env.name, "vault", "clientCidrs"]
    : ["vault", "clientCidrs"];
  return env.vault.clientCidrs.flatMap((text, index) => {
    const client = parseCidr(text)!;
    if (subnets.some(({ cidr }) => cidrContains(cidr, client))) return [];
    return [
      {
        path: [...where, index],
        message:
          `Vault client range is outside environment ${env.name}'s subnets (expected a range inside one of ` +
          `${subnets.map(({ role, cidr }) => `${role} ${cidr.text}`).join(", ")})`,
        found: text,
      },
    ];
  });
}

function describeIssues(issues: readonly z.core.$ZodIssue[], yaml: PositionedYaml, file: string): string[] {
  const located = issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const path = key === undefined ? issue.path : [...issue.path, key];
      const line = lineOf(yaml, path);
      const where = `${file}${line ? `:${line}` : ""}: ${formatYamlPath(path)}`;
      return { line: line ?? 0, text: `${where}: ${describeIssue(issue, key)}` };
    });
  });
  return located.sort((a, b) => a.line - b.line).map((l) => l.text);
}

function describeIssue(issue: z.core.$ZodIssue, unknownKey: string | undefined): string {
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(issue.path);
    const suggestion = allowed.length > 0 ? closest(unknownKey ?? "", allowed) : undefined;
    return (
      `unknown key "${unknownKey}"` +
      (suggestion ? ` (did you mean "${suggestion}"?)` : "") +
      (allowed.length > 0 ? `; expected one of: ${allowed.join(", ")}` : "")
    );
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return `missing required value (expected ${issue.expected})`;
  }
  const message = issue.message.replace(/^Invalid input: /, "");
  return `${message}; found ${quoteValue(issue.input)}`;
}

/** Keys the schema accepts at a path, to suggest a fix for a typo. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = baselineFileSchema;
  for (const step of path) {
    schema = schema && descend(schema, step);
  }
  const shape = schema && objectShape(schema);
  return shape ? Object.keys(shape) : [];
}

function descend(schema: z.core.$ZodType, step: PropertyKey): z.core.$ZodType | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return descend(def.innerType as z.core.$ZodType, step);
    case "pipe":
      return descend(def.in as z.core.$ZodType, step);
    case "record":
      return def.valueType as z.core.$ZodType;
    case "array":
      return def.element as z.core.$ZodType;
    case "object":
      return (def.shape as Record<string, z.core.$ZodType>)[String(step)];
    default:
      return undefined;
  }
}

function objectShape(schema: z.core.$ZodType): Record<string, unknown> | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === "object") return def.shape as Record<string, unknown>;
  if (def.type === "optional" || def.type === "default") return objectShape(def.innerType as z.core.$ZodType);
  if (def.type === "pipe") return objectShape(def.in as z.core.$ZodType);
  return undefined;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const scored = candidates.map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }));
  scored.sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
