import { CATALOGUE } from "../../policies/controls";
import { CMP_CASES } from "./cases/cmp";
import { EDGE_CASES } from "./cases/edge";
import { ENC_CASES } from "./cases/enc";
import { IAM_CASES } from "./cases/iam";
import { MON_SEC_CASES } from "./cases/mon-sec";
import { NET_CASES } from "./cases/net";
import { SQL_CASES } from "./cases/sql";
import { STO_CASES } from "./cases/sto";

const CASES = [
  ...NET_CASES,
  ...EDGE_CASES,
  ...ENC_CASES,
  ...CMP_CASES,
  ...MON_SEC_CASES,
  ...STO_CASES,
  ...SQL_CASES,
  ...IAM_CASES,
];
const key = (controlId: string, peer: string) => `${controlId} ~ ${peer}`;

describe("the agreement suite covers every public reference", () => {
  const covered = new Set(CASES.map((c) => key(c.control.id, c.peer)));
  const referenced = CATALOGUE.flatMap((control) =>
    [...control.references.checkov, ...control.references.trivy].map((peer) => key(control.id, peer)),
  );

  test("every checkov and trivy id a control names has its agreement case", () => {
    expect(referenced.filter((ref) => !covered.has(ref))).toEqual([]);
  });

  test("every case is about an id its control names, once", () => {
    expect(CASES.map((c) => key(c.control.id, c.peer)).filter((k) => !referenced.includes(k))).toEqual([]);
    const keys = CASES.map((c) => key(c.control.id, c.peer));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test("the suite's size: references, agreements and deliberate differences", () => {
    const checkov = CASES.filter((c) => c.peer.startsWith("CKV"));
    const differences = CASES.flatMap((c) => c.differences ?? []);
    expect({
      pairs: CASES.length,
      checkov: checkov.length,
      trivy: CASES.length - checkov.length,
      agreements: CASES.length * 2,
      differences: differences.length,
      stricter: differences.filter((d) => d.peer === "pass").length,
    }).toMatchSnapshot();
  });
});
