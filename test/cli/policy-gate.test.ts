import { App, GcsBackend, TerraformStack } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { PolicyGate } from "../../cli/policy-gate";
import { TODAY } from "../support/check";
import { EXAMPLE_CONTROLS } from "../support/example-controls";

/** A two-stack app: the bucket in `test-data` uses a key declared in `test-kms`. */
function synthesize(uniformAccess: boolean, audit = true): void {
  const outdir = mkdtempSync(join(tmpdir(), "baseline-gate-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const kms = new TerraformStack(app, "test-kms");
    new GoogleProvider(kms, "google", { project: "p" });
    new GcsBackend(kms, { bucket: "state", prefix: "test/kms" });
    const key = new KmsCryptoKey(kms, "key", { name: "k", keyRing: "ring", rotationPeriod: "7776000s" });
    if (audit) {
      new ProjectIamAuditConfig(kms, "audit", {
        project: "p",
        service: "allServices",
        auditLogConfig: [{ logType: "DATA_READ" }],
      });
    }
    const data = new TerraformStack(app, "test-data");
    new GoogleProvider(data, "google", { project: "p" });
    new GcsBackend(data, { bucket: "state", prefix: "test/data" });
    new StorageBucket(data, "bucket", {
      name: "b",
      location: "EU",
      uniformBucketLevelAccess: uniformAccess,
      encryption: { defaultKmsKeyName: key.id },
    });
    PolicyGate.addTo(app, { controls: EXAMPLE_CONTROLS, today: TODAY });
    app.synth();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("PolicyGate (synth-time enforcement)", () => {
  it("lets a compliant app synthesize, seeing the key in the other stack of the environment", () => {
    expect(() => synthesize(true)).not.toThrow();
  });

  it("fails synthesis with an error annotation on the offending construct", () => {
    expect(() => synthesize(false)).toThrow(
      /Encountered Annotations with level "ERROR":\n\[test-data\/bucket\] TEST-01 \[high\] google_storage_bucket\.bucket: uniform access \(evidence: uniform_bucket_level_access = false\) Fix: Fix the fixture\./,
    );
  });

  it("puts a project-level finding on the environment's first stack", () => {
    expect(() => synthesize(true, false)).toThrow(
      /\n\[test-kms\] TEST-02 \[medium\] No google_project_iam_audit_config in the environment\. Fix: Fix the fixture\./,
    );
  });
});
