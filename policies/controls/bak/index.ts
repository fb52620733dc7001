import type { Control } from "../../control";
import { backupKeysInBackupRegion } from "./backup-keys";
import { statefulDisksHaveSnapshots } from "./disk-snapshots";
import { backupsOutsidePrimaryRegion } from "./geo-separation";
import { backupsLockedInProduction } from "./locked-in-production";
import { backupRetention } from "./retention";
import { vaultEnforcedRetention } from "./vault-retention";

/** BAK family. */
export const BAK_CONTROLS: readonly Control[] = [
  backupsOutsidePrimaryRegion,
  backupRetention,
  backupsLockedInProduction,
  statefulDisksHaveSnapshots,
  backupKeysInBackupRegion,
  vaultEnforcedRetention,
];
