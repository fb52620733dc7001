import type { Control } from "../../control";
import { STATE01Versioning } from "./STATE-01-versioning";
import { STATE02DeletionProtection } from "./STATE-02-deletion-protection";
import { STATE03NoRetention } from "./STATE-03-no-retention";
import { STATE04BucketHardened } from "./STATE-04-bucket-hardened";
import { STATE05AccessAudited } from "./STATE-05-access-audited";

/** STATE family. */
export const STATE_CONTROLS: readonly Control[] = [
  STATE01Versioning,
  STATE02DeletionProtection,
  STATE03NoRetention,
  STATE04BucketHardened,
  STATE05AccessAudited,
];
