import {
  ZEEK_FORWARDED_LOGS,
  ZEEK_WAZUH_RULES,
  type ZeekWazuhRule,
  renderZeekWazuhRules,
  zeekLocalfiles,
} from "../../../../constructs/mon/zeek/wazuh-rules";
import { xmlProblem } from "../../../support/well-formed-xml";

/**
 * A small reading of Wazuh's rule matching, for the options the rendered file uses, parsed back from the XML
 * (not from the typed rules): an event read by the json decoder at `location` matches the root rule, then the
 * first child (if_sid) whose conditions hold, and so on down; <location> is an OS_Match substring test,
 * <field type="pcre2"> a regular expression on the decoded value (numbers and booleans as their text);
 * frequency rules fire when `frequency` events matched if_matched_sid within `timeframe` from the same
 * <same_field> value. It is not analysisd: the harness has no Wazuh manager binary (wazuh-logtest would be the
 * real proof); it checks what the file says against Zeek's own log lines.
 */
interface ParsedRule {
  id: number;
  level: number;
  parent?: number;
  matchedSid?: number;
  frequency?: number;
  timeframe?: number;
  sameField?: string;
  decodedAs?: string;
  locations: string[];
  fields: [string, RegExp][];
  description: string;
}

function parseRules(xml: string): ParsedRule[] {
  return [...xml.matchAll(/<rule ([^>]*)>([\s\S]*?)<\/rule>/g)].map(([, attrs, body]) => {
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
    const unescape = (s: string) =>
      s
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");
    return {
      id: Number(attr("id")),
      level: Number(attr("level")),
      parent: tag("if_sid") ? Number(tag("if_sid")) : undefined,
      matchedSid: tag("if_matched_sid") ? Number(tag("if_matched_sid")) : undefined,
      frequency: attr("frequency") ? Number(attr("frequency")) : undefined,
      timeframe: attr("timeframe") ? Number(attr("timeframe")) : undefined,
      sameField: tag("same_field"),
      decodedAs: tag("decoded_as"),
      locations: [...body.matchAll(/<location>([^<]*)<\/location>/g)].map((m) => unescape(m[1])),
      fields: [...body.matchAll(/<field name="([^"]+)" type="pcre2">([^<]*)<\/field>/g)].map(
        (m) => [m[1], new RegExp(unescape(m[2]))] as [string, RegExp],
      ),
      description: unescape(tag("description") ?? ""),
    };
  });
}

interface Alert {
  rule: number;
  level: number;
  description: string;
}

/** Wazuh's analysis of a stream of events against the parsed rules. */
class Analysis {
  private readonly history: { rule: number; time: number; event: Record<string, string> }[] = [];
  constructor(private readonly rules: ParsedRule[]) {}

  analyse(location: string, line: string, time = 0): Alert | undefined {
    const event = Object.fromEntries(
      Object.entries(JSON.parse(line) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const holds = (rule: ParsedRule) =>
      (rule.decodedAs === undefined || rule.decodedAs === "json") &&
      rule.locations.every((l) => location.includes(l)) &&
      rule.fields.every(([name, pattern]) => name in event && pattern.test(event[name]));
    let matched = this.rules.find((r) => r.parent === undefined && r.matchedSid === undefined && holds(r));
    for (let child = matched; child;) {
      child = this.rules.find((r) => r.parent === child!.id && holds(r));
      if (child) matched = child;
    }
    if (!matched) return undefined;
    this.history.push({ rule: matched.id, time, event });
    const correlated = this.rules.find(
      (r) =>
        r.matchedSid === matched!.id &&
        this.history.filter(
          (h) =>
            h.rule === matched!.id &&
            time - h.time <= r.timeframe! &&
            h.event[r.sameField!] === event[r.sameField!],
        ).length >= r.frequency!,
    );
    const fired = correlated ?? matched;
    return {
      rule: fired.id,
      level: fired.level,
      description: fired.description.replace(/\$\(([^)]+)\)/g, (_, name: string) => event[name] ?? ""),
    };
  }
}

/** Where an agent's event from a file reads, as analysisd sees it. */
const at = (log: string) => `(acme-prod-zeek-s1) any->/opt/zeek/logs/current/${log}.log`;

/** Lines as Zeek 8 writes them with LogAscii::use_json (flat dotted keys). */
const NOTICE_SSH =
  '{"ts":1764700000.1,"note":"SSH::Password_Guessing","msg":"203.0.113.9 appears to be guessing SSH passwords (seen in 30 connections).","sub":"Sampled servers:  10.20.0.5","src":"203.0.113.9","peer_descr":"zeek","actions":["Notice::ACTION_LOG"],"suppress_for":3600.0}';
const NOTICE_CERT =
  '{"ts":1764700001.2,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.20.0.5","id.orig_p":43210,"id.resp_h":"198.51.100.7","id.resp_p":443,"proto":"tcp","note":"SSL::Invalid_Server_Cert","msg":"SSL certificate validation failed with (self signed certificate)","src":"10.20.0.5","dst":"198.51.100.7","p":443,"actions":["Notice::ACTION_LOG"],"suppress_for":86400.0}';
const WEIRD =
  '{"ts":1764700002.3,"uid":"C4J4Th3PJpwUYZZ6gc","id.orig_h":"203.0.113.20","id.orig_p":5555,"id.resp_h":"10.20.0.5","id.resp_p":80,"name":"bad_HTTP_request","notice":false,"peer":"zeek","source":"HTTP"}';
const INTEL =
  '{"ts":1764700003.4,"uid":"CwjjYJ2WqgTbAqiHl6","id.orig_h":"10.20.0.5","id.orig_p":53211,"id.resp_h":"10.20.0.2","id.resp_p":53,"seen.indicator":"evil.example","seen.indicator_type":"Intel::DOMAIN","seen.where":"DNS::IN_REQUEST","seen.node":"zeek","matched":["Intel::DOMAIN"],"sources":["feed"]}';
const conn = (fields: Record<string, unknown>) =>
  JSON.stringify({
    ts: 1764700004.5,
    uid: "CJ3xTn1c4Zw9TmAE05",
    "id.orig_h": "10.20.0.5",
    "id.orig_p": 40000,
    "id.resp_h": "10.20.1.9",
    "id.resp_p": 5432,
    proto: "tcp",
    conn_state: "SF",
    local_orig: true,
    local_resp: true,
    orig_bytes: 1200,
    resp_bytes: 3400,
    ...fields,
  });

describe("Wazuh rules for Zeek's logs", () => {
  const xml = renderZeekWazuhRules();
  const analysis = () => new Analysis(parseRules(xml));

  test("is well-formed XML with one group of rules, each id in the custom range once", () => {
    expect(xmlProblem(xml)).toBeUndefined();
    const ids = parseRules(xml).map((r) => r.id);
    expect(ids).toEqual(ZEEK_WAZUH_RULES.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id >= 100000 && id <= 120000)).toBe(true);
  });

  test("the sensors ship exactly the logs the rules read, as JSON", () => {
    expect(zeekLocalfiles()).toEqual(
      ZEEK_FORWARDED_LOGS.map((log) => ({
        location: `/opt/zeek/logs/current/${log}.log`,
        logFormat: "json",
      })),
    );
    const read = new Set(ZEEK_WAZUH_RULES.flatMap((r) => (r.log ? [r.log] : [])));
    expect([...read].sort()).toEqual([...ZEEK_FORWARDED_LOGS].sort());
  });

  test("keeps an SSH password-guessing notice at level 10, with Zeek's message", () => {
    expect(analysis().analyse(at("notice"), NOTICE_SSH)).toEqual({
      rule: 100211,
      level: 10,
      description:
        "Zeek: SSH password guessing by 203.0.113.9: 203.0.113.9 appears to be guessing SSH passwords (seen in 30 connections).",
    });
  });

  test("keeps every other notice at level 8, every weird at 4, every intelligence match at 12", () => {
    const a = analysis();
    expect(a.analyse(at("notice"), NOTICE_CERT)).toMatchObject({
      rule: 100210,
      level: 8,
      description:
        "Zeek notice SSL::Invalid_Server_Cert: SSL certificate validation failed with (self signed certificate)",
    });
    expect(a.analyse(at("weird"), WEIRD)).toMatchObject({
      rule: 100230,
      level: 4,
      description: "Zeek weird: bad_HTTP_request (203.0.113.20 -> 10.20.0.5)",
    });
    expect(a.analyse(at("intel"), INTEL)).toMatchObject({ rule: 100220, level: 12 });
  });

  test("drops ordinary connections, keeps 100 MB or more sent outside the local networks at level 7", () => {
    const a = analysis();
    expect(a.analyse(at("conn"), conn({}))).toMatchObject({ rule: 100204, level: 0 });
    const large = { local_resp: false, "id.resp_h": "198.51.100.7", orig_bytes: 250_000_000 };
    expect(a.analyse(at("conn"), conn(large))).toEqual({
      rule: 100242,
      level: 7,
      description: "Zeek: 10.20.0.5 sent 250000000 bytes to 198.51.100.7, outside the local networks",
    });
    // 99,999,999 bytes, or a local destination, is an ordinary connection.
    expect(a.analyse(at("conn"), conn({ ...large, orig_bytes: 99_999_999 }))).toMatchObject({ level: 0 });
    expect(a.analyse(at("conn"), conn({ ...large, local_resp: true }))).toMatchObject({ level: 0 });
  });

  test("keeps 20 unanswered or rejected attempts from one address within a minute at level 8, not 19", () => {
    const a = analysis();
    const attempt = (source: string, port: number, time: number) =>
      a.analyse(
        at("conn"),
        conn({ "id.orig_h": source, "id.resp_p": port, conn_state: port % 2 ? "S0" : "REJ" }),
        time,
      );
    const levels = Array.from({ length: 19 }, (_, i) => attempt("203.0.113.9", 1000 + i, i));
    expect(levels.every((alert) => alert?.level === 0 && alert.rule === 100240)).toBe(true);
    expect(attempt("198.51.100.1", 22, 19)).toMatchObject({ level: 0 });
    expect(attempt("203.0.113.9", 2000, 20)).toEqual({
      rule: 100241,
      level: 8,
      description: "Zeek: 203.0.113.9 made 20 unanswered or rejected connection attempts within 60 s",
    });
  });

  test("reads nothing outside Zeek's log directory", () => {
    expect(analysis().analyse("(vault-1) any->/var/log/vault/audit.log", NOTICE_SSH)).toBeUndefined();
  });

  test("refuses rules analysisd would refuse or could not chain", () => {
    const base: ZeekWazuhRule = { id: 100200, level: 0, description: "root" };
    expect(() => renderZeekWazuhRules([{ ...base, id: 5000 }])).toThrow("outside the custom range");
    expect(() => renderZeekWazuhRules([base, base])).toThrow("declared twice");
    expect(() =>
      renderZeekWazuhRules([base, { id: 100300, level: 3, parent: 100299, description: "x" }]),
    ).toThrow("refines 100299, which is not declared before it");
    expect(() =>
      renderZeekWazuhRules([base, { id: 100300, level: 17, parent: 100200, description: "x" }]),
    ).toThrow("level 17 is not 0-16");
    expect(() => renderZeekWazuhRules([base, { id: 100300, level: 3, description: "x" }])).toThrow(
      "refines nothing",
    );
  });
});
