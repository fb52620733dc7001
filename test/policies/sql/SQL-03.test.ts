import { SQL03Cmek } from "../../../policies/controls/sql/SQL-03-cmek";
import { expectFails, expectPasses, markUnknown, run } from "../../support/control-fixtures";
import {
  environmentScope,
  environmentStacks,
  resourceOf,
  resourceWith,
  verdictAfter,
} from "../../support/environment";
import type { TerraformJson } from "../../support/synth";
import { SQL, prodSql } from "./fixture";

describe("SQL-03 Cloud SQL's service agent can use the instance's customer-managed key", () => {
  const SQL_AGENT = "serviceAccount:service-100000000003@gcp-sa-cloud-sql.iam.gserviceaccount.com";
  const agentGrant = (stacks: Record<string, TerraformJson>) =>
    resourceWith(stacks, "google_kms_crypto_key_iam_member", "member", SQL_AGENT);

  test("the baseline's instance passes", () => {
    expectPasses(SQL03Cmek, prodSql().scope);
  });

  test("no key fails", () => {
    const { scope, address } = prodSql((i) => delete i.encryption_key_name);
    expectFails(SQL03Cmek, scope, address);
  });

  test("encryption_key_name = null fails (unset: a Google-managed key)", () => {
    const { scope, address } = prodSql((i) => (i.encryption_key_name = null));
    expectFails(SQL03Cmek, scope, address);
  });

  test("a key the agent is not granted fails (the backup bucket's key)", () => {
    const result = verdictAfter(SQL03Cmek, SQL, (i, stacks) => {
      const bucket = resourceWith(stacks, "google_storage_bucket", "name", "acme-sec-prod-backups");
      i.encryption_key_name = bucket.attributes.encryption.default_kms_key_name;
    });
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(
      /no grant of roles\/cloudkms\.cryptoKeyEncrypterDecrypter on .*backups-backup/,
    );
  });

  test("the grant given to another agent, or with an encrypt-only role, fails", () => {
    const otherAgent = prodSql((_i, stacks) => {
      agentGrant(stacks).attributes.member = SQL_AGENT.replace("gcp-sa-cloud-sql", "compute-system");
    });
    expectFails(SQL03Cmek, otherAgent.scope, otherAgent.address);
    const encryptOnly = prodSql((_i, stacks) => {
      agentGrant(stacks).attributes.role = "roles/cloudkms.cryptoKeyEncrypter";
    });
    expectFails(SQL03Cmek, encryptOnly.scope, encryptOnly.address);
  });

  test("a grant whose member is known only after apply is unknown", () => {
    const stacks = environmentStacks("prod");
    const { address } = resourceOf(stacks, SQL);
    const scope = markUnknown(environmentScope(stacks, "prod"), agentGrant(stacks).address, "member");
    expect(run(SQL03Cmek, scope)).toEqual([`${address}: unknown`]);
  });
});
