import { z } from "zod";
import { parseCidr } from "../../lib/cidr";

export const region = z
  .string()
  .regex(/^[a-z]+-[a-z]+[0-9]+$/, { message: "expected a GCP region such as europe-west2" });

export const cidr = z.string().refine((value) => parseCidr(value) !== undefined, {
  message: "expected an IPv4 CIDR block with no host bits set, such as 10.0.0.0/20",
});

/** GCP project IDs: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter. */
export const projectId = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
  message: "expected a GCP project ID: 6-30 lowercase letters, digits or hyphens, starting with a letter",
});

export const projectNumber = z
  .string()
  .regex(/^[0-9]{6,20}$/, { message: "expected a GCP project number (digits only, as a quoted string)" });

/** Principals as IAM writes them: user:, group:, serviceAccount: or domain: followed by an identity. */
export const iamMember = z.string().regex(/^(user|group|serviceAccount|domain):[^\s]+$/, {
  message: "expected an IAM member such as group:platform-admins@example.com",
});

export const positiveInt = z.number().int().positive();
