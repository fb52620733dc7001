/**
 * A strict check that a text is well-formed XML 1.0 (the subset reports write: declaration, elements,
 * attributes, text, comments, CDATA): one root element, properly nested and closed tags, quoted and unique
 * attributes, no raw `<` or stray `&`, only known or numeric entities, only characters XML allows. Returns
 * the first problem with its offset, or undefined when the document is well-formed.
 */
export function xmlProblem(xml: string): string | undefined {
  const NAME = /^[A-Za-z_:][\w.:-]*$/;
  const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/;
  const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  const invalid = INVALID_CHAR.exec(xml);
  if (invalid)
    return `character U+${invalid[0].codePointAt(0)!.toString(16)} not allowed in XML at ${invalid.index}`;

  const open: string[] = [];
  let roots = 0;
  let at = 0;
  const checkText = (text: string, where: number): string | undefined => {
    for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) {
      if (!ENTITY.test(text.slice(i))) return `stray "&" (not an entity) at ${where + i}`;
    }
    if (text.includes("]]>")) return `"]]>" in text at ${where}`;
    return undefined;
  };

  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) return "unterminated XML declaration";
    if (
      !/^<\?xml version="1\.[01]"( encoding="[\w-]+")?( standalone="(yes|no)")?\s*\?>$/.test(
        xml.slice(0, end + 2),
      )
    )
      return `malformed XML declaration: ${xml.slice(0, end + 2)}`;
    at = end + 2;
  }
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (open.length === 0 && text.trim() !== "") return `text outside the root element at ${at}`;
    const textProblem = checkText(text, at);
    if (textProblem) return textProblem;
    if (lt < 0) break;
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes("--")) return `malformed comment at ${lt}`;
      at = end + 3;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt);
      if (end < 0 || open.length === 0) return `malformed or misplaced CDATA at ${lt}`;
      at = end + 3;
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) return `unterminated tag at ${lt}`;
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trimEnd();
      const expected = open.pop();
      if (name !== expected) return `</${name}> at ${lt} closes ${expected ? `<${expected}>` : "nothing"}`;
      at = gt + 1;
      continue;
    }
    const selfClosing = tag.endsWith("/");
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^[^\s/>]+/.exec(body);
    if (!nameMatch || !NAME.test(nameMatch[0])) return `bad element name at ${lt}: <${tag}>`;
    const attributes = body.slice(nameMatch[0].length);
    const seen = new Set<string>();
    const ATTRIBUTE = /\s+([^\s=]+)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
    let position = 0;
    for (;;) {
      ATTRIBUTE.lastIndex = position;
      const attribute = ATTRIBUTE.exec(attributes);
      if (!attribute) break;
      const [, name, , double, single] = attribute;
      if (!NAME.test(name)) return `bad attribute name "${name}" at ${lt}`;
      if (seen.has(name)) return `duplicate attribute "${name}" at ${lt}`;
      seen.add(name);
      const valueProblem = checkText(double ?? single, lt);
      if (valueProblem) return valueProblem;
      position = ATTRIBUTE.lastIndex;
    }
    if (attributes.slice(position).trim() !== "") return `malformed attributes at ${lt}: <${tag}>`;
    if (open.length === 0 && ++roots > 1) return `a second root element at ${lt}`;
    if (!selfClosing) open.push(nameMatch[0]);
    at = gt + 1;
  }
  if (open.length > 0) return `unclosed <${open[open.length - 1]}>`;
  if (roots === 0) return "no root element";
  return undefined;
}
