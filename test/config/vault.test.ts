import { editBaseline, problemsOf } from "../support/baseline-text";
import { defaultConfig } from "../support/synth";

const NODES_MESSAGE = "expected 3 or 5 Vault nodes (raft needs an odd quorum of at least 3)";

function expectProblems(from: string, to: string, expected: (line: number) => string[]): void {
  const { text, line } = editBaseline(from, to);
  expect(problemsOf(text)).toEqual(expected(line));
}

describe("vault section of baseline.yaml", () => {
  test("the default: 3 nodes in staging, 5 in prod, over zones a, b and c, clients from the app subnet", () => {
    const [staging, prod] = defaultConfig().environments;
    expect([staging.vault.nodes, prod.vault.nodes]).toEqual([3, 5]);
    expect(prod.vault.zoneSuffixes).toEqual(["a", "b", "c"]);
    expect(prod.vault.clientCidrs).toEqual([prod.network.subnets.app]);
  });

  test.each([2, 4])("a cluster of %i nodes is refused with the exact message", (nodes) => {
    expectProblems("  nodes: 3", `  nodes: ${nodes}`, (line) => [
      `baseline.yaml:${line}: vault.nodes: ${NODES_MESSAGE}; found ${nodes}`,
    ]);
  });

  test("an environment override of 4 nodes is refused at its own line", () => {
    expectProblems("      nodes: 5", "      nodes: 4", (line) => [
      `baseline.yaml:${line}: environments.prod.vault.nodes: ${NODES_MESSAGE}; found 4`,
    ]);
  });

  const PROD_SUBNETS =
    "app 10.20.0.0/20, vault 10.20.16.0/24, monitoring 10.20.17.0/24, data 10.20.18.0/24, proxyOnly 10.20.32.0/23";

  test("an environment's Vault clients must come from its own network, reported at the override", () => {
    expectProblems("      clientCidrs: [10.20.0.0/20]", "      clientCidrs: [10.10.0.0/20]", (line) => [
      `baseline.yaml:${line}: environments.prod.vault.clientCidrs[0]: Vault client range is outside environment ` +
        `prod's subnets (expected a range inside one of ${PROD_SUBNETS}); found "10.10.0.0/20"`,
    ]);
  });

  test("a top-level default that fits one environment only is reported at the default", () => {
    const text = editBaseline("      clientCidrs: [10.20.0.0/20]", "").text;
    const line = text.split("\n").indexOf("  clientCidrs: [10.10.0.0/20]") + 1;
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: vault.clientCidrs[0]: Vault client range is outside environment prod's subnets ` +
        `(expected a range inside one of ${PROD_SUBNETS}); found "10.10.0.0/20"`,
    ]);
  });

  test("fewer than 3 different zones are refused", () => {
    const message =
      "expected at least 3 different zone letters (one zone outage must not take the raft quorum)";
    expectProblems("  zoneSuffixes: [a, b, c]", "  zoneSuffixes: [a, b, a]", (line) => [
      `baseline.yaml:${line}: vault.zoneSuffixes: ${message}; found ["a","b","a"]`,
    ]);
    expectProblems("  zoneSuffixes: [a, b, c]", "  zoneSuffixes: [b, c]", (line) => [
      `baseline.yaml:${line}: vault.zoneSuffixes: ${message}; found ["b","c"]`,
    ]);
  });

  test("a zone that is not a letter is refused", () => {
    expectProblems("  zoneSuffixes: [a, b, c]", "  zoneSuffixes: [a, b, europe-west2-c]", (line) => [
      `baseline.yaml:${line}: vault.zoneSuffixes[2]: expected a zone letter such as b; found "europe-west2-c"`,
    ]);
  });

  test("a public client range is refused: Vault is internal only", () => {
    expectProblems("      clientCidrs: [10.20.0.0/20]", "      clientCidrs: [0.0.0.0/0]", (line) => [
      `baseline.yaml:${line}: environments.prod.vault.clientCidrs[0]: expected a private (RFC 1918) range: ` +
        'Vault is reachable only from inside the VPC; found "0.0.0.0/0"',
    ]);
  });
});
