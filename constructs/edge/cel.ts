/**
 * Small builders for Cloud Armor's rules language (a CEL subset). Cloud Armor caps an expression at five
 * subexpressions and has no documented integer conversion for header values, so sizes are compared with
 * an RE2 pattern instead of a cast.
 */

export const MAX_SUBEXPRESSIONS = 5;

/** A single-quoted string literal; refuses characters that could end the literal early. */
export function quote(text: string): string {
  if (/['\\]/.test(text)) throw new Error(`cannot quote ${JSON.stringify(text)}: it contains ' or \\`);
  return `'${text}'`;
}

/** `request.headers['name']`; Cloud Armor exposes header names in lower case. */
export function header(name: string): string {
  return `request.headers[${quote(name.toLowerCase())}]`;
}

/** Joins conditions with `||`, or `&&`, and checks the result stays within the subexpression limit. */
export function any(conditions: readonly string[]): string {
  return join(conditions, " || ");
}

export function all(conditions: readonly string[]): string {
  return join(conditions, " && ");
}

function join(conditions: readonly string[], operator: string): string {
  if (conditions.length === 0) throw new Error("an expression needs at least one condition");
  const expression = conditions.join(operator);
  const count = subexpressionCount(expression);
  if (count > MAX_SUBEXPRESSIONS) {
    throw new Error(
      `expression has ${count} subexpressions, Cloud Armor allows ${MAX_SUBEXPRESSIONS}: ${expression}`,
    );
  }
  return expression;
}

/** Subexpressions are the operands of `&&` and `||`; operators inside string literals do not count. */
export function subexpressionCount(expression: string): number {
  const outsideLiterals = expression.replace(/'[^']*'|"[^"]*"/g, "''");
  return (outsideLiterals.match(/&&|\|\|/g) ?? []).length + 1;
}

/**
 * An anchored RE2 pattern matching exactly the decimal integers greater than `limit` (leading zeros
 * allowed, as HTTP permits them in Content-Length): longer numbers, or same-length numbers that first
 * differ from `limit` in a larger digit.
 */
export function greaterThanPattern(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new Error(`limit must be a non-negative integer, got ${limit}`);
  const digits = String(limit);
  const longer = `[1-9][0-9]{${digits.length},}`;
  const sameLength = [...digits].flatMap((digit, i) => {
    if (digit === "9") return [];
    const rest = digits.length - i - 1;
    return [`${digits.slice(0, i)}${digitsFrom(Number(digit) + 1)}${anyDigits(rest)}`];
  });
  return `^0*(?:${[longer, ...sameLength].join("|")})$`;
}

function anyDigits(count: number): string {
  return count === 0 ? "" : count === 1 ? "[0-9]" : `[0-9]{${count}}`;
}

function digitsFrom(low: number): string {
  return low === 9 ? "9" : `[${low}-9]`;
}
