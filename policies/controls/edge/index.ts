import type { Control } from "../../control";
import { EDGE01CloudArmorAttached } from "./EDGE-01-cloud-armor-attached";
import { EDGE02OwaspWafRules } from "./EDGE-02-owasp-waf-rules";
import { EDGE03RateLimits } from "./EDGE-03-rate-limits";
import { EDGE04AdaptiveProtection } from "./EDGE-04-adaptive-protection";
import { EDGE05RequestValidation } from "./EDGE-05-request-validation";
import { EDGE06TlsPolicy } from "./EDGE-06-tls-policy";
import { EDGE07HttpRedirectOnly } from "./EDGE-07-http-redirect-only";
import { EDGE08SecurityHeaders } from "./EDGE-08-security-headers";
import { EDGE09LbLogging } from "./EDGE-09-lb-logging";
import { EDGE10ManagedCertificates } from "./EDGE-10-managed-certificates";

/** EDGE family. */
export const EDGE_CONTROLS: readonly Control[] = [
  EDGE01CloudArmorAttached,
  EDGE02OwaspWafRules,
  EDGE03RateLimits,
  EDGE04AdaptiveProtection,
  EDGE05RequestValidation,
  EDGE06TlsPolicy,
  EDGE07HttpRedirectOnly,
  EDGE08SecurityHeaders,
  EDGE09LbLogging,
  EDGE10ManagedCertificates,
];
