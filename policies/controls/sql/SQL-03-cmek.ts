import type { Control } from "../../control";
import { type Scope, type Unknown, isUnknown } from "../../model/types";
import { type Grant, iamGrants } from "../../views/iam";
import { keyReference } from "../../views/kms";
import { principalKind } from "../../views/principals";
import { designates, designationIndex } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { judgeInstances } from "../../views/sql-instances";

/** Cloud SQL needs both: it encrypts new data and decrypts what it reads back. */
const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const SQL_AGENT_DOMAIN = "@gcp-sa-cloud-sql.iam.gserviceaccount.com";

export const SQL03Cmek: Control = {
  id: "SQL-03",
  title: "Cloud SQL's service agent can use the instance's customer-managed key",
  claim:
    "Cloud SQL's own service agent holds encrypt/decrypt on each instance's customer-managed key, the key " +
    "that encrypts the database, its backups and temporary storage.",
  severity: "high",
  rationale:
    "Cloud SQL encrypts an instance's data, backups and temporary files with the instance's key through its " +
    "per-project service agent, and CMEK can only be chosen when the instance is created: without the agent's " +
    "encrypt/decrypt grant on the key, the instance cannot be created with it. That the key is set, declared " +
    "here and in the instance's region is proven by ENC-07 and ENC-09; this control checks only the part " +
    "specific to Cloud SQL, the service agent's grant on that key.",
  remediation:
    "Grant serviceAccount:service-<project number>@gcp-sa-cloud-sql.iam.gserviceaccount.com " +
    "roles/cloudkms.cryptoKeyEncrypterDecrypter on the instance's key (google_kms_crypto_key_iam_member) " +
    "before the instance is created.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    'The data stack passes kms.key("sql", "primary") to the instance; the foundation stack grants that key ' +
    "to the Cloud SQL service agent (KeyEncrypterGrant).",
  evaluate: (scope) => {
    const keyGrants = designationIndex(scope, iamGrants(scope, ["google_kms_crypto_key"]), (grant) => [
      { from: grant.resource, value: grant.resource.attributes.crypto_key_id },
    ]);
    return judgeInstances(scope, (instance) => {
      const value = instance.attributes.encryption_key_name;
      const found = [evidence("encryption_key_name", value)];
      const ref = keyReference(scope, instance, value);
      if (ref.kind === "none")
        return verdict("fail", instance, "no encryption_key_name: Google-managed key (ENC-07)", found);
      if (ref.kind === "unknown") return verdict("unknown", instance, ref.reason, found);
      if (ref.kind === "external") {
        const reason = `${ref.name} is not declared here, so its grants cannot be seen (ENC-07)`;
        return verdict("unknown", instance, reason, found);
      }
      const onKey = keyGrants.mayDesignate(ref.key).map((grant) => ({
        grant,
        on: designates(scope, grant.resource, grant.resource.attributes.crypto_key_id, ref.key),
      }));
      found.push(
        evidence(
          `${ref.key.address} grants`,
          onKey.map(({ grant }) => grant.resource.address),
        ),
      );
      const judged = onKey.map(({ grant, on }) => both(on, grantsSqlAgent(scope, grant)));
      if (judged.includes(true))
        return verdict("pass", instance, `the Cloud SQL service agent can use ${ref.key.address}`, found);
      if (judged.some(isUnknown))
        return verdict("unknown", instance, `a grant on ${ref.key.address} is known only after apply`, found);
      return verdict(
        "fail",
        instance,
        `no grant of ${ENCRYPTER_DECRYPTER} on ${ref.key.address} to the Cloud SQL service agent`,
        found,
      );
    });
  },
};

/** Whether a grant gives the Cloud SQL service agent encrypt/decrypt; Unknown when it is known only after apply. */
function grantsSqlAgent(scope: Scope, grant: Grant): boolean | Unknown {
  if (isUnknown(grant.role)) return grant.role;
  if (grant.role !== ENCRYPTER_DECRYPTER) return false;
  const members = grant.members.map((member) => {
    const kind = principalKind(scope, grant.resource, member);
    if (isUnknown(kind)) return kind;
    return kind === "service-agent" && String(member).endsWith(SQL_AGENT_DOMAIN);
  });
  return members.includes(true) || (members.find(isUnknown) ?? false);
}

function both(a: boolean | Unknown, b: boolean | Unknown): boolean | Unknown {
  if (a === false || b === false) return false;
  return isUnknown(a) ? a : b;
}
