import { xmlProblem } from "../support/well-formed-xml";

describe("the XML well-formedness checker used by the JUnit tests", () => {
  it("accepts well-formed documents", () => {
    expect(
      xmlProblem(
        '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1" y=\'&lt;2&gt;\'><b/><!-- c --><c>&amp;&#38;&#x26;</c></a>\n',
      ),
    ).toBeUndefined();
  });

  it.each([
    ["<a><b></a></b>", "closes"],
    ["<a>", "unclosed"],
    ["<a/><b/>", "second root"],
    ['<a x="1" x="2"/>', "duplicate attribute"],
    ["<a x=1/>", "malformed attributes"],
    ['<a x="<"/>', "malformed attributes"],
    ["<a>fish & chips</a>", "stray"],
    ["<a>&nbsp;</a>", "stray"],
    ["<a>\u0001</a>", "not allowed"],
    ["text<a/>", "outside the root"],
    ["<1a/>", "bad element name"],
    ["", "no root"],
  ])("rejects %j (%s)", (xml, problem) => {
    expect(xmlProblem(xml)).toContain(problem);
  });
});
