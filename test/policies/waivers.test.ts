import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../policies/load/errors";
import { loadWaivers, parseWaivers, type Waiver } from "../../policies/load/waivers";
import { checkStacks, TODAY } from "../support/check";
import { EXAMPLE_CONTROLS, UNIFORM_ACCESS } from "../support/example-controls";

const IDS = new Set(EXAMPLE_CONTROLS.map((c) => c.id));
const RULES = { controlIds: IDS, today: TODAY };
const STACKS = {
  "prod-storage": {
    resource: {
      google_storage_bucket: {
        open: { uniform_bucket_level_access: false },
        closed: { uniform_bucket_level_access: true },
      },
    },
  },
};

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  control: "TEST-01",
  resource: "prod-storage/google_storage_bucket.open",
  reason: "Public dataset bucket, reviewed by the security team in 2030.",
  owner: "data-team@example.com",
  expires: "2030-12-31",
  ...overrides,
});

const check = (waivers: Waiver[], strict = false) =>
  checkStacks(STACKS, { controls: [UNIFORM_ACCESS], waivers, strict });

describe("applying waivers", () => {
  it("turns a matching failing finding into waived and keeps the waiver's reason, owner and expiry", () => {
    const report = check([waiver({ resource: "prod-storage/*" })]);
    const open = report.findings.find((f) => f.resource.endsWith(".open"))!;
    expect(open).toMatchObject({
      status: "waived",
      failsCheck: false,
      waiver: { reason: waiver().reason, owner: "data-team@example.com", expires: "2030-12-31" },
    });
    expect(report.findings.find((f) => f.resource.endsWith(".closed"))?.status).toBe("pass");
    expect(report.summary).toMatchObject({ result: "pass", waivers: { applied: 1, expired: 0, stale: 0 } });
  });

  it("applies through the expiry day and not after it: an expired waiver fails the check", () => {
    expect(check([waiver({ expires: TODAY })]).summary.result).toBe("pass");
    const report = check([waiver({ expires: "2030-06-14" })]);
    expect(report.findings.find((f) => f.resource.endsWith(".open"))?.status).toBe("fail");
    expect(report.waivers.expired).toEqual([waiver({ expires: "2030-06-14" })]);
    expect(report.summary).toMatchObject({ result: "fail", waivers: { expired: 1 } });
  });

  it("reports a waiver that waives nothing as stale; it fails the check only in strict mode", () => {
    const stale = waiver({ resource: "prod-storage/google_storage_bucket.closed" });
    const report = check([waiver(), stale]);
    expect(report.waivers.stale).toEqual([stale]);
    expect(report.summary.result).toBe("pass");
    expect(check([waiver(), stale], true).summary.result).toBe("fail");
  });

  it("never waives another control's findings", () => {
    const report = check([waiver({ control: "TEST-02" })]);
    expect(report.summary.result).toBe("fail");
    expect(report.waivers.stale).toHaveLength(1);
  });
});

describe("reading the waivers file", () => {
  const FILE = "baseline.waivers.yaml";
  const problems = (text: string): string => {
    try {
      parseWaivers(text, FILE, RULES);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error("expected the waivers file to be rejected");
  };

  it("reads waivers with their line", () => {
    const text = `waivers:\n  - control: TEST-01\n    resource: "prod-*/google_storage_bucket.open"\n    reason: ${waiver().reason}\n    owner: data-team@example.com\n    expires: 2030-12-31\n`;
    expect(parseWaivers(text, FILE, RULES)).toEqual([
      { ...waiver({ resource: "prod-*/google_storage_bucket.open" }), line: 2 },
    ]);
  });

  it("treats an empty file and a missing default file as no waivers", () => {
    expect(parseWaivers("", FILE, RULES)).toEqual([]);
    expect(parseWaivers("waivers: []\n", FILE, RULES)).toEqual([]);
    expect(loadWaivers(join(tmpdir(), "no-such-dir", FILE), RULES, false)).toEqual([]);
  });

  it("refuses a missing file the user named", () => {
    expect(() => loadWaivers("no-such.waivers.yaml", RULES, true)).toThrow(
      "no-such.waivers.yaml: cannot read the waivers file: ENOENT",
    );
  });

  it("names file, line, path, expectation and finding for every problem at once", () => {
    const text = [
      "waivers:",
      "  - control: NET-99",
      "    resource: prod/*",
      "    reason: too short",
      "    owner: me",
      "    expires: 31/12/2030",
      "    ticket: SEC-1",
    ].join("\n");
    expect(problems(text)).toBe(
      [
        "baseline.waivers.yaml: invalid waivers file",
        '  baseline.waivers.yaml:2: waivers[0].control: expected the id of a control in the catalogue (see `baseline controls`); found a string ("NET-99")',
        '  baseline.waivers.yaml:4: waivers[0].reason: expected a reason of at least 20 characters saying why the risk is accepted; found a string ("too short")',
        '  baseline.waivers.yaml:5: waivers[0].owner: expected the owner accountable for the waiver: an email address or group:<address>; found a string ("me")',
        '  baseline.waivers.yaml:6: waivers[0].expires: expected an expiry date written YYYY-MM-DD; found a string ("31/12/2030")',
        '  baseline.waivers.yaml:7: waivers[0].ticket: unknown key; expected only control, resource, reason, owner, expires (and "waivers" at the top)',
      ].join("\n"),
    );
  });

  it("reports a wrong type, a missing field and an impossible date", () => {
    expect(problems("waivers: TEST-01\n")).toBe(
      'baseline.waivers.yaml: invalid waivers file\n  baseline.waivers.yaml:1: waivers: expected a list; found a string ("TEST-01")',
    );
    const missing = problems(
      `waivers:\n  - control: TEST-01\n    resource: x\n    reason: ${waiver().reason}\n    expires: 2030-02-30\n`,
    );
    expect(missing).toContain("baseline.waivers.yaml:2: waivers[0].owner: expected string; found nothing");
    expect(missing).toContain(
      'baseline.waivers.yaml:5: waivers[0].expires: expected an expiry date written YYYY-MM-DD; found a string ("2030-02-30")',
    );
  });

  it("caps how far ahead a waiver may expire (365 days unless configured)", () => {
    const text = (expires: string) =>
      `waivers:\n  - control: TEST-01\n    resource: x\n    reason: ${waiver().reason}\n    owner: group:sec@example.com\n    expires: ${expires}\n`;
    expect(parseWaivers(text("2031-06-15"), FILE, RULES)).toHaveLength(1);
    expect(problems(text("9999-12-31"))).toBe(
      "baseline.waivers.yaml: invalid waivers file\n" +
        '  baseline.waivers.yaml:6: waivers[0].expires: expected an expiry at most 365 days ahead (on or before 2031-06-15; BASELINE_MAX_WAIVER_DAYS sets the limit); found a string ("9999-12-31")',
    );
    expect(parseWaivers(text("2031-06-16"), FILE, { ...RULES, maxDays: 366 })).toHaveLength(1);
  });

  it("refuses an alias bomb (billion laughs) with a message naming the file", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 8 }, (_, i) => {
        const [prev, next] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
        return `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join("\n");
    expect(problems(bomb)).toMatch(
      /^baseline\.waivers\.yaml: invalid waivers file: expected YAML whose aliases expand to a bounded size; found aliases that expand beyond 100 times/,
    );
  });

  it("reports YAML syntax errors with line and column", () => {
    expect(problems("waivers:\n  - control: [TEST-01\n")).toMatch(
      /^baseline\.waivers\.yaml: invalid waivers file\n {2}baseline\.waivers\.yaml:\d+:\d+: expected valid YAML; found /,
    );
  });

  it("reads a file from disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "baseline-waivers-"));
    try {
      writeFileSync(join(dir, FILE), "waivers: []\n");
      expect(loadWaivers(join(dir, FILE), RULES, true)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
