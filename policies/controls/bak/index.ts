import type { Control } from "../../control";
import { BAK01GeoSeparation } from "./BAK-01-geo-separation";
import { BAK02Retention } from "./BAK-02-retention";
import { BAK03LockedInProduction } from "./BAK-03-locked-in-production";
import { BAK04DiskSnapshots } from "./BAK-04-disk-snapshots";
import { BAK05BackupKeys } from "./BAK-05-backup-keys";
import { BAK06VaultRetention } from "./BAK-06-vault-retention";
import { BAK07BackupPathPerStore } from "./BAK-07-backup-path-per-store";
import { BAK08CopyKeysInCopyRegion } from "./BAK-08-copy-keys-in-copy-region";
import { BAK09BucketWrittenByJob } from "./BAK-09-bucket-written-by-job";
import { BAK10RetentionAfterSourceDeletion } from "./BAK-10-retention-after-source-deletion";
import { BAK11RestoreDrill } from "./BAK-11-restore-drill";

/** BAK family. */
export const BAK_CONTROLS: readonly Control[] = [
  BAK01GeoSeparation,
  BAK02Retention,
  BAK03LockedInProduction,
  BAK04DiskSnapshots,
  BAK05BackupKeys,
  BAK06VaultRetention,
  BAK07BackupPathPerStore,
  BAK08CopyKeysInCopyRegion,
  BAK09BucketWrittenByJob,
  BAK10RetentionAfterSourceDeletion,
  BAK11RestoreDrill,
];
