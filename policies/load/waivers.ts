import { z } from "zod";
import { InputReadError, decodeUtf8, readBounded } from "../../lib/bounded-input";
import {
  YamlValueError,
  formatYamlPath,
  lineOf,
  parseYamlWithPositions,
  syntaxErrors,
  yamlData,
} from "../../lib/yaml-position";
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

/** How far ahead a waiver may expire, unless BASELINE_MAX_WAIVER_DAYS says otherwise: risks are re-decided. */
export const DEFAULT_MAX_WAIVER_DAYS = 365;

/** Someone who answers for the risk: an email address, optionally `user:` or `group:` as in IAM members. */
const OWNER = /^(?:(?:user|group):)?[^@\s:]+@[^@\s]+\.[^@\s]+$/;

/** What a waivers file is checked against besides its shape. */
export interface WaiverRules {
  readonly controlIds: ReadonlySet<string>;
  /** `YYYY-MM-DD`; with it, an expiry further ahead than `maxDays` is refused. */
  readonly today?: string;
  readonly maxDays?: number;
}

function waiversSchema({ controlIds, today, maxDays = DEFAULT_MAX_WAIVER_DAYS }: WaiverRules) {
  const latest = today === undefined ? undefined : addDays(today, maxDays);
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
    owner: z.string().refine((owner) => OWNER.test(owner.trim()), {
      message: "expected the owner accountable for the waiver: an email address or group:<address>",
    }),
    expires: z
      .string()
      .refine(isCalendarDate, { message: "expected an expiry date written YYYY-MM-DD" })
      .refine((date) => latest === undefined || !isCalendarDate(date) || date <= latest, {
        message: `expected an expiry at most ${maxDays} days ahead (on or before ${latest}; BASELINE_MAX_WAIVER_DAYS sets the limit)`,
      }),
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
export function waiversFor(
  catalogue: readonly { readonly id: string }[],
  today: string,
  namedFile?: string,
): Waiver[] {
  const rules = { controlIds: new Set(catalogue.map((c) => c.id)), today, maxDays: maxWaiverDays() };
  return loadWaivers(namedFile ?? DEFAULT_WAIVERS_FILE, rules, namedFile !== undefined);
}

function maxWaiverDays(): number {
  const configured = process.env.BASELINE_MAX_WAIVER_DAYS;
  if (configured === undefined) return DEFAULT_MAX_WAIVER_DAYS;
  const days = Number(configured);
  if (!Number.isInteger(days) || days < 1) {
    throw new InputError(
      "BASELINE_MAX_WAIVER_DAYS",
      `expected a whole number of days of at least 1; found ${JSON.stringify(configured)}`,
    );
  }
  return days;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Reads a waivers file. A missing file means no waivers unless the user named it (`required`). Every problem
 * is reported at once, each with its line, path, what was expected and what was found.
 */
export function loadWaivers(file: string, rules: WaiverRules, required: boolean): Waiver[] {
  let text: string;
  try {
    text = decodeUtf8(readBounded(file), "a YAML waivers file");
  } catch (error) {
    if (!(error instanceof InputReadError)) throw error;
    if (!required && error.problem.startsWith("cannot read the file: ENOENT")) return [];
    throw new InputError(file, error.problem.replace("cannot read the file", "cannot read the waivers file"));
  }
  return parseWaivers(text, file, rules);
}

export function parseWaivers(text: string, file: string, rules: WaiverRules): Waiver[] {
  const yaml = parseYamlWithPositions(text);
  const errors = syntaxErrors(yaml);
  if (errors.length > 0) {
    const problems = errors.map((e) => `${file}:${e.line}:${e.col}: expected valid YAML; found ${e.reason}`);
    throw new InputError(file, `invalid waivers file\n  ${problems.join("\n  ")}`);
  }
  let data: unknown;
  try {
    data = yamlData(yaml);
  } catch (error) {
    if (error instanceof YamlValueError) throw new InputError(file, `invalid waivers file: ${error.message}`);
    throw error;
  }
  const result = waiversSchema(rules).safeParse(data);
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
