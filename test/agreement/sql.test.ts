import { SQL_CASES } from "./cases/sql";
import { agreementSuite } from "./support";

agreementSuite("SQL", SQL_CASES);
