import { IAM01NoBasicRoles } from "../../../policies/controls/iam/IAM-01-no-basic-roles";
import { IAM05NoPrivilegedServiceAccounts } from "../../../policies/controls/iam/IAM-05-no-privileged-service-accounts";
import { IAM06NoProjectImpersonation } from "../../../policies/controls/iam/IAM-06-no-project-impersonation";
import { IAM07NoDefaultServiceAccountRoles } from "../../../policies/controls/iam/IAM-07-no-default-service-account-roles";
import { tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

type Level = "project" | "folder" | "organization";
const PARENT: Record<Level, Record<string, string>> = {
  project: { project: "acme-prod" },
  folder: { folder: "folders/123" },
  organization: { org_id: "456" },
};
/** One `google_<level>_iam_member.m` granting `role` to `member`. */
const grant = (level: Level, role: string, member: string) =>
  tf({ [`google_${level}_iam_member`]: { m: { ...PARENT[level], role, member } } });
const address = (level: Level) => `google_${level}_iam_member.m`;

const WORKLOAD = "serviceAccount:app@acme-prod.iam.gserviceaccount.com";
const AGENT = "serviceAccount:service-123456789012@gcp-sa-cloudkms.iam.gserviceaccount.com";
const DEFAULT = "serviceAccount:123456789012-compute@developer.gserviceaccount.com";
const PERSON = "user:alice@example.com";

const basicRoles = (peer: string, level: Level): PeerCase => ({
  peer,
  control: IAM01NoBasicRoles,
  tests: `a google_${level}_iam_member or _binding fails with roles/owner, roles/editor or roles/viewer`,
  passes: grant(level, "roles/browser", PERSON),
  fails: grant(level, "roles/viewer", PERSON),
  address: address(level),
});

const impersonation = (peer: string, level: Level, checkov: boolean): PeerCase => ({
  peer,
  control: IAM06NoProjectImpersonation,
  tests: checkov
    ? `a google_${level}_iam_member or _binding fails with owner, editor, an IAM or resource-manager admin, ` +
      "Service Account User or Token Creator, Workload Identity User, or a Dataproc or Dataflow role"
    : `a ${level}-level role grant fails with Service Account User or Service Account Token Creator`,
  passes: grant(level, "roles/logging.viewer", PERSON),
  fails: grant(level, "roles/iam.serviceAccountTokenCreator", PERSON),
  address: address(level),
  differences: [
    checkov
      ? {
          case: "roles/owner (basic roles are IAM-01's)",
          json: grant(level, "roles/owner", PERSON),
          peer: "fail",
          ours: "pass",
          address: "project",
        }
      : {
          case: "Service Account Key Admin (mints a key for any service account)",
          json: grant(level, "roles/iam.serviceAccountKeyAdmin", PERSON),
          peer: "pass",
          ours: "fail",
          address: address(level),
        },
  ],
});

const defaultAccount = (peer: string, level: Level, checkov: boolean): PeerCase => ({
  peer,
  control: IAM07NoDefaultServiceAccountRoles,
  tests: `a ${level}-level grant to a -compute@developer or @appspot account fails, whatever the role`,
  passes: grant(level, "roles/logging.logWriter", WORKLOAD),
  fails: grant(level, "roles/logging.logWriter", DEFAULT),
  address: address(level),
  differences: checkov
    ? [
        {
          case: "the default account named through data.google_compute_default_service_account",
          json: tf(
            {
              [`google_${level}_iam_member`]: {
                m: {
                  ...PARENT[level],
                  role: "roles/logging.logWriter",
                  member: "serviceAccount:${data.google_compute_default_service_account.d.email}",
                },
              },
            },
            { google_compute_default_service_account: { d: {} } },
          ),
          peer: "pass",
          ours: "fail",
          address: address(level),
        },
      ]
    : [],
});

export const IAM_CASES: readonly PeerCase[] = [
  {
    ...basicRoles("CKV_GCP_117", "project"),
    differences: [
      {
        case: "roles/owner in an authoritative google_project_iam_policy",
        json: tf({
          google_project_iam_policy: {
            p: {
              project: "acme-prod",
              policy_data: JSON.stringify({ bindings: [{ role: "roles/owner", members: [PERSON] }] }),
            },
          },
        }),
        peer: "pass",
        ours: "fail",
        address: "google_project_iam_policy.p",
      },
    ],
  },
  basicRoles("CKV_GCP_116", "folder"),
  basicRoles("CKV_GCP_115", "organization"),
  {
    peer: "CKV_GCP_42",
    control: IAM05NoPrivilegedServiceAccounts,
    tests:
      "a google_project_iam_member fails when the member is an *@*.iam.gserviceaccount.com account and the role " +
      "contains Admin, admin, editor or owner",
    passes: grant("project", "roles/logging.logWriter", WORKLOAD),
    fails: grant("project", "roles/editor", WORKLOAD),
    address: address("project"),
    differences: [
      {
        case: "a Google service agent with an admin role",
        json: grant("project", "roles/cloudkms.admin", AGENT),
        peer: "fail",
        ours: "pass",
        address: "project",
      },
      {
        case: "a workload account with Service Account User on the project (it can act as every account)",
        json: grant("project", "roles/iam.serviceAccountUser", WORKLOAD),
        peer: "pass",
        ours: "fail",
        address: address("project"),
      },
    ],
  },
  {
    peer: "AVD-GCP-0007",
    control: IAM05NoPrivilegedServiceAccounts,
    tests: "a grant to a serviceAccount: member fails when the role is owner, editor or ends in admin",
    passes: grant("project", "roles/logging.logWriter", WORKLOAD),
    fails: grant("project", "roles/owner", WORKLOAD),
    address: address("project"),
    differences: [
      {
        case: "a Google service agent with an admin role",
        json: grant("project", "roles/cloudkms.admin", AGENT),
        peer: "fail",
        ours: "pass",
        address: "project",
      },
    ],
  },
  {
    peer: "CKV_GCP_41",
    control: IAM06NoProjectImpersonation,
    tests: "a google_project_iam_member or _binding fails with Service Account User or Token Creator",
    passes: grant("project", "roles/logging.viewer", PERSON),
    fails: grant("project", "roles/iam.serviceAccountUser", PERSON),
    address: address("project"),
    differences: [
      {
        case: "Service Account OpenID Connect Identity Token Creator on the project",
        json: grant("project", "roles/iam.serviceAccountOpenIdTokenCreator", PERSON),
        peer: "pass",
        ours: "fail",
        address: address("project"),
      },
    ],
  },
  impersonation("CKV_GCP_49", "project", true),
  impersonation("CKV_GCP_44", "folder", true),
  impersonation("CKV_GCP_45", "organization", true),
  impersonation("AVD-GCP-0011", "project", false),
  impersonation("AVD-GCP-0005", "folder", false),
  impersonation("AVD-GCP-0009", "organization", false),
  defaultAccount("CKV_GCP_46", "project", true),
  defaultAccount("CKV_GCP_48", "folder", true),
  defaultAccount("CKV_GCP_47", "organization", true),
  defaultAccount("AVD-GCP-0006", "project", false),
  defaultAccount("AVD-GCP-0004", "folder", false),
  defaultAccount("AVD-GCP-0008", "organization", false),
];
