import { readFileSync } from "node:fs";
import { z } from "zod";
import { formatYamlPath, lineOf, parseYamlWithPositions, syntaxErrors } from "../../lib/yaml-position";
import { InputError, describe } from "./errors";

/** An accepted risk: findings of `control` on resources matching `resource` are waived until `expires`. */
export interface Waiver {
  readonly control: string;
  /** picomatch glob over finding resources: `<stack>/<address>` or `<environment>/project`. */
  readonly resource: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day the waiver applies, `YYYY-MM-DD`. */
  readonly expires: string;
  /** Where it is written, for messages about it. */
  readonly line?: number;
}

export const DEFAULT_WAIVERS_FILE = "baseline.waivers.yaml";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function waiversSchema(controlIds: ReadonlySet<string>) {
  const waiver = z.strictObject({
    control: z.string().refine((id) => controlIds.has(id), {
      message: "expected the id of a control in the catalogue (see `baseline controls`)",
    }),
    resource: z
      .string()
      .min(1, { message: "expected a resource glob such as prod-edge/google_compute_firewall.*" }),
    reason: z.string().refine((r) => r.trim().length >= 20, {
      message: "expected a reason of at least 20 characters saying why the risk is accepted",
    }),
    owner: z.string().min(1, { message: "expected the owner accountable for the waiver" }),
    expires: z.string().refine(isCalendarDate, { message: "expected an expiry date written YYYY-MM-DD" }),
  });
  return z.strictObject({ waivers: z.array(waiver).nullish() }).nullish();
}

export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * The waivers a command applies: the named file, which must exist, or else baseline.waivers.yaml in the working
 * directory when there is one. Waivers may only name controls of `catalogue`.
 */
export function waiversFor(catalogue: readonly { readonly id: string }[], namedFile?: string): Waiver[] {
  const controlIds = new Set(catalogue.map((c) => c.id));
  return loadWaivers(namedFile ?? DEFAULT_WAIVERS_FILE, controlIds, namedFile !== undefined);
}

/**
 * Reads a waivers file. A missing file means no waivers unless the user named it (`required`). Every problem
 * is reported at once, each with its line, path, what was expected and what was found.
 */
export function loadWaivers(file: string, controlIds: ReadonlySet<string>, required: boolean): Waiver[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !required) return [];
    throw new InputError(file, `cannot read the waivers file: ${code ?? error}`);
  }
  return parseWaivers(text, file, controlIds);
}

export function parseWaivers(text: string, file: string, controlIds: ReadonlySet<string>): Waiver[] {
  const yaml = parseYamlWithPositions(text);
  const errors = syntaxErrors(yaml);
  if (errors.length > 0) {
    const problems = errors.map((e) => `${file}:${e.line}:${e.col}: expected valid YAML; found ${e.reason}`);
    throw new InputError(file, `invalid waivers file\n  ${problems.join("\n  ")}`);
  }
  const data: unknown = yaml.doc.toJS();
  const result = waiversSchema(controlIds).safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
      const line = lineOf(yaml, path);
      return `${file}${line ? `:${line}` : ""}: ${formatYamlPath(path)}: ${explain(issue, valueAt(data, path))}`;
    });
    throw new InputError(file, `invalid waivers file\n  ${problems.join("\n  ")}`);
  }
  return (result.data?.waivers ?? []).map((w, i) => ({
    ...w,
    line: lineOf(yaml, ["waivers", i]),
  }));
}

function explain(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key; expected only control, resource, reason, owner, expires (and "waivers" at the top)`;
  }
  if (issue.code === "invalid_type") {
    return `expected ${issue.expected === "array" ? "a list" : issue.expected}; found ${found === undefined ? "nothing" : describe(found)}`;
  }
  return `${issue.message}; found ${describe(found)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, step) =>
      v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[step] : undefined,
    data,
  );
}
