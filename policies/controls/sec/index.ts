import type { Control } from "../../control";
import { SEC01SealDeclaredKey } from "./SEC-01-seal-declared-key";
import { SEC02SealKeyStrength } from "./SEC-02-seal-key-strength";
import { SEC03SealKeyExclusive } from "./SEC-03-seal-key-exclusive";
import { SEC04RaftQuorum } from "./SEC-04-raft-quorum";
import { SEC05RaftDiskCmek } from "./SEC-05-raft-disk-cmek";
import { SEC06InternalOnly } from "./SEC-06-internal-only";
import { SEC07ListenerTls } from "./SEC-07-listener-tls";
import { SEC08AuditDevice } from "./SEC-08-audit-device";
import { SEC09RaftDiskStateful } from "./SEC-09-raft-disk-stateful";
import { SEC10SecretPayloads } from "./SEC-10-secret-payloads";
import { SEC11SecretCmek } from "./SEC-11-secret-cmek";
import { SEC12NodeAddressStable } from "./SEC-12-node-address-stable";

/** SEC family: Vault and secrets. */
export const SEC_CONTROLS: readonly Control[] = [
  SEC01SealDeclaredKey,
  SEC02SealKeyStrength,
  SEC03SealKeyExclusive,
  SEC04RaftQuorum,
  SEC05RaftDiskCmek,
  SEC06InternalOnly,
  SEC07ListenerTls,
  SEC08AuditDevice,
  SEC09RaftDiskStateful,
  SEC10SecretPayloads,
  SEC11SecretCmek,
  SEC12NodeAddressStable,
];
