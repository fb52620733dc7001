import { Unknown } from "../../policies/model/types";
import { securityDiff } from "../../policies/report/diff/compare";
import { diffJson } from "../../policies/report/diff/json";
import { diffMarkdown } from "../../policies/report/diff/markdown";
import { diffText } from "../../policies/report/diff/text";
import { TEST_CATALOGUE } from "./support/controls";
import { copy, estate, evaluate } from "./support/evaluate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Stacks = Record<string, any>;

function diffOf(mutate: (after: Stacks) => void, before: Stacks = estate()) {
  const after = copy(before);
  mutate(after);
  return securityDiff(evaluate(before), evaluate(after), TEST_CATALOGUE);
}

describe("security diff semantics", () => {
  it("reports nothing but unchanged findings for identical inputs", () => {
    const diff = diffOf(() => {});
    expect(diff).toMatchObject({ regressed: [], improved: [], added: [], removed: [] });
    // 2 environments × (2 keys + 1 backend + 1 audit config)
    expect(diff.unchanged).toBe(8);
  });

  it("turns a key's rotation to 365 days into a regression naming the resource and the attribute", () => {
    const diff = diffOf((after) => {
      after["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    });
    expect(diff.regressed).toEqual([
      expect.objectContaining({
        control: "TST-01",
        environment: "prod",
        resource: "prod-kms/google_kms_crypto_key.disks",
        before: "pass",
        after: "fail",
        changes: [{ path: "rotation_period", before: "7776000s", after: "31536000s" }],
      }),
    ]);
    expect(diff.improved).toEqual([]);
    expect(diff.unchanged).toBe(7);
  });

  it("shows a removed Cloud Armor policy as a regression of the backend, with the policy under removed", () => {
    const diff = diffOf((after) => {
      const edge = after["prod-edge"].resource;
      delete edge.google_compute_security_policy;
      delete edge.google_compute_backend_service.api.security_policy;
    });
    expect(diff.regressed).toEqual([
      expect.objectContaining({
        control: "TST-02",
        resource: "prod-edge/google_compute_backend_service.api",
        changes: [{ path: "security_policy", before: "${google_compute_security_policy.armor.id}" }],
      }),
    ]);
    expect(diff.removed).toEqual([
      { resource: "prod-edge/google_compute_security_policy.armor", environment: "prod", results: [] },
    ]);
  });

  it("reports the reverse change as an improvement and exits clean of regressions", () => {
    const weak: Stacks = estate();
    weak["staging-kms"].resource.google_kms_crypto_key.backups.rotation_period = "31536000s";
    const diff = diffOf((after) => {
      after["staging-kms"].resource.google_kms_crypto_key.backups.rotation_period = "7776000s";
    }, weak);
    expect(diff.regressed).toEqual([]);
    expect(diff.improved).toEqual([
      expect.objectContaining({
        resource: "staging-kms/google_kms_crypto_key.backups",
        before: "fail",
        after: "pass",
      }),
    ]);
  });

  it("lists added resources with their results, and a failing new resource as a regression", () => {
    const diff = diffOf((after) => {
      after["prod-kms"].resource.google_kms_crypto_key.logs = { name: "logs", rotation_period: "31536000s" };
      after["prod-kms"].resource.google_kms_crypto_key.sql = { name: "sql", rotation_period: "86400s" };
    });
    expect(diff.added).toEqual([
      {
        resource: "prod-kms/google_kms_crypto_key.logs",
        environment: "prod",
        results: [{ control: "TST-01", status: "fail" }],
      },
      {
        resource: "prod-kms/google_kms_crypto_key.sql",
        environment: "prod",
        results: [{ control: "TST-01", status: "pass" }],
      },
    ]);
    expect(diff.regressed).toEqual([
      expect.objectContaining({ resource: "prod-kms/google_kms_crypto_key.logs", after: "fail" }),
    ]);
    expect(diff.regressed[0].before).toBeUndefined();
  });

  it("lists removed resources with their earlier results, not as improvements", () => {
    const weak: Stacks = estate();
    weak["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    const diff = diffOf((after) => {
      delete after["prod-kms"].resource.google_kms_crypto_key.disks;
    }, weak);
    expect(diff.removed).toEqual([
      {
        resource: "prod-kms/google_kms_crypto_key.disks",
        environment: "prod",
        results: [{ control: "TST-01", status: "fail" }],
      },
    ]);
    expect(diff.improved).toEqual([]);
    expect(diff.regressed).toEqual([]);
  });

  it("treats a project-level failure appearing (the audit config deleted) as a regression", () => {
    const diff = diffOf((after) => {
      delete after["staging-foundation"].resource.google_project_iam_audit_config;
    });
    expect(diff.regressed).toEqual([
      expect.objectContaining({ control: "TST-03", resource: "staging/project", after: "fail", changes: [] }),
    ]);
    expect(diff.removed.map((r) => r.resource)).toEqual([
      "staging-foundation/google_project_iam_audit_config.all",
    ]);
  });

  it("orders changes by catalogue, then resource, whatever the input order", () => {
    const weaken = (after: Stacks) => {
      for (const env of ["staging", "prod"]) {
        after[`${env}-kms`].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
        delete after[`${env}-edge`].resource.google_compute_backend_service.api.security_policy;
      }
    };
    const shuffled = Object.fromEntries(Object.entries(estate()).reverse());
    const a = diffOf(weaken);
    const b = diffOf(weaken, shuffled);
    expect(a.regressed.map((r) => `${r.control} ${r.resource}`)).toEqual([
      "TST-01 prod-kms/google_kms_crypto_key.disks",
      "TST-01 staging-kms/google_kms_crypto_key.disks",
      "TST-02 prod-edge/google_compute_backend_service.api",
      "TST-02 staging-edge/google_compute_backend_service.api",
    ]);
    expect(diffJson(b)).toBe(diffJson(a));
    expect(diffMarkdown(b)).toBe(diffMarkdown(a));
  });

  it("ranks pass, not-applicable and waived < unknown < fail: unknown → fail regresses, fail → unknown improves", () => {
    const unknownKey: Stacks = estate();
    unknownKey["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = new Unknown("after apply");
    const failing: Stacks = estate();
    failing["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    const worse = securityDiff(evaluate(unknownKey), evaluate(failing), TEST_CATALOGUE);
    expect(worse.regressed.map((r) => `${r.before} → ${r.after}`)).toEqual(["unknown → fail"]);
    const better = securityDiff(evaluate(failing), evaluate(unknownKey), TEST_CATALOGUE);
    expect(better.improved.map((r) => `${r.before} → ${r.after}`)).toEqual(["fail → unknown"]);
    expect(better.improved[0].changes).toEqual([
      { path: "rotation_period", before: "31536000s", after: new Unknown("after apply") },
    ]);
  });

  it("lists a status change that keeps the claim (pass → not-applicable) as changed, not as a regression", () => {
    const before = evaluate(estate());
    const after = evaluate(estate());
    const key = "prod-kms/google_kms_crypto_key.disks";
    const findings = after.findings.map((f) =>
      f.resource === key ? { ...f, status: "not-applicable" as const } : f,
    );
    const diff = securityDiff(before, { ...after, findings }, TEST_CATALOGUE);
    expect(diff.changed).toEqual([
      expect.objectContaining({ control: "TST-01", resource: key, before: "pass", after: "not-applicable" }),
    ]);
    expect(diff).toMatchObject({ regressed: [], improved: [], unchanged: 7 });
    expect(diffText(diff)).toContain("Other status changes (the claim still holds)\n  TST-01");
  });

  it("does not count a failing verdict that disappears while its resource stays as an improvement", () => {
    const weak: Stacks = estate();
    weak["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    const before = evaluate(weak);
    const after = evaluate(weak);
    const unjudged = after.findings.filter((f) => f.resource !== "prod-kms/google_kms_crypto_key.disks");
    const diff = securityDiff(before, { ...after, findings: unjudged }, TEST_CATALOGUE);
    expect(diff).toMatchObject({ regressed: [], improved: [], removed: [] });
  });

  it("counts a failing project-level verdict that disappears (the audit config added back) as an improvement", () => {
    const missing: Stacks = estate();
    delete missing["prod-foundation"].resource.google_project_iam_audit_config;
    const diff = securityDiff(evaluate(missing), evaluate(estate()), TEST_CATALOGUE);
    expect(diff.improved).toEqual([
      expect.objectContaining({ control: "TST-03", resource: "prod/project", before: "fail" }),
    ]);
    expect(diff.improved[0].after).toBeUndefined();
    expect(diff.added).toEqual([
      {
        resource: "prod-foundation/google_project_iam_audit_config.all",
        environment: "prod",
        results: [{ control: "TST-03", status: "pass" }],
      },
    ]);
  });

  it("shows other attribute changes when no evidence path explains a changed verdict", () => {
    const before = evaluate(estate());
    const after = evaluate(estate());
    const key = "prod-kms/google_kms_crypto_key.disks";
    const findings = after.findings.map((f) =>
      f.resource === key ? { ...f, status: "fail" as const, evidence: [] } : f,
    );
    const resources = after.resources.map((r) =>
      r.id === key ? { ...r, attributes: { ...r.attributes, purpose: "ASYMMETRIC_SIGN" } } : r,
    );
    const diff = securityDiff(before, { findings, resources }, TEST_CATALOGUE);
    expect(diff.regressed[0]).toMatchObject({
      changes: [],
      otherChanges: [{ path: "purpose", after: "ASYMMETRIC_SIGN" }],
    });
  });
});

describe("security diff rendering", () => {
  const regression = diffOf((after) => {
    after["prod-kms"].resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    const edge = after["prod-edge"].resource;
    delete edge.google_compute_security_policy;
    delete edge.google_compute_backend_service.api.security_policy;
    after["staging-kms"].resource.google_kms_crypto_key.logs = { name: "logs", rotation_period: "86400s" };
  });

  it("puts the summary line first in Markdown, then one collapsible block per control", () => {
    const markdown = diffMarkdown(regression);
    expect(markdown.split("\n")[0]).toBe(
      "🔴 2 regressions, 🟢 0 improvements in 2 resources · 1 resource added, 1 removed · 6 findings unchanged",
    );
    expect(markdown.match(/<details>/g)).toHaveLength(4);
    expect(markdown.match(/<\/details>/g)).toHaveLength(4);
    expect(markdown).toContain("`rotation_period` `7776000s` → `31536000s`");
    expect(markdown).toContain(
      '`security_policy` `"${google_compute_security_policy.armor.id}"` → `(absent)`',
    );
    // The title's `|` must not split the table row.
    expect(markdown).toContain("<b>TST-01</b> Keys rotate every 90 days | or sooner (high)");
    expect(markdown).toMatchSnapshot();
  });

  it("says there is no regression in the summary line when there is none", () => {
    expect(diffMarkdown(diffOf(() => {})).split("\n")[0]).toBe(
      "✅ 0 regressions, 🟢 0 improvements in 0 resources · 0 resources added, 0 removed · 8 findings unchanged",
    );
  });

  it("renders the same facts as text and JSON", () => {
    expect(diffText(regression)).toMatchSnapshot();
    const json = JSON.parse(diffJson(regression));
    expect(json.summary).toEqual({
      regressed: 2,
      improved: 0,
      changed: 0,
      resources: 2,
      added: 1,
      removed: 1,
      unchanged: 6,
    });
    expect(json.regressed[1].changes).toEqual([
      { path: "security_policy", before: "${google_compute_security_policy.armor.id}" },
    ]);
  });
});
