import type { Control } from "../../control";
import { get, list, truthy } from "../../model/values";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { RESTRICTED_SERVICES } from "../../../shared/google-ranges";

export const NET19ServicePerimeter: Control = {
  id: "NET-19",
  title: "A declared VPC Service Controls perimeter restricts the APIs the VMs use",
  claim:
    "Where the environment declares a service perimeter, it is enforced and restricts every Google API the " +
    "baseline's VMs call, and VMs inside can call only restricted services.",
  severity: "medium",
  rationale:
    "A perimeter stops a stolen credential from copying KMS-protected data, secrets or buckets to a project " +
    "outside it. A perimeter that leaves out one of the APIs the VMs use leaves that API's data open; one in " +
    "dry run only logs. Perimeters are organization-level (an access policy), so the baseline declares one " +
    "only when the configuration names the policy; what Google enforces is declared, not run.",
  remediation:
    "List every service of shared/google-ranges.ts RESTRICTED_SERVICES in status.restricted_services, set " +
    'status.vpc_accessible_services { enable_restriction = true, allowed_services = ["RESTRICTED-SERVICES"] } ' +
    "and do not leave the perimeter in dry run.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "network.serviceControls (access policy id) makes the network stack declare ServicePerimeter around the " +
    "environment's project with RESTRICTED_SERVICES; off by default.",
  evaluate: (scope) => {
    const perimeters = scope.ofType("google_access_context_manager_service_perimeter");
    if (perimeters.length === 0)
      return [
        projectVerdict(
          "not-applicable",
          "no service perimeter declared (network.serviceControls is not configured: organization-level)",
        ),
      ];
    return perimeters.map((perimeter) => {
      const status = get(perimeter.attributes, "status");
      const found = [
        evidence("status.restricted_services", get(perimeter.attributes, "status.restricted_services")),
      ];
      if (status === undefined || status === null)
        return verdict("fail", perimeter, "no enforced status: the perimeter is only a dry run (or empty)", [
          evidence("use_explicit_dry_run_spec", perimeter.attributes.use_explicit_dry_run_spec),
          ...found,
        ]);
      const restricted = list(perimeter.attributes, "status.restricted_services");
      const missing = RESTRICTED_SERVICES.filter((service) => !restricted.includes(service));
      if (missing.length > 0)
        return verdict("fail", perimeter, `does not restrict ${missing.join(", ")}`, found);
      const vpc = get(perimeter.attributes, "status.vpc_accessible_services");
      const on = truthy(get(vpc, "enable_restriction"));
      const allowed = list(vpc, "allowed_services");
      const withVpc = [...found, evidence("status.vpc_accessible_services", vpc)];
      if (on !== true || allowed.length !== 1 || allowed[0] !== "RESTRICTED-SERVICES")
        return verdict(
          "fail",
          perimeter,
          "VMs inside may call services outside the restricted list (vpc_accessible_services)",
          withVpc,
        );
      return verdict("pass", perimeter, "enforced; restricts every API the VMs call", withVpc);
    });
  },
};
