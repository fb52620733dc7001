import { existsSync, readdirSync, statSync } from "node:fs";
import { InputReadError, decodeUtf8, pathDeeperThan, readBounded } from "../../lib/bounded-input";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Model } from "../model/model";
import { isBlock } from "../model/values";
import { Configuration, type VariableValues } from "./configuration";
import { modelFromDocuments } from "./documents";
import { InputError, describe } from "./errors";
import { combine, parseHclFiles, type ParsedFile } from "./hcl";
import { jsonErrorPosition } from "./json-position";
import { jsonLineLocator } from "./lines";
import { isPlanJson, readPlanJson } from "./plan";
import { readTerraformJson, type StackDocument } from "./terraform-json";
import { automaticVariableFiles, readVariableFiles } from "./variable-files";

/** Keys that make a JSON object a Terraform configuration. */
const CONFIGURATION_KEYS = [
  "resource",
  "data",
  "terraform",
  "provider",
  "output",
  "variable",
  "locals",
  "module",
];

export interface LoadedInput {
  readonly model: Model;
  readonly stacks: readonly StackDocument[];
}

export interface LoadOptions {
  /**
   * `--var-file` files, in order: values for the variables of every configuration given, after the directory's
   * own `terraform.tfvars` and `*.auto.tfvars` (later values win, as in Terraform).
   */
  readonly varFiles?: readonly string[];
  /** `--environment`: every stack belongs to this environment, whatever its name. */
  readonly environment?: string;
}

/** What loading one PATH needs besides the path. */
interface Context {
  readonly given: VariableValues;
  readonly environment?: string;
}

/**
 * Loads every PATH into one model. A PATH is a cdktf.out directory (manifest.json), a `*.tf.json` file, a plan
 * JSON (`terraform show -json`), or a directory of `.tf` / `.tf.json` files. The kind is detected from the
 * path and the content; anything else throws InputError.
 */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedInput> {
  const context: Context = {
    given: await readVariableFiles(options.varFiles ?? [], readText),
    environment: options.environment,
  };
  const stacks: StackDocument[] = [];
  for (const path of paths) {
    for (const doc of await loadPath(path, context)) {
      const clash = stacks.find((s) => s.stack === doc.stack);
      if (clash) {
        throw new InputError(
          path,
          `defines stack "${doc.stack}" a second time (stack names come from file or directory names)`,
        );
      }
      stacks.push(doc);
    }
  }
  return { model: modelFromDocuments(stacks), stacks };
}

export async function loadPath(
  path: string,
  context: Context = { given: new Map() },
): Promise<StackDocument[]> {
  if (path === "-") return loadFile(path, context);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new InputError(path, `cannot read the path: ${errorCode(error)}`);
  }
  return isDirectory ? loadDirectory(path, context) : loadFile(path, context);
}

async function loadDirectory(dir: string, context: Context): Promise<StackDocument[]> {
  const entries = readdirSync(dir).sort();
  if (entries.includes("manifest.json")) return loadCdktfOut(dir, context);
  const stack = basename(join(process.cwd(), dir));
  const hcl = entries.filter((e) => e.endsWith(".tf"));
  const json = entries.filter((e) => e.endsWith(".tf.json"));
  if (hcl.length === 0 && json.length === 0) {
    throw new InputError(
      dir,
      `expected a cdktf.out directory (with manifest.json) or a directory of .tf / .tf.json files; found ${
        entries.length === 0 ? "an empty directory" : `only ${clip(entries)}`
      }`,
    );
  }
  const parsed = await parseHclFiles(hcl.map((e) => ({ file: join(dir, e), text: readText(join(dir, e)) })));
  for (const e of json) {
    const file = join(dir, e);
    const text = readText(file);
    parsed.push({
      file,
      json: configurationJson(parseJson(file, text), file),
      locate: jsonLineLocator(text),
    });
  }
  // Every file of the directory is one configuration: its variables and locals are shared, and the
  // directory's own tfvars files give values before --var-file does.
  const own = await readVariableFiles(
    automaticVariableFiles(entries).map((e) => join(dir, e)),
    readText,
  );
  return [readConfigurationFiles(parsed, stack, { ...context, given: new Map([...own, ...context.given]) })];
}

/** The files of one configuration read with one Configuration (shared variables, locals and data sources). */
function readConfigurationFiles(
  files: readonly ParsedFile[],
  stack: string,
  context: Context,
): StackDocument {
  // Every file of a configuration is in one directory, which file() and path.module read from.
  const directory = files[0] && files[0].file !== "-" ? dirname(files[0].file) : undefined;
  const configuration = new Configuration(
    files.map((f) => f.json as Record<string, unknown>),
    context.given,
    directory,
  );
  const documents = files.map(({ file, json, locate }) =>
    readTerraformJson(json, { stack, file, locate, configuration, environment: context.environment }),
  );
  return combine(stack, documents, context.environment);
}

function loadCdktfOut(dir: string, context: Context): StackDocument[] {
  const manifestFile = join(dir, "manifest.json");
  const manifest = parseJson(manifestFile, readText(manifestFile));
  if (!isBlock(manifest) || !isBlock(manifest.stacks)) {
    throw InputError.at(
      manifestFile,
      "stacks",
      "an object of stacks (a cdktf manifest)",
      isBlock(manifest) ? manifest.stacks : manifest,
    );
  }
  const listed = new Set<string>();
  const documents = Object.entries(manifest.stacks).map(([name, entry]) => {
    const path = isBlock(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof path !== "string") {
      throw InputError.at(
        manifestFile,
        `stacks.${name}.synthesizedStackPath`,
        "the path of the stack's cdk.tf.json",
        path,
      );
    }
    listed.add(resolve(dir, path));
    // Named from the working directory (cdktf.out/stacks/prod-kms/cdk.tf.json), as SARIF locations need.
    return readConfiguration(join(dir, path), name, context, relative(process.cwd(), resolve(dir, path)));
  });
  // A synthesized stack the manifest does not list would otherwise go unchecked.
  const stacksDir = join(dir, "stacks");
  const unlisted = (existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []).filter(
    (stack) =>
      existsSync(join(stacksDir, stack, "cdk.tf.json")) &&
      !listed.has(resolve(stacksDir, stack, "cdk.tf.json")),
  );
  if (unlisted.length > 0) {
    throw new InputError(
      manifestFile,
      `at stacks: expected an entry for every synthesized stack; found none for ${unlisted
        .map((s) => `stacks/${s}/cdk.tf.json`)
        .join(", ")}, which would go unchecked`,
    );
  }
  return documents;
}

async function loadFile(file: string, context: Context): Promise<StackDocument[]> {
  if (file.endsWith(".tf")) {
    const parsed = await parseHclFiles([{ file, text: readText(file) }]);
    return [readConfigurationFiles(parsed, basename(file, ".tf"), context)];
  }
  const name = basename(file);
  if (name === "manifest.json") return loadCdktfOut(join(file, ".."), context);
  const stack =
    file === "-"
      ? "stdin"
      : name === "cdk.tf.json"
        ? basename(join(process.cwd(), file, ".."))
        : name.replace(/(\.tf)?\.json$/, "").replace(/\.plan$/, "");
  const text = readText(file);
  const json = parseJson(file, text);
  if (isPlanJson(json)) return [readPlanJson(json, { stack, file, environment: context.environment })];
  return [
    readConfigurationFiles(
      [{ file, json: configurationJson(json, file), locate: jsonLineLocator(text) }],
      stack,
      context,
    ),
  ];
}

function readConfiguration(file: string, stack: string, context: Context, label = file): StackDocument {
  const text = readText(file);
  const json = configurationJson(parseJson(file, text), label);
  return readConfigurationFiles([{ file: label, json, locate: jsonLineLocator(text) }], stack, context);
}

/** The document when it is a Terraform JSON configuration; InputError naming what it is otherwise. */
function configurationJson(json: unknown, file: string): Record<string, unknown> {
  if (!isBlock(json) || !CONFIGURATION_KEYS.some((k) => k in json)) {
    throw new InputError(
      file,
      `expected a Terraform JSON configuration (with ${CONFIGURATION_KEYS.slice(0, 3).join(", ")}, ...) or a plan from \`terraform show -json\` (with planned_values); found ${describe(json)}`,
    );
  }
  return json;
}

function readText(file: string): string {
  try {
    return decodeUtf8(readBounded(file), "a text file (JSON or HCL)");
  } catch (error) {
    if (error instanceof InputReadError) throw new InputError(file, error.problem);
    throw error;
  }
}

/** Deeper than any Terraform document nests; every reader after this one may recurse safely. */
export const MAX_JSON_DEPTH = 256;

function parseJson(file: string, text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `expected valid JSON; found ${jsonProblem(text, (error as Error).message)}`);
  }
  const tooDeep = pathDeeperThan(json, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    throw new InputError(
      file,
      `at ${tooDeep}: expected values nested at most ${MAX_JSON_DEPTH} levels deep; found deeper nesting`,
    );
  }
  return json;
}

/** V8's reason without its position or snippet, located by line and column. */
function jsonProblem(text: string, message: string): string {
  if (text.trim() === "") return "an empty file";
  const reason = message.replace(/,? (in JSON at position \d+|".*" is not valid JSON|\.\.\.".*)$/s, "");
  const position = jsonErrorPosition(text);
  if (!position) return `a syntax error (${reason})`;
  const where = `line ${position.line}, column ${position.column}`;
  if (position.offset >= text.trimEnd().length) return `a document that ends early at ${where} (truncated?)`;
  return `a syntax error at ${where}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const explained: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
  };
  return code ? `${code} (${explained[code] ?? "see the system error"})` : String(error);
}

function clip(entries: readonly string[]): string {
  return entries.length > 5 ? `${entries.slice(0, 5).join(", ")}, ...` : entries.join(", ");
}
