import { controlMatrix } from "../../policies/report/matrix/build";
import { matrixHtml } from "../../policies/report/matrix/html";
import { matrixJson } from "../../policies/report/matrix/json";
import { matrixMarkdown } from "../../policies/report/matrix/markdown";
import { TEST_CATALOGUE } from "./support/controls";
import { estate, evaluate } from "./support/evaluate";
import { mixedCheck } from "./support/mixed-report";

const { findings } = mixedCheck();
const matrix = controlMatrix(TEST_CATALOGUE, findings);

describe("control matrix", () => {
  it("has one row per control, in catalogue order, with environments sorted", () => {
    expect(matrix.environments).toEqual(["prod", "staging"]);
    expect(matrix.rows.map((r) => r.id)).toEqual(["TST-01", "TST-02", "TST-03"]);
    expect(matrix.rows[0]).toMatchObject({
      title: "Keys rotate every 90 days | or sooner",
      claim: "Every key rotates at least every 90 days.",
      implementation: "CmekKey renders rotation_period from kms.rotationDays.",
    });
  });

  it("shows the worst status per environment, with the resources that decide it as evidence", () => {
    const [rotation, armor, audit] = matrix.rows;
    expect(rotation.status).toEqual({ prod: "fail", staging: "fail" });
    expect(rotation.evidence.prod).toEqual([
      "prod-kms/google_kms_crypto_key.backups",
      "prod-kms/google_kms_crypto_key.disks",
    ]);
    expect(armor.status).toEqual({ prod: "waived", staging: "pass" });
    expect(armor.evidence).toEqual({
      prod: ["prod-edge/google_compute_backend_service.api"],
      staging: ["staging-edge/google_compute_backend_service.api"],
    });
    expect(audit.status).toEqual({ prod: "pass", staging: "fail" });
    expect(audit.evidence.staging).toEqual(["staging/project"]);
  });

  it("shows a control with no finding in an environment as not evaluated, never as a pass", () => {
    const only = controlMatrix(
      TEST_CATALOGUE,
      findings.filter((f) => f.control !== "TST-03"),
    );
    expect(only.rows[2].status).toEqual({ prod: "not-evaluated", staging: "not-evaluated" });
  });

  it("is the same whatever the order of the findings", () => {
    const reversed = controlMatrix(TEST_CATALOGUE, [...findings].reverse());
    expect(matrixJson(reversed)).toBe(matrixJson(matrix));
    expect(matrixMarkdown(reversed)).toBe(matrixMarkdown(matrix));
  });
});

describe("matrix formats", () => {
  it("Markdown: one table per family, cells escaped so rows never split", () => {
    const markdown = matrixMarkdown(matrix);
    const rows = markdown.split("\n").filter((line) => line.startsWith("| **TST-"));
    expect(rows).toHaveLength(3);
    // Header has 6 separators (Control, Claim, prod, staging, Implementation, Evidence): every row keeps them.
    for (const row of rows) expect(row.replace(/\\\|/g, "").match(/\|/g)).toHaveLength(7);
    expect(markdown).toContain("- **prod**: ❌ fail 1, ⚠️ waived 1, ✅ pass 1");
    expect(markdown).toMatchSnapshot();
  });

  it("JSON: environments and one entry per control with status and evidence per environment", () => {
    const json = JSON.parse(matrixJson(matrix));
    expect(json.environments).toEqual(["prod", "staging"]);
    expect(json.controls).toHaveLength(3);
    expect(json.controls[1]).toEqual({
      id: "TST-02",
      family: "TST",
      title: "External backends have a Cloud Armor policy",
      claim: "Every internet-facing backend is behind Cloud Armor.",
      severity: "critical",
      implementation: "HttpsLoadBalancer requires an ArmorPolicy.",
      status: { prod: "waived", staging: "pass" },
      evidence: {
        prod: ["prod-edge/google_compute_backend_service.api"],
        staging: ["staging-edge/google_compute_backend_service.api"],
      },
    });
  });

  describe("HTML", () => {
    const html = matrixHtml(matrix);

    it("is one self-contained page: no script, no external resource, a CSP that forbids fetching", () => {
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    });

    it("has a row per control with escaped text and a status badge per environment", () => {
      expect(html.match(/<tr id="TST-\d+">/g)).toHaveLength(3);
      expect(html).toContain('<td><span class="status s-fail">fail</span></td>');
      expect(html).toContain('<span class="stack">staging-kms</span>');
      expect(html).toContain("<code>google_kms_crypto_key.odd&lt;&amp;&gt;&quot;\uFFFD</code>");
      expect(html).not.toContain("<&>");
    });

    it("folds long evidence lists into a details element", () => {
      const many = evaluate(
        Object.fromEntries(
          Array.from({ length: 7 }, (_, i) => [
            `prod-kms${i}`,
            { resource: { google_kms_crypto_key: { k: { rotation_period: "86400s" } } } },
          ]),
        ),
      );
      const page = matrixHtml(controlMatrix(TEST_CATALOGUE, many.findings));
      expect(page).toContain("<details><summary>1 more</summary>");
    });

    it("is stable", () => {
      expect(matrixHtml(controlMatrix(TEST_CATALOGUE, evaluate(estate()).findings))).toBe(
        matrixHtml(controlMatrix(TEST_CATALOGUE, [...evaluate(estate()).findings].reverse())),
      );
    });
  });
});
