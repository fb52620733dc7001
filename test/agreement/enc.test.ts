import { ENC_CASES } from "./cases/enc";
import { agreementSuite } from "./support";

agreementSuite("ENC", ENC_CASES);
