import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * No module imports itself back through others: a cycle makes load order matter and hides which layer
 * depends on which (the report renderers once imported their context from the index that imported them).
 */
const ROOT = resolve(__dirname, "../..");
const LAYERS = ["lib", "shared", "config", "constructs", "stacks", "policies", "cli"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), match[1]);
    for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
      try {
        readFileSync(candidate);
        found.push(candidate);
        break;
      } catch {
        // not this one
      }
    }
  }
  return found;
}

/** Strongly connected components of more than one module (Tarjan), each as repository-relative paths. */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(relative(ROOT, member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

test("no import cycles among the project's modules", () => {
  expect(cycles(LAYERS.flatMap((layer) => sources(join(ROOT, layer))))).toEqual([]);
});
