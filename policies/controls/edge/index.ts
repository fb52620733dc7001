import type { Control } from "../../control";
import { adaptiveProtection } from "./adaptive-protection";
import { cloudArmorAttached } from "./cloud-armor-attached";
import { httpRedirectOnly } from "./http-redirect-only";
import { lbLogging } from "./lb-logging";
import { managedCertificates } from "./managed-certificates";
import { owaspWafRules } from "./owasp-waf-rules";
import { rateLimits } from "./rate-limits";
import { requestValidation } from "./request-validation";
import { securityHeaders } from "./security-headers";
import { tlsPolicy } from "./tls-policy";

/** EDGE family. */
export const EDGE_CONTROLS: readonly Control[] = [
  cloudArmorAttached,
  owaspWafRules,
  rateLimits,
  adaptiveProtection,
  requestValidation,
  tlsPolicy,
  httpRedirectOnly,
  securityHeaders,
  lbLogging,
  managedCertificates,
];
