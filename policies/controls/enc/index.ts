import type { Control } from "../../control";
import { ENC01SymmetricKeys } from "./ENC-01-symmetric-keys";
import { ENC02KeyRotation } from "./ENC-02-key-rotation";
import { ENC03KeyPreventDestroy } from "./ENC-03-key-prevent-destroy";
import { ENC04NoPublicKeys } from "./ENC-04-no-public-keys";
import { ENC05CmekDisks } from "./ENC-05-cmek-disks";
import { ENC06CmekBuckets } from "./ENC-06-cmek-buckets";
import { ENC07CmekSql } from "./ENC-07-cmek-sql";
import { ENC08CmekLogBuckets } from "./ENC-08-cmek-log-buckets";
import { ENC09KeyLocation } from "./ENC-09-key-location";
import { ENC10CryptoRolesOnKeysOnly } from "./ENC-10-crypto-roles-on-keys-only";
import { ENC11CryptoRolesToServiceAccounts } from "./ENC-11-crypto-roles-to-service-accounts";

/** ENC family. */
export const ENC_CONTROLS: readonly Control[] = [
  ENC01SymmetricKeys,
  ENC02KeyRotation,
  ENC03KeyPreventDestroy,
  ENC04NoPublicKeys,
  ENC05CmekDisks,
  ENC06CmekBuckets,
  ENC07CmekSql,
  ENC08CmekLogBuckets,
  ENC09KeyLocation,
  ENC10CryptoRolesOnKeysOnly,
  ENC11CryptoRolesToServiceAccounts,
];
