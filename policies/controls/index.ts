import type { Control } from "../control";
import { BAK_CONTROLS } from "./bak";
import { CMP_CONTROLS } from "./cmp";
import { EDGE_CONTROLS } from "./edge";
import { ENC_CONTROLS } from "./enc";
import { IAM_CONTROLS } from "./iam";
import { MON_CONTROLS } from "./mon";
import { NET_CONTROLS } from "./net";
import { RES_CONTROLS } from "./res";
import { SEC_CONTROLS } from "./sec";
import { SQL_CONTROLS } from "./sql";
import { STATE_CONTROLS } from "./state";
import { STO_CONTROLS } from "./sto";

/** The control catalogue, in report order. */
export const CATALOGUE: readonly Control[] = [
  ...NET_CONTROLS,
  ...EDGE_CONTROLS,
  ...ENC_CONTROLS,
  ...CMP_CONTROLS,
  ...SEC_CONTROLS,
  ...MON_CONTROLS,
  ...BAK_CONTROLS,
  ...STO_CONTROLS,
  ...SQL_CONTROLS,
  ...IAM_CONTROLS,
  ...RES_CONTROLS,
  ...STATE_CONTROLS,
];
