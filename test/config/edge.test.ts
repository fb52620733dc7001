import { editBaseline, problemsOf } from "../support/baseline-text";
import { defaultConfig } from "../support/synth";

/** One broken edge field → exactly the expected problem, naming the file, line, YAML path and found value. */
function expectProblem(from: string, to: string, expected: (line: number) => string): void {
  const { text, line } = editBaseline(from, to);
  expect(problemsOf(text)).toEqual([expected(line)]);
}

describe("edge configuration", () => {
  test("the default resolves per environment: top-level defaults plus each environment's domains", () => {
    const [staging, prod] = defaultConfig().environments;
    expect(staging.edge.domains).toEqual(["staging.app.example.com"]);
    expect(prod.edge.domains).toEqual(["app.example.com", "www.example.com"]);
    expect(prod.edge.rateLimits).toEqual(staging.edge.rateLimits);
  });

  test.each([
    ["an upper-case name", "App.Example.com"],
    ["a bare host name", "localhost"],
    ["a scheme", "https://app.example.com"],
  ])("a bad domain (%s)", (_, domain) => {
    expectProblem(
      "  domains: [app.example.com]",
      `  domains: ["${domain}"]`,
      (line) =>
        `baseline.yaml:${line}: edge.domains[0]: expected a lowercase fully qualified domain name such as ` +
        `app.example.com; found "${domain}"`,
    );
  });

  test("a repeated domain names the first occurrence", () => {
    expectProblem(
      "      domains: [app.example.com, www.example.com]",
      "      domains: [app.example.com, app.example.com]",
      (line) =>
        `baseline.yaml:${line}: environments.prod.edge.domains[1]: duplicate of domains[0] ("app.example.com"); ` +
        `found "app.example.com"`,
    );
  });

  test.each(["0", "-5", "10001", "1.5"])("a per-IP rate limit of %s", (value) => {
    expectProblem(
      "      requestsPerMinute: 600",
      `      requestsPerMinute: ${value}`,
      (line) =>
        `baseline.yaml:${line}: edge.rateLimits.perIp.requestsPerMinute: expected a whole number of requests ` +
        `per minute from 1 to 10000; found ${value}`,
    );
  });

  test("a per-header ban of zero seconds", () => {
    expectProblem(
      "      banDurationSeconds: 300",
      "      banDurationSeconds: 0",
      (line) =>
        `baseline.yaml:${line}: edge.rateLimits.perHeader.banDurationSeconds: expected a whole number of ` +
        `seconds of at least 1; found 0`,
    );
  });

  test.each([
    ["0", "0"],
    ["-1", "-1"],
    ["1.5", "1.5"],
    ['"1MB"', '"1MB"'],
  ])("a body limit of %s is not a positive integer", (yaml, found) => {
    expectProblem(
      "  maxRequestBodyBytes: 1048576",
      `  maxRequestBodyBytes: ${yaml}`,
      (line) =>
        `baseline.yaml:${line}: edge.maxRequestBodyBytes: expected a whole number of bytes of at least 1; ` +
        `found ${found}`,
    );
  });

  test("a duplicate user agent is reported at the repeat, case-insensitively", () => {
    expectProblem(
      "  blockedUserAgents: [sqlmap, nikto, nmap, masscan, zgrab, nuclei]",
      "  blockedUserAgents: [sqlmap, nikto, SQLMap]",
      (line) =>
        `baseline.yaml:${line}: edge.blockedUserAgents[2]: duplicate of blockedUserAgents[0] ("sqlmap"); ` +
        `user agents are matched case-insensitively; found "SQLMap"`,
    );
  });

  test("a user agent that could break out of the rule expression", () => {
    expectProblem(
      "  blockedUserAgents: [sqlmap, nikto, nmap, masscan, zgrab, nuclei]",
      `  blockedUserAgents: ["sqlmap') || true || ('"]`,
      (line) =>
        `baseline.yaml:${line}: edge.blockedUserAgents[0]: expected a user-agent fragment of letters, digits, ` +
        `spaces and . _ / ( ) + : ; -; found "sqlmap') || true || ('"`,
    );
  });

  test("an empty user-agent list", () => {
    expectProblem(
      "  blockedUserAgents: [sqlmap, nikto, nmap, masscan, zgrab, nuclei]",
      "  blockedUserAgents: []",
      (line) =>
        `baseline.yaml:${line}: edge.blockedUserAgents: expected at least one user agent to block; found []`,
    );
  });

  test("a Content-Security-Policy without default-src, or with header-variable braces", () => {
    const line = `  contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"`;
    expectProblem(
      line,
      `  contentSecurityPolicy: "script-src 'self'"`,
      (n) =>
        `baseline.yaml:${n}: edge.contentSecurityPolicy: expected a default-src directive such as ` +
        `default-src 'self'; found "script-src 'self'"`,
    );
    expectProblem(
      line,
      `  contentSecurityPolicy: "default-src 'self' {origin}"`,
      (n) =>
        `baseline.yaml:${n}: edge.contentSecurityPolicy: expected no { or } (the load balancer treats them as ` +
        `header variables); found "default-src 'self' {origin}"`,
    );
  });

  test("a WAF sensitivity outside 1-4", () => {
    expectProblem(
      "    sensitivity: 1",
      "    sensitivity: 0",
      (line) => `baseline.yaml:${line}: edge.waf.sensitivity: expected a whole number from 1 to 4; found 0`,
    );
  });
});
