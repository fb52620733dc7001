import type { Control } from "../../control";
import { MON01AuditConfig } from "./MON-01-audit-config";
import { MON02AuditLogBucket } from "./MON-02-audit-log-bucket";
import { MON03ApplicationLogRetention } from "./MON-03-application-log-retention";
import { MON04WazuhPrivate } from "./MON-04-wazuh-private";
import { MON05MirroringCoverage } from "./MON-05-mirroring-coverage";
import { MON06MirroringCollector } from "./MON-06-mirroring-collector";
import { MON07SecurityAlerts } from "./MON-07-security-alerts";

/** MON family. */
export const MON_CONTROLS: readonly Control[] = [
  MON01AuditConfig,
  MON02AuditLogBucket,
  MON03ApplicationLogRetention,
  MON04WazuhPrivate,
  MON05MirroringCoverage,
  MON06MirroringCollector,
  MON07SecurityAlerts,
];
