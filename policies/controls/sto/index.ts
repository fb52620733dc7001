import type { Control } from "../../control";
import { noPublicBuckets } from "./no-public-buckets";
import { objectRecovery } from "./object-recovery";
import { publicAccessPrevention } from "./public-access-prevention";
import { uniformAccess } from "./uniform-access";

/** STO family. */
export const STO_CONTROLS: readonly Control[] = [
  uniformAccess,
  publicAccessPrevention,
  noPublicBuckets,
  objectRecovery,
];
