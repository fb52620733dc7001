import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { list } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeExternalBackends } from "../../views/load-balancer-targets";

const ONE_YEAR_SECONDS = 31_536_000;

/** Each required header with the test its value must pass, and what the test asks for. */
const REQUIRED: { name: string; wants: string; ok: (value: string) => boolean }[] = [
  {
    name: "Strict-Transport-Security",
    wants: `max-age of at least ${ONE_YEAR_SECONDS} and includeSubDomains`,
    ok: (v) =>
      Number(/max-age\s*=\s*"?(\d+)/i.exec(v)?.[1] ?? 0) >= ONE_YEAR_SECONDS && /includesubdomains/i.test(v),
  },
  { name: "X-Content-Type-Options", wants: "nosniff", ok: (v) => v.trim().toLowerCase() === "nosniff" },
  { name: "X-Frame-Options", wants: "DENY or SAMEORIGIN", ok: (v) => /^(deny|sameorigin)$/i.test(v.trim()) },
  {
    name: "Content-Security-Policy",
    wants: "a default-src directive other than *",
    ok: (v) => /(^|;)\s*default-src\s+(?!\*(\s|;|$))/i.test(v),
  },
  {
    name: "Referrer-Policy",
    wants: "no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin",
    ok: (v) => /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/i.test(v.trim()),
  },
];

/** `Name: value` lines (the custom_response_headers format) as a case-insensitive map. */
function parse(lines: readonly unknown[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const match = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(String(line));
    if (match) headers.set(match[1].toLowerCase(), match[2]);
  }
  return headers;
}

export const EDGE08SecurityHeaders: Control = {
  id: "EDGE-08",
  title: "HSTS and security headers on every response",
  claim: "HSTS and security headers on every response.",
  severity: "medium",
  rationale:
    "HSTS keeps browsers on HTTPS after the first visit; nosniff, framing, content-security and referrer " +
    "headers close content-type confusion, clickjacking, injected-script and URL-leak paths. Adding them at " +
    "the load balancer covers every response whatever the application does.",
  remediation:
    "Add to custom_response_headers of the google_compute_backend_service: Strict-Transport-Security: " +
    "max-age=31536000; includeSubDomains, X-Content-Type-Options: nosniff, X-Frame-Options: DENY, " +
    "Content-Security-Policy: default-src 'self'; ..., Referrer-Policy: strict-origin-when-cross-origin.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "HttpsLoadBalancer sets the five headers on its backend service; the Content-Security-Policy comes from " +
    "edge.contentSecurityPolicy in baseline.yaml.",
  evaluate: (scope) =>
    judgeExternalBackends(scope, (backend) => {
      const lines = list(backend.attributes, "custom_response_headers");
      const found = [evidence("custom_response_headers", backend.attributes.custom_response_headers)];
      if (isUnknown(backend.attributes.custom_response_headers) || lines.some(isUnknown)) {
        return verdict("unknown", backend, "custom_response_headers are known only after apply", found);
      }
      const headers = parse(lines);
      const problems = REQUIRED.flatMap(({ name, wants, ok }) => {
        const value = headers.get(name.toLowerCase());
        if (value === undefined) return [`${name} missing`];
        return ok(value) ? [] : [`${name} is "${value}" (expected ${wants})`];
      });
      return problems.length === 0
        ? verdict("pass", backend, "HSTS and all security headers are set", found)
        : verdict("fail", backend, problems.join("; "), found);
    }),
};
