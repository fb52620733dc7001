import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { HTTP_PROXY_TYPES, targetsOf } from "../../views/load-balancer-targets";

/** URL map attributes that send requests to a backend; a redirect-only map has none. */
const SERVING = ["default_service", "default_route_action", "host_rule", "path_matcher"];

export const EDGE07HttpRedirectOnly: Control = {
  id: "EDGE-07",
  title: "Plain HTTP only redirects to HTTPS",
  claim: "Plain HTTP is never served: port 80 answers with a permanent redirect to HTTPS.",
  severity: "high",
  rationale:
    "Content served over plain HTTP can be read and changed in transit, and the first plain request of a " +
    "visitor is where HSTS cannot help yet; a redirect-only URL map serves nothing.",
  remediation:
    "Give every target HTTP proxy a google_compute_url_map with only default_url_redirect { https_redirect = " +
    "true } (no default_service, host_rule, path_matcher or default_route_action).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "HttpsLoadBalancer's HTTP proxy uses a URL map whose only content is a 301 (MOVED_PERMANENTLY_DEFAULT) to HTTPS.",
  evaluate: (scope) => {
    const urlMapOf = targetsOf(scope, ["google_compute_url_map", "google_compute_region_url_map"]);
    return judgeEach(scope, HTTP_PROXY_TYPES, (proxy) => {
      const value = proxy.attributes.url_map;
      const map = urlMapOf(proxy, value);
      const found = [evidence("url_map", value)];
      if (map === undefined) return verdict("fail", proxy, "no url_map", found);
      if (isUnknown(map)) return verdict("unknown", proxy, `url_map cannot be judged: ${map.reason}`, found);
      const redirect = get(map.attributes, "default_url_redirect.https_redirect");
      const serving = SERVING.filter((attribute) => isSet(map.attributes[attribute]));
      found.push(evidence(`${map.address}.default_url_redirect.https_redirect`, redirect));
      serving.forEach((attribute) =>
        found.push(evidence(`${map.address}.${attribute}`, map.attributes[attribute])),
      );
      if (isUnknown(redirect))
        return verdict("unknown", proxy, `${map.address} is known only after apply`, found);
      const problems = [
        ...(truthy(redirect) === true ? [] : ["default_url_redirect.https_redirect is not true"]),
        ...(serving.length > 0 ? [`it serves content (${serving.join(", ")})`] : []),
      ];
      return problems.length === 0
        ? verdict("pass", proxy, `${map.address} only redirects to HTTPS`, found)
        : verdict("fail", proxy, `${map.address}: ${problems.join("; ")}`, found);
    });
  },
};
