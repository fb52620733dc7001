import type { Control } from "../../control";
import { STO01UniformAccess } from "./STO-01-uniform-access";
import { STO02PublicAccessPrevention } from "./STO-02-public-access-prevention";
import { STO03NoPublicBuckets } from "./STO-03-no-public-buckets";
import { STO04ObjectRecovery } from "./STO-04-object-recovery";
import { STO05NoPublicDatasets } from "./STO-05-no-public-datasets";
import { STO06UsageLogs } from "./STO-06-usage-logs";

/** STO family. */
export const STO_CONTROLS: readonly Control[] = [
  STO01UniformAccess,
  STO02PublicAccessPrevention,
  STO03NoPublicBuckets,
  STO04ObjectRecovery,
  STO05NoPublicDatasets,
  STO06UsageLogs,
];
