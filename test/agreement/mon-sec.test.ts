import { MON_SEC_CASES } from "./cases/mon-sec";
import { agreementSuite } from "./support";

agreementSuite("MON and SEC", MON_SEC_CASES);
