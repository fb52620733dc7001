import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * The layering rule of eslint.config.mjs, exercised on imports a careless change could add. ESLint loads its
 * flat config through a dynamic import, which jest's VM cannot do, so the cases are linted in one child node.
 */
const ROOT = join(__dirname, "../..");
const LINT_CASES = `
const { ESLint } = require("eslint");
const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(cases.map(async ([file, source]) => {
  const [result] = await eslint.lintText(source + "\\nexport const x = 1;\\n", { filePath: file });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
})).then((counts) => process.stdout.write(JSON.stringify(counts)));
`;

function restrictedImportCounts(cases: readonly (readonly [string, string])[]): number[] {
  const out = execFileSync(process.execPath, ["-e", LINT_CASES], {
    cwd: ROOT,
    input: JSON.stringify(cases.map(([file, source]) => [join(ROOT, file), source])),
    encoding: "utf8",
  });
  return JSON.parse(out);
}

const FORBIDDEN = [
  ["policies/controls/net/x.ts", 'import { FirewallRule } from "../../../constructs/firewall-rule";'],
  ["policies/views/x.ts", 'import { parseConfig } from "../../config/schema";'],
  ["policies/load/x.ts", 'import { defineBaseline } from "../../stacks/app";'],
  ["constructs/x.ts", 'import { envPrefix } from "../stacks/naming";'],
  ["config/x.ts", 'import { NetworkStack } from "../stacks/network";'],
  ["shared/x.ts", 'import { Config } from "../config/schema";'],
  ["lib/x.ts", 'import { NETWORK_TAGS } from "../shared/network-tags";'],
  ["stacks/x.ts", 'import { CATALOGUE } from "../policies/controls";'],
] as const;
const ALLOWED = [
  ["policies/controls/net/x.ts", 'import { parseCidr } from "../../../lib/cidr";'],
  ["policies/views/x.ts", 'import { VAULT_PORTS } from "../../shared/vault";'],
  ["constructs/x.ts", 'import { NETWORK_TAGS } from "../shared/network-tags";'],
  ["stacks/x.ts", 'import { PrivateNetwork } from "../constructs/private-network";'],
  ["cli/x.ts", 'import { CATALOGUE } from "../policies/controls";'],
] as const;

describe("layering (npm run lint)", () => {
  const counts = restrictedImportCounts([...FORBIDDEN, ...ALLOWED]);

  test.each(FORBIDDEN.map((c, i) => [...c, counts[i]]))("%s may not %s", (_file, _source, errors) => {
    expect(errors).toBe(1);
  });

  test.each(ALLOWED.map((c, i) => [...c, counts[FORBIDDEN.length + i]]))("%s may %s", (_f, _s, errors) => {
    expect(errors).toBe(0);
  });
});
