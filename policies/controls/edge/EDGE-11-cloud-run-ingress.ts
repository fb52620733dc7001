import type { Control, Result } from "../../control";
import { type Scope, isUnknown } from "../../model/types";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import {
  type CloudRunNeg,
  RUN_INGRESS_CONSTRAINT,
  cloudRunNegs,
  declaredServiceIngress,
  ingressPolicies,
  ingressPolicyVerdict,
} from "../../views/cloud-run-ingress";

export const EDGE11CloudRunIngress: Control = {
  id: "EDGE-11",
  title: "Cloud Run behind the load balancer accepts no direct internet traffic",
  claim:
    "A Cloud Run service served through the load balancer cannot be reached on its own run.app URL from the " +
    "internet, so Cloud Armor cannot be bypassed: the project's run.allowedIngress policy allows only internal " +
    "and Cloud Load Balancing ingress (or the service, declared here, has that ingress).",
  severity: "critical",
  rationale:
    "A serverless NEG only adds a path to the service; with ingress `all` the run.app URL still answers " +
    "everyone, and requests there never pass Cloud Armor. The org policy `run.allowedIngress` makes Google " +
    "refuse a service with any other ingress, whoever deploys it. Google checks the constraint when a service is " +
    "created or its ingress changed (declared, not run): a service already serving with ingress `all` keeps it " +
    "until it is redeployed with a compliant ingress, which this configuration cannot show. A policy with a rule " +
    "that allows all, or allows `all` among its values, or resets to the parent's policy, does not count.",
  remediation:
    "Declare google_org_policy_policy projects/<number>/policies/run.allowedIngress with spec.rules " +
    '[{ values { allowed_values = ["is:internal-and-cloud-load-balancing"] } }], and redeploy existing ' +
    "services with `gcloud run services update <service> --ingress internal-and-cloud-load-balancing`.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ProjectOrgPolicies sets run.allowedIngress to is:internal-and-cloud-load-balancing on every project " +
    "(foundation stack), whether or not the edge has a Cloud Run backend.",
  evaluate: (scope) => {
    const negs = cloudRunNegs(scope);
    if (negs.length === 0)
      return [
        projectVerdict(
          "not-applicable",
          `no serverless NEG for Cloud Run in environment ${scope.environment}`,
        ),
      ];
    // The environment's policies are the same for every NEG: judged once.
    const judged = ingressPolicies(scope).map((p) => ({ ...p, verdict: ingressPolicyVerdict(p.policy) }));
    return negs.map((neg) => judge(scope, neg, judged));
  },
};

type JudgedPolicy = ReturnType<typeof ingressPolicies>[number] & {
  readonly verdict: ReturnType<typeof ingressPolicyVerdict>;
};

function judge(scope: Scope, { neg, service }: CloudRunNeg, judged: readonly JudgedPolicy[]): Result {
  const found = [evidence("cloud_run.service", service)];
  const declared = declaredServiceIngress(scope, service);
  if (declared?.closed)
    return verdict(
      "pass",
      neg,
      `service ${String(service)} is declared with ingress ${String(declared.ingress)}`,
      [...found, evidence(`${declared.service.address}.ingress`, declared.ingress)],
    );
  const closing = judged.find((p) => p.onEnvironment && p.verdict !== "unknown" && p.verdict.closed);
  const policyEvidence = judged.flatMap((p) => [
    evidence(`${p.policy.address}.name`, p.policy.attributes.name),
    evidence(`${p.policy.address}.spec`, p.policy.attributes.spec),
  ]);
  const serviceEvidence = declared ? [evidence(`${declared.service.address}.ingress`, declared.ingress)] : [];
  const all = [...found, ...policyEvidence, ...serviceEvidence];
  if (closing)
    return presenceProven(
      verdict(
        "pass",
        neg,
        `${closing.parent} allows Cloud Run only internal and load-balancer ingress (${RUN_INGRESS_CONSTRAINT})`,
        all,
      ),
      closing.policy,
    );
  if (judged.some((p) => p.onEnvironment && p.verdict === "unknown") || isUnknown(service))
    return verdict("unknown", neg, `${RUN_INGRESS_CONSTRAINT} or the service is known only after apply`, all);
  const reasons = judged.map((p) =>
    !p.onEnvironment
      ? `${p.policy.address} is set on ${p.parent}, not this environment's project`
      : `${p.policy.address} does not close ingress: ${p.verdict === "unknown" ? "unknown" : p.verdict.why}`,
  );
  const about = declared
    ? `; service ${String(service)} is declared with ingress ${String(declared.ingress ?? "(not set: all)")}`
    : "";
  return verdict(
    "fail",
    neg,
    (reasons.length > 0
      ? reasons.join("; ")
      : `no ${RUN_INGRESS_CONSTRAINT} policy restricts Cloud Run ingress`) +
      `${about}: service ${String(service)} may answer the internet on its run.app URL, bypassing Cloud Armor`,
    all,
  );
}
