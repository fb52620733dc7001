import { AuditLogConfig } from "../../constructs/audit-log-config";
import { attributesOf, synthScope } from "../support/synth";

describe("AuditLogConfig", () => {
  test("records admin reads, data reads and data writes of every service, exempting no one", () => {
    const json = synthScope((stack) => {
      new AuditLogConfig(stack, "audit", { projectId: "acme-sec-test" });
    });
    expect(attributesOf(json, "google_project_iam_audit_config")).toEqual([
      {
        project: "acme-sec-test",
        service: "allServices",
        audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }],
      },
    ]);
  });
});
