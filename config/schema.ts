import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../lib/cidr";
import { projectId, projectNumber, region } from "./sections/common";
import { backupsSection } from "./sections/backups";
import { databaseSection } from "./sections/database";
import { edgeSection } from "./sections/edge";
import { kmsSection } from "./sections/kms";
import { monitoringSection } from "./sections/monitoring";
import { adminAccessSection, networkSection } from "./sections/network";
import { vaultSection } from "./sections/vault";

/**
 * Component sections: set once at the top level of baseline.yaml, and overridable field by field inside an
 * environment (a shallow merge: an environment's `backups: { lock: true }` replaces only `lock`).
 */
export const COMPONENT_SECTIONS = {
  kms: kmsSection,
  edge: edgeSection,
  vault: vaultSection,
  monitoring: monitoringSection,
  backups: backupsSection,
  database: databaseSection,
} as const;
export type ComponentName = keyof typeof COMPONENT_SECTIONS;

const overrides = (section: ComponentName) =>
  `overrides single fields of the top-level \`${section}\` section in this environment (a shallow merge)`;
const sectionOverrides = {
  kms: kmsSection.partial().optional().describe(overrides("kms")),
  edge: edgeSection.partial().optional().describe(overrides("edge")),
  vault: vaultSection.partial().optional().describe(overrides("vault")),
  monitoring: monitoringSection.partial().optional().describe(overrides("monitoring")),
  backups: backupsSection.partial().optional().describe(overrides("backups")),
  database: databaseSection.partial().optional().describe(overrides("database")),
};

const orgPolicies = z
  .boolean()
  .optional()
  .describe(
    "whether the baseline sets its organization policies on this project (default true). Setting them needs " +
      "Organization Policy Administrator (`roles/orgpolicy.policyAdmin`) on the organization; false leaves " +
      "them to the organization's administrators, and IAM-03, IAM-08 and EDGE-11 then fail (the checker cannot " +
      "see inherited policies) until waived with a reason. The state project goes without them only when every " +
      "environment sets false",
  );

const environmentSection = z
  .strictObject({
    production: z
      .boolean()
      .describe(
        "whether this is a production environment: production asks more (locked backup retention, locked audit " +
          "logs); it is put on every labelled resource as `environment-tier`, which the checker reads. Required: " +
          "never guessed from the name",
      ),
    projectId: projectId.describe("the environment's own project"),
    projectNumber: projectNumber.describe(
      "org policies are set on `projects/<number>`; service agents are `service-<number>@…`",
    ),
    primaryRegion: region.describe("where the environment's resources live; must be one of `allowedRegions`"),
    backupRegion: region.describe(
      "where backups and their keys live: must differ from `primaryRegion` (geo-separation) and be one of `allowedRegions`",
    ),
    allowedRegions: z
      .array(region)
      .min(1)
      .describe(
        "data residency: every located resource must sit in one of these; enforced by the " +
          "`gcp.resourceLocations` org policy and the RES controls",
      ),
    orgPolicies,
    network: networkSection,
    adminAccess: adminAccessSection,
    ...sectionOverrides,
  })
  .superRefine((env, ctx) => {
    if (env.backupRegion === env.primaryRegion) {
      ctx.addIssue({
        code: "custom",
        path: ["backupRegion"],
        input: env.backupRegion,
        message: `backupRegion must differ from primaryRegion (expected a region other than ${env.primaryRegion})`,
      });
    }
    for (const key of ["primaryRegion", "backupRegion"] as const) {
      if (!env.allowedRegions.includes(env[key])) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: env[key],
          message: `${key} must be one of allowedRegions (expected one of ${env.allowedRegions.join(", ")})`,
        });
      }
    }
    const ranges = [
      ...Object.entries(env.network.subnets).map(([role, text]) => ({
        path: ["network", "subnets", role],
        text,
      })),
      { path: ["network", "privateServicesRange"], text: env.network.privateServicesRange },
    ];
    ranges.forEach((a, i) => {
      for (const b of ranges.slice(i + 1)) {
        const [ca, cb] = [parseCidr(a.text), parseCidr(b.text)];
        if (ca && cb && cidrsOverlap(ca, cb)) {
          ctx.addIssue({
            code: "custom",
            path: [...b.path],
            input: b.text,
            message: `CIDR overlaps ${a.path.join(".")} (${a.text}); expected a range disjoint from every other subnet`,
          });
        }
      }
    });
  });

const baselineFileFields = z.strictObject({
  organization: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,11}$/, {
      message: "expected 2-12 lowercase letters or digits, starting with a letter",
    })
    .describe(
      "2-12 lowercase letters or digits, starting with a letter; prefixes every resource name (`acme-prod-vpc`)",
    ),
  labels: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, { message: "expected a GCP label key" }),
      z.string().regex(/^[a-z0-9_-]{0,63}$/, { message: "expected a GCP label value" }),
    )
    .describe(
      "put on every labelled resource; GCP label keys (a lowercase letter, then up to 62 lowercase letters, " +
        "digits, `_` or `-`) and values (up to 63 of those)",
    ),
  /** Where Terraform state lives: the bootstrap stack creates the bucket and its key here. */
  stateBackend: z.strictObject({
    projectId: projectId.describe("the project that holds Terraform state"),
    projectNumber: projectNumber.describe(
      "names the project's Cloud Storage service agent, which gets the state key",
    ),
    region: region.describe("where the state bucket and its key ring live"),
  }),
  ...COMPONENT_SECTIONS,
  environments: z
    .record(
      z.string().regex(/^[a-z][a-z0-9]{1,15}$/, { message: "expected an environment name such as prod" }),
      environmentSection,
    )
    .refine((envs) => Object.keys(envs).length > 0, { message: "expected at least one environment" })
    .describe(
      "at least one; names are 2-16 lowercase letters or digits, starting with a letter, and prefix the " +
        "environment's stacks (`prod-network`)",
    ),
});

/**
 * The file, with the rules that read an environment together with the top-level defaults it inherits:
 * `backups.secondaryRegion` may be a default or an environment's override, judged per environment and reported
 * where it was written.
 */
export const baselineFileSchema = baselineFileFields.superRefine((file, ctx) => {
  for (const [name, env] of Object.entries(file.environments)) {
    const own = env.backups?.secondaryRegion;
    const secondary = own ?? file.backups.secondaryRegion;
    if (secondary === undefined) continue;
    const path =
      own !== undefined
        ? ["environments", name, "backups", "secondaryRegion"]
        : ["backups", "secondaryRegion"];
    const clash = (["primaryRegion", "backupRegion"] as const).filter((key) => env[key] === secondary);
    if (clash.length > 0) {
      ctx.addIssue({
        code: "custom",
        path,
        input: secondary,
        message:
          `secondaryRegion must differ from environment ${name}'s ${clash.join(" and ")} (expected a region ` +
          `other than ${env.primaryRegion} and ${env.backupRegion}: the second copy must survive the loss of both)`,
      });
    } else if (!env.allowedRegions.includes(secondary)) {
      ctx.addIssue({
        code: "custom",
        path,
        input: secondary,
        message:
          `secondaryRegion must be one of environment ${name}'s allowedRegions (expected one of ` +
          `${env.allowedRegions.join(", ")})`,
      });
    }
  }
});
export type BaselineFile = z.infer<typeof baselineFileSchema>;

type EnvironmentFile = z.infer<typeof environmentSection>;
type Components = { [K in ComponentName]: z.infer<(typeof COMPONENT_SECTIONS)[K]> };

/** One environment with every component section resolved (top-level defaults merged with overrides). */
export type EnvironmentConfig = Omit<EnvironmentFile, ComponentName> &
  Components & {
    name: string;
    organization: string;
    labels: Record<string, string>;
  };

export interface Config {
  /** The file the configuration came from, as given (used in messages). */
  source: string;
  organization: string;
  labels: Record<string, string>;
  stateBackend: BaselineFile["stateBackend"];
  environments: EnvironmentConfig[];
}
