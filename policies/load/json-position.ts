/**
 * Where a malformed JSON text goes wrong, as line and column. V8's own messages give a position for some
 * errors and a clipped snippet for others, so this scanner walks the grammar once (only on the error path).
 */
export function jsonErrorPosition(
  text: string,
): { line: number; column: number; offset: number } | undefined {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const expect = (s: string) => (text.startsWith(s, at) ? (at += s.length) : fail());
  const string = () => {
    expect('"');
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) fail();
      at += text[at] === "\\" ? 2 : 1;
    }
    expect('"');
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      at++;
      space();
      if (text[at] === close) return void at++;
      for (;;) {
        if (c === "{") {
          space();
          string();
          space();
          expect(":");
        }
        value();
        space();
        if (text[at] === ",") at++;
        else return void expect(close);
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
    if (!literal) fail();
    at += literal![0].length;
  };
  try {
    value();
    space();
    if (at < text.length) fail();
    return undefined;
  } catch (offset) {
    const before = text.slice(0, offset as number);
    return {
      line: before.split("\n").length,
      column: (offset as number) - before.lastIndexOf("\n"),
      offset: offset as number,
    };
  }
}
