import type { Control } from "../../control";
import { SQL01PrivateIp } from "./SQL-01-private-ip";
import { SQL02SslRequired } from "./SQL-02-ssl-required";
import { SQL03Cmek } from "./SQL-03-cmek";
import { SQL04DeletionProtection } from "./SQL-04-deletion-protection";
import { SQL05Backups } from "./SQL-05-backups";
import { SQL06IamAuthentication } from "./SQL-06-iam-authentication";
import { SQL07Pgaudit } from "./SQL-07-pgaudit";
import { SQL08LogConnections } from "./SQL-08-log-connections";
import { SQL09LogDisconnections } from "./SQL-09-log-disconnections";
import { SQL10LogErrorVerbosity } from "./SQL-10-log-error-verbosity";
import { SQL11LogStatement } from "./SQL-11-log-statement";
import { SQL12LogMinMessages } from "./SQL-12-log-min-messages";
import { SQL13LogMinErrorStatement } from "./SQL-13-log-min-error-statement";
import { SQL14LogMinDurationStatement } from "./SQL-14-log-min-duration-statement";
import { SQL15LogCheckpoints } from "./SQL-15-log-checkpoints";
import { SQL16LogLockWaits } from "./SQL-16-log-lock-waits";
import { SQL17LogTempFiles } from "./SQL-17-log-temp-files";

/** SQL family. */
export const SQL_CONTROLS: readonly Control[] = [
  SQL01PrivateIp,
  SQL02SslRequired,
  SQL03Cmek,
  SQL04DeletionProtection,
  SQL05Backups,
  SQL06IamAuthentication,
  SQL07Pgaudit,
  SQL08LogConnections,
  SQL09LogDisconnections,
  SQL10LogErrorVerbosity,
  SQL11LogStatement,
  SQL12LogMinMessages,
  SQL13LogMinErrorStatement,
  SQL14LogMinDurationStatement,
  SQL15LogCheckpoints,
  SQL16LogLockWaits,
  SQL17LogTempFiles,
];
