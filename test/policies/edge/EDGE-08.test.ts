import { EDGE08SecurityHeaders } from "../../../policies/controls/edge/EDGE-08-security-headers";
import { expectFails, expectPasses, markUnknown, mutate, run } from "../../support/control-fixtures";
import { BACKEND, EDGE, messageOf, one, scope } from "./fixture";

const withHeaders = (change: (headers: string[]) => string[]) =>
  mutate(EDGE, (j) => {
    const service = one(j, "google_compute_backend_service");
    service.custom_response_headers = change(service.custom_response_headers);
  });

describe("EDGE-08 HSTS and security headers on every response", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE08SecurityHeaders, scope());
    expect(run(EDGE08SecurityHeaders, scope())).toEqual([`${BACKEND}: pass`]);
  });
  it.each([
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Referrer-Policy",
  ])("fails when %s is missing, naming it", (name) => {
    const json = withHeaders((headers) => headers.filter((h) => !h.startsWith(`${name}:`)));
    expectFails(EDGE08SecurityHeaders, scope(json), BACKEND);
    expect(messageOf(EDGE08SecurityHeaders, json)).toBe(`fail: ${BACKEND}: ${name} missing`);
  });
  it("fails custom_response_headers = null (unset: no header is added)", () => {
    const json = mutate(
      EDGE,
      (j) => (one(j, "google_compute_backend_service").custom_response_headers = null),
    );
    expectFails(EDGE08SecurityHeaders, scope(json), BACKEND);
    expect(messageOf(EDGE08SecurityHeaders, json)).toContain("Strict-Transport-Security missing");
  });
  it("fails weak values: a short or subdomain-less HSTS, a wildcard CSP, an unsafe referrer policy", () => {
    const replace = (name: string, value: string) =>
      withHeaders((headers) => headers.map((h) => (h.startsWith(`${name}:`) ? `${name}: ${value}` : h)));
    expect(
      messageOf(
        EDGE08SecurityHeaders,
        replace("Strict-Transport-Security", "max-age=300; includeSubDomains"),
      ),
    ).toContain('Strict-Transport-Security is "max-age=300; includeSubDomains"');
    expect(
      run(EDGE08SecurityHeaders, scope(replace("Strict-Transport-Security", "max-age=63072000"))),
    ).toEqual([`${BACKEND}: fail`]);
    expect(run(EDGE08SecurityHeaders, scope(replace("Content-Security-Policy", "default-src *")))).toEqual([
      `${BACKEND}: fail`,
    ]);
    expect(run(EDGE08SecurityHeaders, scope(replace("Referrer-Policy", "unsafe-url")))).toEqual([
      `${BACKEND}: fail`,
    ]);
    expect(run(EDGE08SecurityHeaders, scope(replace("X-Frame-Options", "SAMEORIGIN")))).toEqual([
      `${BACKEND}: pass`,
    ]);
  });
  it("is unknown when the headers are known only after apply", () => {
    expect(run(EDGE08SecurityHeaders, markUnknown(scope(), BACKEND, "custom_response_headers"))).toEqual([
      `${BACKEND}: unknown`,
    ]);
  });
});
