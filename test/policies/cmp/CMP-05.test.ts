import { CMP05DedicatedServiceAccount } from "../../../policies/controls/cmp/CMP-05-dedicated-service-account";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, TEMPLATE, VM, scope, template, vm } from "./fixture";

describe("CMP-05 Every VM runs as a dedicated service account", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP05DedicatedServiceAccount, scope());
    expect(run(CMP05DedicatedServiceAccount, scope())).toEqual(BOTH_PASS);
  });

  it.each([
    ["the default compute account", "123456789-compute@developer.gserviceaccount.com"],
    ["the literal 'default'", "default"],
    ["the default account data source", "${data.google_compute_default_service_account.d.email}"],
  ])("fails %s", (_, email) => {
    const json = mutate(COMPUTE_STACK, (j) => {
      vm(j).service_account.email = email;
      j.data = { google_compute_default_service_account: { d: {} } };
    });
    expect(run(CMP05DedicatedServiceAccount, scope(json))).toContain(`${VM}: fail`);
    expectFails(CMP05DedicatedServiceAccount, scope(json), VM);
  });

  it.each([
    ["a literal user-managed email", "name@project.iam.gserviceaccount.com"],
    ["a domain-scoped project's account", "app@my-project.example.com.iam.gserviceaccount.com"],
    ["an email written in capitals", "App@Acme-Prod.iam.gserviceaccount.com"],
  ])("passes %s: a user-managed service account is dedicated", (_, email) => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).service_account.email = email));
    expectPasses(CMP05DedicatedServiceAccount, scope(json));
    expect(resultFor(CMP05DedicatedServiceAccount, scope(json), VM).message).toContain(`runs as ${email}`);
  });

  it.each([
    ["a person's email", "alice@example.com"],
    ["the App Engine default account", "acme-prod@appspot.gserviceaccount.com"],
    ["a service agent", "service-123456789@compute-system.iam.gserviceaccount.com"],
  ])("fails %s: not a dedicated service account", (_, email) => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).service_account.email = email));
    expectFails(CMP05DedicatedServiceAccount, scope(json), VM);
  });

  it("fails a missing block or email, and does not fail the cloud-platform scope", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).service_account;
      delete template(j).service_account.email;
    });
    expect(run(CMP05DedicatedServiceAccount, scope(json))).toEqual([`${VM}: fail`, `${TEMPLATE}: fail`]);
    expect(resultFor(CMP05DedicatedServiceAccount, scope(json), TEMPLATE).message).toContain(
      "default compute account",
    );
  });

  it("fails service_account = null or service_account.email = null (unset: the default compute account)", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      vm(j).service_account = null;
      template(j).service_account.email = null;
    });
    expectFails(CMP05DedicatedServiceAccount, scope(json), VM);
    expectFails(CMP05DedicatedServiceAccount, scope(json), TEMPLATE);
  });

  it("is unknown for an email that references nothing declared", () => {
    const json = mutate(
      COMPUTE_STACK,
      (j) => (vm(j).service_account.email = "${google_service_account.gone.email}"),
    );
    expect(run(CMP05DedicatedServiceAccount, scope(json))).toContain(`${VM}: unknown`);
  });
});
