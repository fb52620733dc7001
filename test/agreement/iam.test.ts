import { IAM_CASES } from "./cases/iam";
import { agreementSuite } from "./support";

agreementSuite("IAM", IAM_CASES);
