import type { Control } from "../../control";
import { AUDIT_FLAG_CONTROLS } from "./audit-flags";
import { SQL01PrivateIp } from "./SQL-01-private-ip";
import { SQL02SslRequired } from "./SQL-02-ssl-required";
import { SQL03Cmek } from "./SQL-03-cmek";
import { SQL04DeletionProtection } from "./SQL-04-deletion-protection";
import { SQL05Backups } from "./SQL-05-backups";
import { SQL06IamAuthentication } from "./SQL-06-iam-authentication";

/** SQL family. */
export const SQL_CONTROLS: readonly Control[] = [
  SQL01PrivateIp,
  SQL02SslRequired,
  SQL03Cmek,
  SQL04DeletionProtection,
  SQL05Backups,
  SQL06IamAuthentication,
  ...AUDIT_FLAG_CONTROLS,
];
