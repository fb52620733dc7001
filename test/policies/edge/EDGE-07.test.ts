import { EDGE07HttpRedirectOnly } from "../../../policies/controls/edge/EDGE-07-http-redirect-only";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { EDGE, HTTP_PROXY, findUrlMap, messageOf, one, ref, scope } from "./fixture";

describe("EDGE-07 Plain HTTP only redirects to HTTPS", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE07HttpRedirectOnly, scope());
    expect(run(EDGE07HttpRedirectOnly, scope())).toEqual([`${HTTP_PROXY}: pass`]);
  });
  it("fails an HTTP URL map that serves content instead of redirecting", () => {
    const serving = mutate(EDGE, (j) => {
      const map = findUrlMap(j, "-http-redirect");
      delete map.default_url_redirect;
      map.default_service = ref("google_compute_backend_service");
    });
    expectFails(EDGE07HttpRedirectOnly, scope(serving), HTTP_PROXY);
    expect(messageOf(EDGE07HttpRedirectOnly, serving)).toContain(
      "default_url_redirect.https_redirect is not true; it serves content (default_service)",
    );
    const sharedMap = mutate(
      EDGE,
      (j) =>
        (one(j, "google_compute_target_http_proxy").url_map = one(
          j,
          "google_compute_target_https_proxy",
        ).url_map),
    );
    expect(messageOf(EDGE07HttpRedirectOnly, sharedMap)).toContain(
      "it serves content (host_rule, path_matcher)",
    );
  });
  it("fails a redirect that keeps the scheme", () => {
    const plain = mutate(
      EDGE,
      (j) => (findUrlMap(j, "-http-redirect").default_url_redirect.https_redirect = false),
    );
    expect(run(EDGE07HttpRedirectOnly, scope(plain))).toEqual([`${HTTP_PROXY}: fail`]);
  });
  it("fails https_redirect = null (unset: the redirect keeps plain HTTP)", () => {
    const json = mutate(
      EDGE,
      (j) => (findUrlMap(j, "-http-redirect").default_url_redirect.https_redirect = null),
    );
    expectFails(EDGE07HttpRedirectOnly, scope(json), HTTP_PROXY);
  });
  it("fails a proxy whose url_map is null", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_target_http_proxy").url_map = null));
    expectFails(EDGE07HttpRedirectOnly, scope(json), HTTP_PROXY);
    expect(messageOf(EDGE07HttpRedirectOnly, json)).toContain("no url_map");
  });
  it("reads serving attributes written as null as not set", () => {
    const json = mutate(EDGE, (j) => {
      const map = findUrlMap(j, "-http-redirect");
      map.default_service = null;
      map.path_matcher = null;
    });
    expectPasses(EDGE07HttpRedirectOnly, scope(json));
  });
});
