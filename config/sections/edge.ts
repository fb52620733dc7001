import { z } from "zod";
import { region } from "./common";

/** Cloud Armor accepts 1 to 10,000 requests per interval for a rate_based_ban rule. */
export const MAX_BAN_RULE_REQUESTS = 10_000;
/** 10 rules of 5 user agents each (Cloud Armor allows at most 5 subexpressions per expression). */
export const MAX_BLOCKED_USER_AGENTS = 50;

/** A whole number in a range, with one message for every way it can be wrong (type, fraction, range). */
function wholeNumber(min: number, max?: number, unit?: string) {
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  const message = `expected a whole number ${unit ? `of ${unit} ` : ""}${range}`;
  const base = z.number({ error: message }).int({ error: message }).min(min, { error: message });
  return max === undefined ? base : base.max(max, { error: message });
}

const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "expected a lowercase fully qualified domain name such as app.example.com",
  })
  .meta({ typeName: "FQDN", typeRule: "lowercase" });

const cloudRunBackend = z.strictObject({
  type: z.literal("cloudRun"),
  service: z
    .string()
    .regex(/^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/, {
      message: "expected a Cloud Run service name",
    })
    .describe("name of the Cloud Run service the serverless NEG points at"),
  region: region.optional().describe("region of the service (default: the environment's primary region)"),
});

const instanceGroupBackend = z.strictObject({
  type: z.literal("instanceGroup"),
  instanceGroup: z
    .string()
    .min(1)
    .describe("self link or id of an existing managed instance group that names its serving port `http`"),
  port: wholeNumber(1, 65535).describe("the port the instances serve on"),
  healthCheckPath: z.string().startsWith("/").describe("the path the load balancer's health check requests"),
});

const banRule = {
  requestsPerMinute: wholeNumber(1, MAX_BAN_RULE_REQUESTS, "requests per minute").describe(
    "requests per minute one client may send before it is answered `429`; at twice this rate it is banned",
  ),
  banDurationSeconds: wholeNumber(1, undefined, "seconds").describe("how long a banned client stays banned"),
};

/** Quotes and backslashes would break out of the Cloud Armor expression the agent is written into. */
const userAgent = z
  .string()
  .regex(/^[A-Za-z0-9 ._/()+:;-]+$/, {
    message: "expected a user-agent fragment of letters, digits, spaces and . _ / ( ) + : ; -",
  })
  .meta({ typeRule: "letters, digits, spaces and `. _ / ( ) + : ; -`" });

/** Reports each repeated entry at its own index, naming the entry it repeats. */
function noDuplicates(list: string, normalise: (value: string) => string, note = "") {
  return (values: readonly string[], ctx: z.core.$RefinementCtx<readonly string[]>) => {
    const first = new Map<string, number>();
    values.forEach((value, index) => {
      const earlier = first.get(normalise(value));
      if (earlier === undefined) {
        first.set(normalise(value), index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: [index],
        input: value,
        message: `duplicate of ${list}[${earlier}] ("${values[earlier]}")${note}`,
      });
    });
  };
}

const blockedUserAgents = z
  .array(userAgent)
  .min(1, { message: "expected at least one user agent to block" })
  .max(MAX_BLOCKED_USER_AGENTS, { message: `expected at most ${MAX_BLOCKED_USER_AGENTS} user agents` })
  .superRefine(
    noDuplicates(
      "blockedUserAgents",
      (agent) => agent.toLowerCase(),
      "; user agents are matched case-insensitively",
    ),
  )
  .describe("unique ignoring case; a request whose User-Agent contains one of them is denied");

/**
 * The load balancer reads `{...}` in a custom header as a variable, and a policy without default-src leaves
 * every fetch directive open.
 */
const contentSecurityPolicy = z
  .string()
  .min(1)
  .refine((csp) => !/[{}]/.test(csp), {
    message: "expected no { or } (the load balancer treats them as header variables)",
  })
  .refine((csp) => /(^|;)\s*default-src\s/.test(csp), {
    message: "expected a default-src directive such as default-src 'self'",
  })
  .describe(
    "the Content-Security-Policy header of every response: must contain `default-src`; no `{` or `}`",
  );

export const edgeSection = z.strictObject({
  enabled: z.boolean().describe("deploys the external HTTPS load balancer"),
  domains: z
    .array(domain)
    .min(1)
    .max(100, { message: "expected at most 100 domains (the managed certificate's limit)" })
    .superRefine(noDuplicates("domains", (name) => name))
    .describe("unique; the names the Google-managed certificate covers (its limit is 100)"),
  backend: z
    .discriminatedUnion("type", [cloudRunBackend, instanceGroupBackend])
    .describe("what the load balancer serves"),
  sslProfile: z
    .enum(["RESTRICTED", "MODERN"])
    .describe("the SSL policy profile; both with minimum TLS 1.2 (RESTRICTED offers fewer ciphers)"),
  waf: z.strictObject({
    sensitivity: wholeNumber(1, 4).describe(
      "OWASP CRS sensitivity (paranoia) level; higher blocks more and risks false positives",
    ),
  }),
  rateLimits: z.strictObject({
    perIp: z.strictObject(banRule),
    perHeader: z.strictObject({
      header: z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, { message: "expected an HTTP header name" })
        .describe(
          "an HTTP header name (letters, digits, `-`); requests carrying it are counted per value in preview " +
            "(logged, not enforced: every request is limited per IP)",
        ),
      ...banRule,
    }),
  }),
  maxRequestBodyBytes: wholeNumber(1, undefined, "bytes").describe(
    "requests whose Content-Length exceeds this are denied at the edge",
  ),
  blockedUserAgents,
  contentSecurityPolicy,
  verboseLogging: z.boolean().describe("VERBOSE Cloud Armor logs"),
});
export type EdgeConfig = z.infer<typeof edgeSection>;
