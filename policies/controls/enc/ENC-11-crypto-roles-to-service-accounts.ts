import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { KMS_CRYPTO_ROLES } from "../../views/kms-roles";
import { principalKind } from "../../views/principals";
import { evidence, projectVerdict, verdict } from "../../judge/results";

const ALLOWED = ["service-agent", "service-account"];

export const ENC11CryptoRolesToServiceAccounts: Control = {
  id: "ENC-11",
  title: "Only service agents and dedicated service accounts use keys",
  claim:
    "Key encrypt/decrypt roles go only to Google service agents and dedicated workload service accounts, never to people or default accounts.",
  severity: "high",
  rationale:
    "Data keys are for services: a person or group holding decrypt can read backups and disks outside every " +
    "application control, and the default compute account is shared by every VM that was not given its own.",
  remediation:
    "Grant the role only to serviceAccount:service-<number>@<agent domain> or a dedicated " +
    "serviceAccount:<id>@<project>.iam.gserviceaccount.com; give people access through the application.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "KeyEncrypterGrant derives the member from the service agent's domain and the project number.",
  evaluate: (scope) => {
    const grants = iamGrants(scope, ["google_kms_crypto_key"]).filter(
      (g) => isUnknown(g.role) || KMS_CRYPTO_ROLES.includes(String(g.role)),
    );
    if (grants.length === 0) return [projectVerdict("not-applicable", "no encrypt/decrypt grant on any key")];
    return grants.map((g) => {
      if (isUnknown(g.role))
        return verdict("unknown", g.resource, "the authoritative policy cannot be read before apply", [
          evidence(g.path, g.role),
        ]);
      const members = g.members.map((member) => ({ member, kind: principalKind(scope, g.resource, member) }));
      const found = members.map((m) => evidence(g.path, m.member));
      const refused = members.filter((m) => !isUnknown(m.kind) && !ALLOWED.includes(m.kind));
      if (refused.length > 0) {
        return verdict(
          "fail",
          g.resource,
          `grants ${String(g.role)} to ${refused.map((m) => `${String(m.member)} (${String(m.kind)})`).join(", ")}`,
          found,
        );
      }
      if (members.some((m) => isUnknown(m.kind)))
        return verdict("unknown", g.resource, "a member cannot be resolved before apply", found);
      return verdict(
        "pass",
        g.resource,
        `${String(g.role)} only to ${members.map((m) => m.kind).join(", ")}`,
        found,
      );
    });
  },
};
