import type { Control } from "../../control";
import { AUDIT_FLAG_CONTROLS } from "./audit-flags";
import { sqlBackupsAndPitr } from "./backups";
import { sqlCmek } from "./cmek";
import { sqlDeletionProtection } from "./deletion-protection";
import { sqlIamAuthentication } from "./iam-authentication";
import { sqlPrivateIpOnly } from "./private-ip";
import { sqlSslRequired } from "./ssl-required";

/** SQL family. */
export const SQL_CONTROLS: readonly Control[] = [
  sqlPrivateIpOnly,
  sqlSslRequired,
  sqlCmek,
  sqlDeletionProtection,
  sqlBackupsAndPitr,
  sqlIamAuthentication,
  ...AUDIT_FLAG_CONTROLS,
];
