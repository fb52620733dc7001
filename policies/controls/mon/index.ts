import type { Control } from "../../control";
import { applicationLogRetention } from "./application-log-retention";
import { auditConfig } from "./audit-config";
import { auditLogBucket } from "./audit-log-bucket";
import { mirroringCollector } from "./mirroring-collector";
import { mirroringCoverage } from "./mirroring-coverage";
import { securityAlerts } from "./security-alerts";
import { wazuhPrivate } from "./wazuh-private";

/** MON family. */
export const MON_CONTROLS: readonly Control[] = [
  auditConfig,
  auditLogBucket,
  applicationLogRetention,
  wazuhPrivate,
  mirroringCoverage,
  mirroringCollector,
  securityAlerts,
];
