import { AuditLogConfig } from "../../../constructs/mon/audit-log-config";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

describe("AuditLogConfig", () => {
  const json = synthScope((stack) => {
    new AuditLogConfig(stack, "audit", { projectId: "acme-sec-test" });
  });

  test("records admin reads, data reads and data writes of every service, exempting no one", () => {
    expect(attributesOf(json, "google_project_iam_audit_config")).toEqual([
      {
        project: "acme-sec-test",
        service: "allServices",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
      },
    ]);
  });

  test("used bare, it passes the Data Access audit log control", () => {
    expectUsedBarePasses(json, ["MON-01"]);
  });
});
