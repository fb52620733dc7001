import { createHash } from "node:crypto";
import {
  EvaluationError,
  equal,
  isObjectValue,
  isResidual,
  toBool,
  toNumber,
  type ObjectValue,
  type Value,
} from "./value";

/**
 * A Terraform function that gives the same result for the same arguments at plan time. `opaque`: a value
 * known only after apply inside a collection argument is carried along (concat, merge, lookup, length), not
 * a reason to give up.
 */
export interface Fn {
  call(args: Value[]): Value;
  readonly opaque?: boolean;
}

const fn = (call: (args: Value[]) => Value): Fn => ({ call });
const opaque = (call: (args: Value[]) => Value): Fn => ({ call, opaque: true });

function arity(args: readonly Value[], min: number, max = min): void {
  if (args.length < min || args.length > max)
    throw new EvaluationError(`expected ${min === max ? min : `${min} to ${max}`} arguments`);
}

export function str(value: Value): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new EvaluationError("expected a string");
}

function list(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  throw new EvaluationError("expected a list");
}

function object(value: Value): ObjectValue {
  if (isObjectValue(value)) return value;
  throw new EvaluationError("expected a map or object");
}

function int(value: Value): number {
  const n = toNumber(value);
  if (!Number.isInteger(n)) throw new EvaluationError("expected a whole number");
  return n;
}

/** Sets of strings iterate in lexical order in Terraform; other sets keep their first-seen order here. */
function toSet(items: readonly Value[]): Value[] {
  const unique: Value[] = [];
  for (const item of items) if (!unique.some((u) => equal(u, item))) unique.push(item);
  return unique.every((u) => typeof u === "string") ? [...unique].sort() : unique;
}

/** Terraform's jsonencode: object keys sorted, as cty orders attributes. */
export function jsonEncode(value: Value): string {
  if (isResidual(value)) throw new EvaluationError("unknown value");
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(",")}]`;
  if (isObjectValue(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jsonEncode(value[k])}`)
      .join(",")}}`;
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function jsonDecode(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    throw new EvaluationError("invalid JSON");
  }
}

/** Go's fmt verbs as Terraform's format() implements them: %s %d %f %t %v %q %x %o %b %e and %%. */
function format(spec: string, args: readonly Value[]): string {
  let next = 0;
  return spec.replace(
    /%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?(\[\d+\])?([a-zA-Z%])/g,
    (
      whole,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      at: string | undefined,
      verb: string,
    ) => {
      if (verb === "%") return "%";
      if (at) next = Number(at.slice(1, -1)) - 1;
      if (next >= args.length) throw new EvaluationError(`format: too few arguments for ${whole}`);
      const arg = args[next++];
      let out: string;
      switch (verb) {
        case "s":
          out = str(arg);
          break;
        case "d":
          out = String(int(arg));
          break;
        case "f":
          out = toNumber(arg).toFixed(precision === undefined ? 6 : Number(precision));
          break;
        case "e":
          out = toNumber(arg).toExponential(precision === undefined ? 6 : Number(precision));
          break;
        case "t":
          out = String(toBool(arg));
          break;
        case "v":
          out =
            typeof arg === "string" || typeof arg === "number" || typeof arg === "boolean"
              ? String(arg)
              : jsonEncode(arg);
          break;
        case "q":
          out = JSON.stringify(str(arg));
          break;
        case "x":
          out = typeof arg === "string" ? Buffer.from(arg).toString("hex") : int(arg).toString(16);
          break;
        case "X":
          out = (
            typeof arg === "string" ? Buffer.from(arg).toString("hex") : int(arg).toString(16)
          ).toUpperCase();
          break;
        case "o":
          out = int(arg).toString(8);
          break;
        case "b":
          out = int(arg).toString(2);
          break;
        default:
          throw new EvaluationError(`format: unsupported verb %${verb}`);
      }
      if (flags.includes("+") && typeof arg === "number" && arg >= 0 && "dfe".includes(verb)) out = `+${out}`;
      const w = width === undefined || width === "*" ? 0 : Number(width);
      if (w > 10_000) throw new EvaluationError("format: width above 10000");
      if (out.length < w) {
        if (flags.includes("-")) out = out.padEnd(w);
        else if (flags.includes("0") && "dfe".includes(verb)) {
          const sign = /^[-+]/.test(out) ? out[0] : "";
          out = sign + out.slice(sign.length).padStart(w - sign.length, "0");
        } else out = out.padStart(w);
      }
      return out;
    },
  );
}

// ---- IP addresses (IPv4 and IPv6) ----

interface Prefix {
  readonly address: bigint;
  readonly bits: number;
  readonly length: number;
}

function parsePrefix(text: string): Prefix {
  const [ip, len] = text.split("/");
  const parsed = parseIp(ip);
  const length = Number(len);
  if (len === undefined || !Number.isInteger(length) || length < 0 || length > parsed.bits)
    throw new EvaluationError(`invalid CIDR prefix ${text}`);
  return { ...parsed, length };
}

function parseIp(text: string): { address: bigint; bits: number } {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    const octets = text.split(".").map(Number);
    if (octets.some((o) => o > 255)) throw new EvaluationError(`invalid address ${text}`);
    return { address: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), bits: 32 };
  }
  if (text.includes(":")) {
    const [head, tail = ""] = text.split("::");
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const h = groups(head);
    const t = groups(tail);
    const all = text.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
    if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))
      throw new EvaluationError(`invalid address ${text}`);
    return { address: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  throw new EvaluationError(`invalid address ${text}`);
}

function formatIp(address: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
  );
  // The longest run of zero groups (two or more) is written ::, as Go's net.IP does.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLength).join(":")}`;
}

function network(prefix: Prefix): bigint {
  const hostBits = BigInt(prefix.bits - prefix.length);
  return (prefix.address >> hostBits) << hostBits;
}

function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parsePrefix(prefix);
  const length = p.length + newbits;
  if (newbits < 0 || length > p.bits || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits))
    throw new EvaluationError("cidrsubnet: the subnet does not fit");
  const address = network(p) | (BigInt(netnum) << BigInt(p.bits - length));
  return `${formatIp(address, p.bits)}/${length}`;
}

function cidrHost(prefix: string, hostnum: number): string {
  const p = parsePrefix(prefix);
  const size = 1n << BigInt(p.bits - p.length);
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new EvaluationError("cidrhost: the host number is out of range");
  return formatIp(network(p) + n, p.bits);
}

/** An RE2 pattern as a JavaScript one (named groups are written `(?P<name>...)` in RE2). */
function re2(pattern: string, flags = ""): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, "(?<"), flags);
  } catch {
    throw new EvaluationError("regex: invalid pattern");
  }
}

/** What Terraform's regex returns: the match, the list of groups, or the map of named groups. */
function regexResult(match: RegExpMatchArray): Value {
  if (match.groups) return { ...match.groups } as ObjectValue;
  if (match.length > 1) return match.slice(1).map((g) => g ?? null);
  return match[0];
}

function flatten(items: readonly Value[]): Value[] {
  return items.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

const hash = (algorithm: string) => fn(([s]) => createHash(algorithm).update(str(s)).digest("hex"));

/** The pure functions Terraform configurations for Google Cloud commonly use. */
export const FUNCTIONS: Readonly<Record<string, Fn>> = {
  // numbers
  abs: fn(([n]) => Math.abs(toNumber(n))),
  ceil: fn(([n]) => Math.ceil(toNumber(n))),
  floor: fn(([n]) => Math.floor(toNumber(n))),
  max: fn((args) => Math.max(...flatten(args).map(toNumber))),
  min: fn((args) => Math.min(...flatten(args).map(toNumber))),
  pow: fn(([a, b]) => toNumber(a) ** toNumber(b)),
  signum: fn(([n]) => Math.sign(toNumber(n))),
  parseint: fn(([s, base]) => {
    const n = parseInt(str(s), int(base));
    if (Number.isNaN(n)) throw new EvaluationError("parseint: not a number");
    return n;
  }),
  // strings
  chomp: fn(([s]) => str(s).replace(/(\r?\n)+$/, "")),
  endswith: fn(([s, suffix]) => str(s).endsWith(str(suffix))),
  startswith: fn(([s, prefix]) => str(s).startsWith(str(prefix))),
  strcontains: fn(([s, part]) => str(s).includes(str(part))),
  format: fn(([spec, ...args]) => format(str(spec), args)),
  formatlist: fn(([spec, ...args]) => {
    const length = args.find(Array.isArray)?.length ?? 1;
    return Array.from({ length }, (_, i) =>
      format(
        str(spec),
        args.map((a) => (Array.isArray(a) ? a[i] : a)),
      ),
    );
  }),
  indent: fn(([n, s]) => {
    if (int(n) > 1_000) throw new EvaluationError("indent: more than 1000 spaces");
    return str(s).replace(/\n/g, `\n${" ".repeat(int(n))}`);
  }),
  join: fn(([sep, ...lists]) => flatten(lists.map(list)).map(str).join(str(sep))),
  lower: fn(([s]) => str(s).toLowerCase()),
  upper: fn(([s]) => str(s).toUpperCase()),
  title: fn(([s]) => str(s).replace(/\b\w/g, (c) => c.toUpperCase())),
  replace: fn(([s, search, replacement]) => {
    const pattern = str(search);
    const match = /^\/(.*)\/$/s.exec(pattern);
    if (match)
      return str(s).replace(new RegExp(match[1], "g"), str(replacement).replace(/\$\{(\w+)\}/g, "$<$1>"));
    return str(s).split(pattern).join(str(replacement));
  }),
  regex: fn(([pattern, s]) => {
    const match = re2(str(pattern)).exec(str(s));
    if (!match) throw new EvaluationError("regex: no match");
    return regexResult(match);
  }),
  regexall: fn(([pattern, s]) => [...str(s).matchAll(re2(str(pattern), "g"))].map(regexResult)),
  split: fn(([sep, s]) => (str(s) === "" ? [""] : str(s).split(str(sep)))),
  strrev: fn(([s]) => [...str(s)].reverse().join("")),
  substr: fn(([s, offset, length]) => {
    const chars = [...str(s)];
    const start = int(offset) < 0 ? chars.length + int(offset) : int(offset);
    const n = int(length) < 0 ? chars.length - start : int(length);
    return chars.slice(start, start + n).join("");
  }),
  trim: fn(([s, cut]) => {
    const set = new Set(str(cut));
    const chars = [...str(s)];
    let a = 0;
    let b = chars.length;
    while (a < b && set.has(chars[a])) a++;
    while (b > a && set.has(chars[b - 1])) b--;
    return chars.slice(a, b).join("");
  }),
  trimprefix: fn(([s, prefix]) =>
    str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s),
  ),
  trimsuffix: fn(([s, suffix]) =>
    str(suffix) !== "" && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
  ),
  trimspace: fn(([s]) => str(s).trim()),
  // collections
  alltrue: fn(([l]) => list(l).every(toBool)),
  anytrue: fn(([l]) => list(l).some(toBool)),
  chunklist: fn(([l, size]) => {
    const n = int(size);
    const items = list(l);
    if (n === 0) return [items];
    return Array.from({ length: Math.ceil(items.length / n) }, (_, i) => items.slice(i * n, i * n + n));
  }),
  coalesce: fn((args) => {
    const found = args.find((a) => a !== null && a !== "");
    if (found === undefined) throw new EvaluationError("coalesce: no non-null argument");
    return found;
  }),
  coalescelist: opaque((args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? []),
  compact: fn(([l]) => list(l).filter((v) => v !== null && v !== "")),
  concat: opaque((args) => args.flatMap(list)),
  contains: fn(([l, v]) => list(l).some((item) => equal(item, v))),
  distinct: fn(([l]) => list(l).filter((v, i, all) => all.findIndex((u) => equal(u, v)) === i)),
  element: opaque(([l, i]) => {
    const items = list(l);
    if (items.length === 0) throw new EvaluationError("element: empty list");
    return items[((int(i) % items.length) + items.length) % items.length];
  }),
  flatten: opaque(([l]) => flatten(list(l))),
  index: fn(([l, v]) => {
    const i = list(l).findIndex((item) => equal(item, v));
    if (i < 0) throw new EvaluationError("index: not in the list");
    return i;
  }),
  keys: opaque(([m]) => Object.keys(object(m)).sort()),
  values: opaque(([m]) => {
    const o = object(m);
    return Object.keys(o)
      .sort()
      .map((k) => o[k]);
  }),
  length: opaque(([v]) => {
    if (typeof v === "string") return [...v].length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(object(v)).length;
  }),
  lookup: opaque((args) => {
    arity(args, 2, 3);
    const [m, key, fallback] = args;
    const o = object(m);
    if (Object.hasOwn(o, str(key))) return o[str(key)];
    if (args.length === 3) return fallback;
    throw new EvaluationError(`lookup: no key ${str(key)}`);
  }),
  merge: opaque((args) => {
    const out: ObjectValue = {};
    for (const arg of args) if (arg !== null) Object.assign(out, object(arg));
    return out;
  }),
  one: opaque(([l]) => {
    const items = list(l);
    if (items.length > 1) throw new EvaluationError("one: more than one item");
    return items[0] ?? null;
  }),
  range: fn((args) => {
    arity(args, 1, 3);
    const [start, end, step] =
      args.length === 1
        ? [0, toNumber(args[0]), 1]
        : [toNumber(args[0]), toNumber(args[1]), toNumber(args[2] ?? 1)];
    if (step === 0) throw new EvaluationError("range: step 0");
    const out: number[] = [];
    for (let n = start; step > 0 ? n < end : n > end; n += step) {
      out.push(n);
      if (out.length > 1024) throw new EvaluationError("range: more than 1024 items");
    }
    return out;
  }),
  reverse: opaque(([l]) => [...list(l)].reverse()),
  setintersection: fn(([first, ...rest]) =>
    toSet(list(first).filter((v) => rest.every((r) => list(r).some((u) => equal(u, v))))),
  ),
  setsubtract: fn(([a, b]) => toSet(list(a).filter((v) => !list(b).some((u) => equal(u, v))))),
  setunion: fn((args) => toSet(args.flatMap(list))),
  slice: opaque(([l, from, to]) => list(l).slice(int(from), int(to))),
  sort: fn(([l]) => list(l).map(str).sort()),
  sum: fn(([l]) => list(l).reduce<number>((acc, v) => acc + toNumber(v), 0)),
  transpose: fn(([m]) => {
    const out: Record<string, string[]> = {};
    for (const [k, vs] of Object.entries(object(m))) for (const v of list(vs)) (out[str(v)] ??= []).push(k);
    return out;
  }),
  zipmap: opaque(([ks, vs]) => {
    const out: ObjectValue = {};
    list(ks).forEach((k, i) => (out[str(k)] = list(vs)[i]));
    return out;
  }),
  // types
  tobool: fn(([v]) => (v === null ? null : toBool(v))),
  tonumber: fn(([v]) => (v === null ? null : toNumber(v))),
  tostring: fn(([v]) => (v === null ? null : str(v))),
  tolist: opaque(([v]) => list(v)),
  toset: fn(([v]) => toSet(list(v))),
  tomap: opaque(([v]) => object(v)),
  sensitive: opaque(([v]) => v),
  nonsensitive: opaque(([v]) => v),
  // encodings and hashes
  jsonencode: fn(([v]) => jsonEncode(v)),
  jsondecode: fn(([s]) => jsonDecode(str(s))),
  base64encode: fn(([s]) => Buffer.from(str(s)).toString("base64")),
  base64decode: fn(([s]) => Buffer.from(str(s), "base64").toString("utf8")),
  urlencode: fn(([s]) => encodeURIComponent(str(s))),
  md5: hash("md5"),
  sha1: hash("sha1"),
  sha256: hash("sha256"),
  sha512: hash("sha512"),
  base64sha256: fn(([s]) => createHash("sha256").update(str(s)).digest("base64")),
  // IP addresses
  cidrsubnet: fn(([prefix, newbits, netnum]) => cidrSubnet(str(prefix), int(newbits), int(netnum))),
  cidrsubnets: fn(([prefix, ...newbits]) => {
    const p = parsePrefix(str(prefix));
    let next = network(p);
    return newbits.map((n) => {
      const length = p.length + int(n);
      if (length > p.bits) throw new EvaluationError("cidrsubnets: the subnet does not fit");
      const size = 1n << BigInt(p.bits - length);
      next = ((next + size - 1n) / size) * size;
      const out = `${formatIp(next, p.bits)}/${length}`;
      next += size;
      return out;
    });
  }),
  cidrhost: fn(([prefix, hostnum]) => cidrHost(str(prefix), int(hostnum))),
  cidrnetmask: fn(([prefix]) => {
    const p = parsePrefix(str(prefix));
    if (p.bits !== 32) throw new EvaluationError("cidrnetmask: IPv4 only");
    return formatIp(((1n << 32n) - 1n) ^ ((1n << BigInt(32 - p.length)) - 1n), 32);
  }),
};

/** For a test: every function name this reader evaluates. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS).concat("try", "can").sort();
