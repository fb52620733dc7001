/**
 * Escapes text for HTML and XML content and double-quoted attribute values. Characters XML 1.0 forbids
 * (control characters other than tab and line breaks, lone surrogates) are replaced by U+FFFD, since a
 * message quoting a garbage input must not make the whole report unparseable.
 */
export function escapeMarkup(value: string): string {
  return (
    value
      // XML 1.0 Char: tab, line breaks, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (a lone surrogate fails too).
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
      .replace(/[&<>"']/g, (c) => ENTITIES[c])
  );
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
