import type { Control } from "../../control";
import { auditDevice } from "./audit-device";
import { internalOnly } from "./internal-only";
import { listenerTls } from "./listener-tls";
import { raftDiskCmek } from "./raft-disk-cmek";
import { raftDiskStateful } from "./raft-disk-stateful";
import { raftQuorum } from "./raft-quorum";
import { secretCmek } from "./secret-cmek";
import { secretPayloadsOutOfState } from "./secret-payloads";
import { sealDeclaredKey } from "./seal-declared-key";
import { sealKeyExclusive } from "./seal-key-exclusive";
import { sealKeyStrength } from "./seal-key-strength";

/** SEC family: Vault and secrets. */
export const SEC_CONTROLS: readonly Control[] = [
  sealDeclaredKey,
  sealKeyStrength,
  sealKeyExclusive,
  raftQuorum,
  raftDiskCmek,
  internalOnly,
  listenerTls,
  auditDevice,
  raftDiskStateful,
  secretPayloadsOutOfState,
  secretCmek,
];
