import type { Control } from "../../control";
import { cmekBuckets } from "../enc/cmek-buckets";
import { keyLocationMatchesData } from "../enc/key-location";
import { resourceLocations } from "../res/resource-locations";
import { evidence, verdict } from "../../judge/results";
import { publicAccessPrevention } from "../sto/public-access-prevention";
import { uniformAccess } from "../sto/uniform-access";
import { judgeStateBuckets } from "./state-buckets";

/** The bucket controls the state bucket must pass, whatever waivers other buckets get. */
const REQUIRED = [
  cmekBuckets,
  keyLocationMatchesData,
  uniformAccess,
  publicAccessPrevention,
  resourceLocations,
];

export const stateBucketHardened: Control = {
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
