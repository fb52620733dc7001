import { CMP_CASES } from "./cases/cmp";
import { agreementSuite } from "./support";

agreementSuite("CMP", CMP_CASES);
