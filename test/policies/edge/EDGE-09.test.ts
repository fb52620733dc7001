import { EDGE09LbLogging } from "../../../policies/controls/edge/EDGE-09-lb-logging";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BACKEND, EDGE, messageOf, one, scope } from "./fixture";

describe("EDGE-09 Every load-balanced request logged", () => {
  it("passes the edge stack and the provider's default sample rate", () => {
    expectPasses(EDGE09LbLogging, scope());
    expect(run(EDGE09LbLogging, scope())).toEqual([`${BACKEND}: pass`]);
    const defaultRate = mutate(
      EDGE,
      (j) => delete one(j, "google_compute_backend_service").log_config.sample_rate,
    );
    expectPasses(EDGE09LbLogging, scope(defaultRate));
    expect(run(EDGE09LbLogging, scope(defaultRate))).toEqual([`${BACKEND}: pass`]);
  });
  it("reads sample_rate = null as the provider's default 1.0", () => {
    const json = mutate(
      EDGE,
      (j) => (one(j, "google_compute_backend_service").log_config.sample_rate = null),
    );
    expectPasses(EDGE09LbLogging, scope(json));
  });
  it("fails logging off or sampled", () => {
    const off = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").log_config);
    expectFails(EDGE09LbLogging, scope(off), BACKEND);
    expect(messageOf(EDGE09LbLogging, off)).toContain("logging is off");
    const sampled = mutate(
      EDGE,
      (j) => (one(j, "google_compute_backend_service").log_config.sample_rate = 0.5),
    );
    expectFails(EDGE09LbLogging, scope(sampled), BACKEND);
    expect(messageOf(EDGE09LbLogging, sampled)).toContain("only a 0.5 sample of requests is logged");
  });
  it("fails log_config.enable = null and log_config = null (unset: logging off)", () => {
    const enableNull = mutate(
      EDGE,
      (j) => (one(j, "google_compute_backend_service").log_config.enable = null),
    );
    expectFails(EDGE09LbLogging, scope(enableNull), BACKEND);
    const configNull = mutate(EDGE, (j) => (one(j, "google_compute_backend_service").log_config = null));
    expectFails(EDGE09LbLogging, scope(configNull), BACKEND);
  });
});
