import { EDGE_CASES } from "./cases/edge";
import { agreementSuite } from "./support";

agreementSuite("EDGE", EDGE_CASES);
