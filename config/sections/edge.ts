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

const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  message: "expected a lowercase fully qualified domain name such as app.example.com",
});

const cloudRunBackend = z.strictObject({
  type: z.literal("cloudRun"),
  /** Name of the Cloud Run service the serverless NEG points at. */
  service: z.string().regex(/^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/, {
    message: "expected a Cloud Run service name",
  }),
  /** Region of the service; defaults to the environment's primary region. */
  region: region.optional(),
});

const instanceGroupBackend = z.strictObject({
  type: z.literal("instanceGroup"),
  /** Self link or id of an existing managed instance group that names its serving port "http". */
  instanceGroup: z.string().min(1),
  port: wholeNumber(1, 65535),
  healthCheckPath: z.string().startsWith("/"),
});

const banRule = {
  requestsPerMinute: wholeNumber(1, MAX_BAN_RULE_REQUESTS, "requests per minute"),
  banDurationSeconds: wholeNumber(1, undefined, "seconds"),
};

/** Quotes and backslashes would break out of the Cloud Armor expression the agent is written into. */
const userAgent = z.string().regex(/^[A-Za-z0-9 ._/()+:;-]+$/, {
  message: "expected a user-agent fragment of letters, digits, spaces and . _ / ( ) + : ; -",
});

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
  );

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
  });

export const edgeSection = z.strictObject({
  enabled: z.boolean(),
  domains: z
    .array(domain)
    .min(1)
    .max(100, { message: "expected at most 100 domains (the managed certificate's limit)" })
    .superRefine(noDuplicates("domains", (name) => name)),
  backend: z.discriminatedUnion("type", [cloudRunBackend, instanceGroupBackend]),
  /** RESTRICTED (default) or MODERN; both with minimum TLS 1.2. */
  sslProfile: z.enum(["RESTRICTED", "MODERN"]),
  waf: z.strictObject({
    /** OWASP CRS sensitivity (paranoia) level 1-4; higher blocks more and risks false positives. */
    sensitivity: wholeNumber(1, 4),
  }),
  rateLimits: z.strictObject({
    perIp: z.strictObject(banRule),
    perHeader: z.strictObject({
      header: z.string().regex(/^[A-Za-z0-9-]+$/, { message: "expected an HTTP header name" }),
      ...banRule,
    }),
  }),
  /** Requests whose Content-Length exceeds this are denied at the edge. */
  maxRequestBodyBytes: wholeNumber(1, undefined, "bytes"),
  blockedUserAgents,
  contentSecurityPolicy,
  verboseLogging: z.boolean(),
});
export type EdgeConfig = z.infer<typeof edgeSection>;
