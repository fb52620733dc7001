/** One year, the minimum HSTS preload lists and scanners accept. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Blocks plugins, foreign framing and base-tag hijacking; scripts and styles only from the site itself. */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/**
 * Response headers the load balancer adds to every response from the backend, as `Name: value` lines
 * (the backend service's custom_response_headers format).
 */
export function securityHeaders(contentSecurityPolicy: string): string[] {
  return [
    `Strict-Transport-Security: max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    `Content-Security-Policy: ${contentSecurityPolicy}`,
    "Referrer-Policy: strict-origin-when-cross-origin",
  ];
}
