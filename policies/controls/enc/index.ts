import type { Control } from "../../control";
import { cmekBuckets } from "./cmek-buckets";
import { cmekDisks } from "./cmek-disks";
import { cmekLogBuckets } from "./cmek-log-buckets";
import { cmekSql } from "./cmek-sql";
import { cryptoRolesOnKeysOnly } from "./crypto-roles-on-keys-only";
import { cryptoRolesToServiceAccounts } from "./crypto-roles-to-service-accounts";
import { keyLocationMatchesData } from "./key-location";
import { keyPreventDestroy } from "./key-prevent-destroy";
import { keyRotation } from "./key-rotation";
import { noPublicKeys } from "./no-public-keys";
import { symmetricKeys } from "./symmetric-keys";

/** ENC family. */
export const ENC_CONTROLS: readonly Control[] = [
  symmetricKeys,
  keyRotation,
  keyPreventDestroy,
  noPublicKeys,
  cmekDisks,
  cmekBuckets,
  cmekSql,
  cmekLogBuckets,
  keyLocationMatchesData,
  cryptoRolesOnKeysOnly,
  cryptoRolesToServiceAccounts,
];
