import { z } from "zod";
import { positiveInt, region } from "./common";

const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
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
  /** Self link or id of an existing managed instance group. */
  instanceGroup: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  healthCheckPath: z.string().startsWith("/"),
});

export const edgeSection = z.strictObject({
  enabled: z.boolean(),
  domains: z
    .array(domain)
    .min(1)
    .refine((domains) => new Set(domains).size === domains.length, { message: "domains must be unique" }),
  backend: z.discriminatedUnion("type", [cloudRunBackend, instanceGroupBackend]),
  /** RESTRICTED (default) or MODERN; both with minimum TLS 1.2. */
  sslProfile: z.enum(["RESTRICTED", "MODERN"]),
  waf: z.strictObject({
    /** OWASP CRS sensitivity (paranoia) level 1-4; higher blocks more and risks false positives. */
    sensitivity: z.number().int().min(1).max(4),
  }),
  rateLimits: z.strictObject({
    perIp: z.strictObject({
      requestsPerMinute: positiveInt,
      banDurationSeconds: positiveInt,
    }),
    perHeader: z.strictObject({
      header: z.string().regex(/^[A-Za-z0-9-]+$/, { message: "expected an HTTP header name" }),
      requestsPerMinute: positiveInt,
      banDurationSeconds: positiveInt,
    }),
  }),
  maxRequestBodyBytes: positiveInt,
  blockedUserAgents: z
    .array(z.string().min(1))
    .refine((agents) => new Set(agents.map((a) => a.toLowerCase())).size === agents.length, {
      message: "blockedUserAgents must not contain duplicates",
    }),
  contentSecurityPolicy: z.string().min(1),
  verboseLogging: z.boolean(),
});
export type EdgeConfig = z.infer<typeof edgeSection>;
