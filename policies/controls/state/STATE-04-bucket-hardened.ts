import type { Control } from "../../control";
import { ENC06CmekBuckets } from "../enc/ENC-06-cmek-buckets";
import { ENC09KeyLocation } from "../enc/ENC-09-key-location";
import { RES01ResourceLocations } from "../res/RES-01-resource-locations";
import { evidence, verdict } from "../../judge/results";
import { STO02PublicAccessPrevention } from "../sto/STO-02-public-access-prevention";
import { STO01UniformAccess } from "../sto/STO-01-uniform-access";
import { judgeStateBuckets } from "../../views/state-buckets";

/** The bucket controls the state bucket must pass, whatever waivers other buckets get. */
const REQUIRED = [
  ENC06CmekBuckets,
  ENC09KeyLocation,
  STO01UniformAccess,
  STO02PublicAccessPrevention,
  RES01ResourceLocations,
];

export const STATE04BucketHardened: Control = {
  id: "STATE-04",
  title: "The state bucket is encrypted, private and in an allowed region",
  claim:
    "Terraform state (which holds resource attributes and secrets) sits in a bucket with its own customer-managed " +
    "key in its region, uniform access, public access prevention enforced, in an allowed region.",
  severity: "critical",
  rationale:
    "State holds every resource's attributes, including generated secrets; whoever reads it learns the " +
    "infrastructure and whoever writes it controls the next apply. The state bucket must pass every bucket " +
    "control, and a waiver for other buckets must not cover it.",
  remediation:
    "Fix the failing checks named in the finding (ENC-06, ENC-09, STO-01, STO-02, RES-01) on the state bucket.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The bootstrap stack's StateBucket construct: own CMEK key in the bucket's region, UBLA, PAP enforced.",
  evaluate: (scope) => {
    const checks = REQUIRED.map((control) => ({ control, results: control.evaluate(scope) }));
    return judgeStateBuckets(scope, (bucket) => {
      const own = checks.flatMap(({ control, results }) =>
        results
          .filter((r) => r.resource?.id === bucket.id || r.resource === undefined)
          .map((r) => ({ control, r })),
      );
      const found = own.map(({ control, r }) => evidence(control.id, `${r.status}: ${r.message}`));
      const failing = own.filter(({ r }) => r.status === "fail");
      if (failing.length > 0)
        return verdict("fail", bucket, `fails ${failing.map(({ control }) => control.id).join(", ")}`, found);
      if (own.some(({ r }) => r.status === "unknown"))
        return verdict("unknown", bucket, "some bucket checks are unknown", found);
      return verdict("pass", bucket, `passes ${REQUIRED.map((c) => c.id).join(", ")}`, found);
    });
  },
};
