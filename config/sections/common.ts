import { z } from "zod";
import { parseCidr } from "../../lib/cidr";

/*
 * Documentation lives in the schema and docs/configuration.md is generated from it (config/reference.ts).
 * `.describe(text)` is the rule of one field; `.meta({ typeName, typeRule })` names a reusable value type and
 * the rule every use of it follows. Neither changes validation or messages.
 */

export const region = z
  .string()
  .regex(/^[a-z]+-[a-z]+[0-9]+$/, { message: "expected a GCP region such as europe-west2" })
  .meta({ typeName: "region" });

export const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, {
    message: "expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/20",
  })
  .meta({ typeName: "CIDR", typeRule: "valid IPv4 CIDR, no host bits set" });

/** GCP project IDs: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter. */
export const projectId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
    message: "expected a GCP project ID: 6-30 lowercase letters, digits or hyphens, starting with a letter",
  })
  .meta({
    typeName: "project ID",
    typeRule: "GCP format: 6-30 lowercase letters, digits or hyphens, starting with a letter",
  });

export const projectNumber = z
  .string()
  .regex(/^[0-9]{6,20}$/, { message: "expected a GCP project number (digits only, as a quoted string)" })
  .meta({ typeName: "quoted digits", typeRule: "6-20 digits, quoted so that YAML reads a string" });

/** Principals as IAM writes them: user:, group:, serviceAccount: or domain: followed by an identity. */
export const iamMember = z
  .string()
  .regex(/^(user|group|serviceAccount|domain):[^\s]+$/, {
    message: "expected an IAM member such as group:platform-admins@example.com",
  })
  .meta({
    typeName: "IAM member",
    typeRule: "`user:`, `group:`, `serviceAccount:` or `domain:` and an identity",
  });

export const positiveInt = z.number().int().positive();
