import { NET_CASES } from "./cases/net";
import { agreementSuite } from "./support";

agreementSuite("NET", NET_CASES);
