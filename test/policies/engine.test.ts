import type { Control } from "../../policies/control";
import { runCheck } from "../../policies/engine/check";
import { loadInputs } from "../../policies/load/input";
import { checkStacks, TODAY } from "../support/check";
import {
  AUDIT_CONFIG,
  EXAMPLE_CONTROLS,
  ROTATED_BUCKET_KEY,
  SHIELDED_VM,
  UNIFORM_ACCESS,
} from "../support/example-controls";

const BUCKETS = {
  resource: {
    google_storage_bucket: {
      open: { name: "open", uniform_bucket_level_access: false },
      closed: { name: "closed", uniform_bucket_level_access: true },
    },
  },
};

const statusOf = (report: ReturnType<typeof checkStacks>, control: string, resource: string) =>
  report.findings.find((f) => f.control === control && f.resource === resource)?.status;

describe("evaluating controls on environments", () => {
  it("binds each result to its control and `<stack>/<address>`, with severity and remediation", () => {
    const report = checkStacks({ "prod-storage": BUCKETS }, { controls: [UNIFORM_ACCESS] });
    expect(report.findings.map((f) => [f.control, f.resource, f.status, f.severity, f.failsCheck])).toEqual([
      ["TEST-01", "prod-storage/google_storage_bucket.closed", "pass", "high", false],
      ["TEST-01", "prod-storage/google_storage_bucket.open", "fail", "high", true],
    ]);
    expect(report.findings[1]).toMatchObject({
      environment: "prod",
      remediation: UNIFORM_ACCESS.remediation,
      evidence: [{ path: "uniform_bucket_level_access", value: false }],
    });
    expect(report.summary.result).toBe("fail");
  });

  it("reports a project-level verdict on `<environment>/project` when the resource it needs is absent", () => {
    const report = checkStacks({ "prod-storage": BUCKETS }, { controls: [AUDIT_CONFIG] });
    expect(report.findings.map((f) => [f.resource, f.status])).toEqual([["prod/project", "fail"]]);
  });

  it("yields not-applicable, never silence, for a control with nothing to evaluate in an environment", () => {
    const report = checkStacks(
      { "prod-storage": BUCKETS, "dev-storage": BUCKETS },
      { controls: [SHIELDED_VM] },
    );
    expect(report.findings.map((f) => [f.resource, f.status, f.failsCheck])).toEqual([
      ["dev/project", "not-applicable", false],
      ["prod/project", "not-applicable", false],
    ]);
    expect(report.summary.controls).toMatchObject({ total: 1, notApplicable: 1 });
    expect(report.summary.result).toBe("pass");
  });

  it("turns a control that throws into a failing finding instead of crashing or passing", () => {
    const broken: Control = {
      ...UNIFORM_ACCESS,
      id: "TEST-09",
      evaluate: () => {
        throw new Error("boom");
      },
    };
    const report = checkStacks({ "prod-storage": BUCKETS }, { controls: [broken] });
    expect(report.findings).toMatchObject([
      { resource: "prod/project", status: "fail", message: "The control could not be evaluated: boom" },
    ]);
  });

  it("orders findings by control id, then resource, whatever the catalogue and input order", () => {
    const stacks = { "prod-storage": BUCKETS, "dev-storage": BUCKETS };
    const report = checkStacks(stacks, { controls: [...EXAMPLE_CONTROLS].reverse() });
    const keys = report.findings.map((f) => `${f.control} ${f.resource}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(report.findings.map((f) => f.control))).toEqual(
      new Set(EXAMPLE_CONTROLS.map((c) => c.id)),
    );
  });

  it("counts findings by status and controls by their most telling status", () => {
    const { summary } = checkStacks({ "prod-storage": BUCKETS });
    expect(summary.findings).toEqual({
      total: 6,
      pass: 1,
      fail: 4,
      unknown: 0,
      waived: 0,
      notApplicable: 1,
      failing: 4,
    });
    expect(summary.controls).toEqual({ total: 4, pass: 0, fail: 3, unknown: 0, waived: 0, notApplicable: 1 });
    expect(summary.stacks).toEqual([{ name: "prod-storage", environment: "prod", resources: 2 }]);
  });
});

describe("unknown values (plan JSON)", () => {
  const plan = "test/fixtures/plan/prod-backup.plan.json";

  it("reports unknown findings and fails the check on them for high severity by default", async () => {
    const report = runCheck(await loadInputs([plan]), {
      controls: [UNIFORM_ACCESS, ROTATED_BUCKET_KEY],
      today: TODAY,
    });
    const logs = report.findings.filter((f) => f.resource === "prod-backup/google_storage_bucket.logs[0]");
    expect(logs.map((f) => [f.control, f.status, f.failsCheck])).toEqual([
      ["TEST-01", "unknown", true],
      ["TEST-03", "fail", true],
    ]);
    expect(report.summary.result).toBe("fail");
  });

  it("resolves a key known only after apply through the configuration's reference", async () => {
    const report = runCheck(await loadInputs([plan]), { controls: [ROTATED_BUCKET_KEY], today: TODAY });
    expect(
      report.findings.find((f) => f.resource === "prod-backup/google_storage_bucket.backups"),
    ).toMatchObject({
      status: "pass",
      message: "google_storage_bucket.backups: key prod-backup/google_kms_crypto_key.backups",
    });
  });

  it("still lists unknowns but lets them pass when relaxed with unknownFailsFrom", async () => {
    const input = await loadInputs([plan]);
    const relaxed = runCheck(input, { controls: [UNIFORM_ACCESS], today: TODAY, unknownFailsFrom: "never" });
    expect(relaxed.findings.filter((f) => f.status === "unknown")).toHaveLength(1);
    expect(relaxed.summary.result).toBe("pass");
    const critical = runCheck(input, {
      controls: [UNIFORM_ACCESS],
      today: TODAY,
      unknownFailsFrom: "critical",
    });
    expect(critical.summary.result).toBe("pass");
  });
});

describe("cross-stack view", () => {
  it("evaluates the union of an environment's stacks, so a key in another stack is found", async () => {
    const report = runCheck(await loadInputs(["test/fixtures/cdktf-out"]), {
      controls: [ROTATED_BUCKET_KEY],
      today: TODAY,
    });
    expect(statusOf(report, "TEST-03", "prod-backup/google_storage_bucket.backups")).toBe("pass");
    expect(statusOf(report, "TEST-03", "prod-backup/google_storage_bucket.scratch")).toBe("fail");
    expect(report.findings.find((f) => f.resource.endsWith("backups"))?.constructPath).toBe(
      "prod-backup/backups",
    );
  });
});

describe("shared stacks outside the environments", () => {
  const stacks = { bootstrap: BUCKETS, "prod-storage": BUCKETS };

  it("checks a concern-less stack's resources but not project-level controls when environments exist", () => {
    const report = checkStacks(stacks, { controls: [AUDIT_CONFIG, UNIFORM_ACCESS] });
    expect(statusOf(report, "TEST-02", "bootstrap/project")).toBe("not-applicable");
    expect(report.findings.find((f) => f.resource === "bootstrap/project")?.message).toContain(
      "bootstrap is a shared stack outside the <env>-<concern> environments",
    );
    expect(statusOf(report, "TEST-02", "prod/project")).toBe("fail");
    expect(statusOf(report, "TEST-01", "bootstrap/google_storage_bucket.open")).toBe("fail");
  });

  it("checks a lone concern-less configuration (one file, a plan) as an environment", () => {
    const report = checkStacks({ main: BUCKETS }, { controls: [AUDIT_CONFIG] });
    expect(statusOf(report, "TEST-02", "main/project")).toBe("fail");
  });
});
