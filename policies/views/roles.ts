/** Basic (primitive) roles: each spans every service of the project. */
export const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

/** Roles that let the holder act as any service account of the project. */
export const IMPERSONATION_ROLES = [
  "roles/iam.serviceAccountUser",
  "roles/iam.serviceAccountTokenCreator",
  "roles/iam.serviceAccountOpenIdTokenCreator",
  "roles/iam.workloadIdentityUser",
  // Mint a key for, or grant oneself a role on, any service account of the project.
  "roles/iam.serviceAccountKeyAdmin",
  "roles/iam.serviceAccountAdmin",
];

/** Roles that give root on every VM of the project (sudo through OS Login). */
const ROOT_ON_VMS = ["roles/compute.osAdminLogin"];

/**
 * Privileged roles: owner and editor, every predefined administrator role (`...Admin`, `....admin`: they
 * change IAM, keys, networks or data protection; `.v1` versions included), OS Login administrator login
 * (root on VMs) and the impersonation roles. Custom roles cannot be judged by
 * name and are not counted.
 */
export function isPrivilegedRole(role: string): boolean {
  if (!role.startsWith("roles/")) return false;
  return (
    ["roles/owner", "roles/editor"].includes(role) ||
    // Versioned predefined roles (`roles/compute.instanceAdmin.v1`) are administrator roles too.
    /(Admin|\.admin)(\.v\d+)?$/.test(role) ||
    ROOT_ON_VMS.includes(role) ||
    IMPERSONATION_ROLES.includes(role)
  );
}

/** IAM levels whose grants reach every resource of a project (or more). */
export const PROJECT_AND_ABOVE = ["google_project", "google_folder", "google_organization"];
