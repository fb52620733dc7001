import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { truthy } from "../../model/values";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const NET01CustomModeVpc: Control = {
  id: "NET-01",
  title: "VPC networks are custom mode",
  claim: "Every VPC network is custom mode: subnets exist only where the baseline declares them.",
  severity: "high",
  rationale:
    "An auto-mode network creates a subnet in every region with predictable ranges, outside data residency and " +
    "outside the baseline's flow-log, Private Google Access and firewall design. A google_project with " +
    "auto_create_network unset or true gets Google's default network: auto mode, with firewall rules that " +
    "admit SSH, RDP and ICMP from anywhere; it fails too. " +
    "Same verdict on google_project as checkov's CKV_GCP_27 and trivy's AVD-GCP-0010.",
  remediation:
    "Set auto_create_subnetworks = false on the google_compute_network and declare each subnet; set " +
    "auto_create_network = false on every google_project.",
  references: { cis: [], checkov: ["CKV_GCP_27"], trivy: ["AVD-GCP-0010"] },
  implementation:
    "The network stack's PrivateNetwork construct creates the VPC with auto_create_subnetworks false; the " +
    "baseline creates no project.",
  evaluate: (scope) =>
    judgeEach(scope, ["google_compute_network", "google_project"], (resource) =>
      resource.type === "google_project" ? judgeProject(resource) : judgeNetwork(resource),
    ),
};

function judgeNetwork(network: Resource): Result {
  const value = network.attributes.auto_create_subnetworks;
  const found = [evidence("auto_create_subnetworks", value)];
  if (isUnknown(value))
    return verdict("unknown", network, "auto_create_subnetworks is known only after apply", found);
  if (value === false || value === "false")
    return verdict("pass", network, "custom mode (auto_create_subnetworks = false)", found);
  const why =
    value === undefined
      ? "not set, and the provider default is true (auto mode)"
      : `is ${String(value)} (auto mode)`;
  return verdict("fail", network, `auto_create_subnetworks ${why}`, found);
}

function judgeProject(project: Resource): Result {
  const value = project.attributes.auto_create_network;
  const found = [evidence("auto_create_network", value)];
  if (value === undefined)
    return verdict(
      "fail",
      project,
      "auto_create_network is not set, and the provider default is true: the project gets the default " +
        "auto-mode network",
      found,
    );
  const creates = truthy(value);
  if (isUnknown(creates))
    return verdict("unknown", project, "auto_create_network is known only after apply", found);
  return creates
    ? verdict(
        "fail",
        project,
        "auto_create_network is true: the project gets the default auto-mode network",
        found,
      )
    : verdict("pass", project, "no default network (auto_create_network = false)", found);
}
