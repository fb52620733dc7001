import { STO_CASES } from "./cases/sto";
import { agreementSuite } from "./support";

agreementSuite("STO and STATE", STO_CASES);
