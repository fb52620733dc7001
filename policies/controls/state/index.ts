import type { Control } from "../../control";
import { stateBucketHardened } from "./state-bucket-hardened";
import { stateDeletionProtection } from "./state-deletion-protection";
import { stateNoRetention } from "./state-no-retention";
import { stateVersioning } from "./state-versioning";

/** STATE family. */
export const STATE_CONTROLS: readonly Control[] = [
  stateVersioning,
  stateDeletionProtection,
  stateNoRetention,
  stateBucketHardened,
];
