import type { WazuhLocalfile } from "../wazuh/agent";

/** Where zeekctl keeps the logs being written (a link to the spool of the running node). */
export const ZEEK_LOG_DIR = "/opt/zeek/logs/current";

/**
 * The Zeek logs the sensors ship to Wazuh, as JSON: the ones a rule below keeps. The others (dns, http, ssl,
 * files, ...) stay on the sensor for `logRetentionDays`: shipped, every line would count against the agent's
 * event rate limit (500 per second by default) and then be dropped by the manager, no rule keeping it.
 */
export const ZEEK_FORWARDED_LOGS = ["notice", "intel", "weird", "conn"] as const;
export type ZeekLog = (typeof ZEEK_FORWARDED_LOGS)[number];

/** The agent's `<localfile>` entries for the forwarded logs. */
export function zeekLocalfiles(): WazuhLocalfile[] {
  return ZEEK_FORWARDED_LOGS.map((log) => ({ location: zeekLogPath(log), logFormat: "json" }));
}

export function zeekLogPath(log: ZeekLog): string {
  return `${ZEEK_LOG_DIR}/${log}.log`;
}

/** The rules file on the manager (Wazuh loads every etc/rules/*.xml after its own ruleset). */
export const ZEEK_RULES_FILE = "/var/ossec/etc/rules/zeek_rules.xml";

/** A condition on a field the JSON decoder extracted (Zeek's names, e.g. `id.orig_h`): a PCRE2 pattern. */
export type FieldConditions = Readonly<Record<string, string>>;

/** One Wazuh rule for Zeek's events, as the baseline declares it. */
export interface ZeekWazuhRule {
  /** In Wazuh's range for custom rules, 100000-120000. */
  readonly id: number;
  /** 0 decodes and drops (a building block); 3 or more is stored as an alert; 7 or more notifies. */
  readonly level: number;
  /** The rule this one refines (if_sid); the root rule has none. */
  readonly parent?: number;
  /** The log the event came from (the rule's location). */
  readonly log?: ZeekLog;
  readonly fields?: FieldConditions;
  /** `count` matches of `of` within `seconds`, from the same value of `sameField` (frequency rules). */
  readonly correlation?: {
    readonly of: number;
    readonly count: number;
    readonly seconds: number;
    readonly sameField: string;
  };
  readonly description: string;
  readonly mitre?: readonly string[];
}

/** Id of the root rule: every event the json decoder read from a file in ZEEK_LOG_DIR. */
export const ZEEK_ROOT_RULE = 100200;

/**
 * The baseline's Wazuh rules for Zeek. Without them the manager decodes every shipped line (Wazuh's built-in
 * json decoder) and keeps none: no rule of Wazuh's ruleset matches Zeek's JSON. Kept (as alerts, in the
 * indexer): every notice (level 8; SSH password guessing and scans 10), every intelligence match (12), every
 * weird (4), 20 unanswered or rejected connection attempts from one address within a minute (8), and a
 * connection from a local address that sent 100 MB or more to a host outside the local networks (7).
 */
export const ZEEK_WAZUH_RULES: readonly ZeekWazuhRule[] = [
  { id: ZEEK_ROOT_RULE, level: 0, description: "Zeek: event from a sensor" },
  { id: 100201, level: 0, parent: ZEEK_ROOT_RULE, log: "notice", description: "Zeek: notice.log event" },
  { id: 100202, level: 0, parent: ZEEK_ROOT_RULE, log: "intel", description: "Zeek: intel.log event" },
  { id: 100203, level: 0, parent: ZEEK_ROOT_RULE, log: "weird", description: "Zeek: weird.log event" },
  { id: 100204, level: 0, parent: ZEEK_ROOT_RULE, log: "conn", description: "Zeek: conn.log event" },
  {
    id: 100210,
    level: 8,
    parent: 100201,
    fields: { note: ".+" },
    description: "Zeek notice $(note): $(msg)",
  },
  {
    id: 100211,
    level: 10,
    parent: 100210,
    fields: { note: "^SSH::Password_Guessing$" },
    description: "Zeek: SSH password guessing by $(src): $(msg)",
    mitre: ["T1110"],
  },
  {
    id: 100212,
    level: 10,
    parent: 100210,
    fields: { note: "^Scan::(Port|Address)_Scan$" },
    description: "Zeek: $(note) by $(src): $(msg)",
    mitre: ["T1046"],
  },
  {
    id: 100220,
    level: 12,
    parent: 100202,
    fields: { "seen.indicator": ".+" },
    description: "Zeek: intelligence match $(seen.indicator) ($(seen.where)) in traffic of $(id.orig_h)",
  },
  {
    id: 100230,
    level: 4,
    parent: 100203,
    fields: { name: ".+" },
    description: "Zeek weird: $(name) ($(id.orig_h) -> $(id.resp_h))",
  },
  {
    id: 100240,
    level: 0,
    parent: 100204,
    fields: { conn_state: "^(S0|REJ|RSTOS0|RSTRH|SH|SHR)$" },
    description: "Zeek: connection attempt unanswered or rejected ($(conn_state))",
  },
  {
    id: 100241,
    level: 8,
    correlation: { of: 100240, count: 20, seconds: 60, sameField: "id.orig_h" },
    description: "Zeek: $(id.orig_h) made 20 unanswered or rejected connection attempts within 60 s",
    mitre: ["T1046"],
  },
  {
    id: 100242,
    level: 7,
    parent: 100204,
    fields: { local_orig: "^true$", local_resp: "^false$", orig_bytes: "^[0-9]{9,}$" },
    description: "Zeek: $(id.orig_h) sent $(orig_bytes) bytes to $(id.resp_h), outside the local networks",
    mitre: ["T1048"],
  },
];

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The rules file (ZEEK_RULES_FILE) for `rules`: one `<group>` of Wazuh rules. Refuses ids outside the custom
 * range, repeated ids, parents declared later or not at all, and levels outside 0-16 (Wazuh refuses to start
 * on the first three; the order is what Wazuh needs to resolve if_sid).
 */
export function renderZeekWazuhRules(rules: readonly ZeekWazuhRule[] = ZEEK_WAZUH_RULES): string {
  const seen = new Set<number>();
  const lines = [
    "<!-- Zeek's JSON logs, shipped by the Wazuh agent on each sensor. Rendered by gcp-security-baseline",
    "     (constructs/mon/zeek/wazuh-rules.ts); replaced whenever the manager's boot script runs. -->",
    '<group name="zeek,ids,">',
  ];
  for (const rule of rules) {
    if (!Number.isInteger(rule.id) || rule.id < 100000 || rule.id > 120000)
      throw new Error(`Wazuh rule id ${rule.id} is outside the custom range 100000-120000`);
    if (seen.has(rule.id)) throw new Error(`Wazuh rule id ${rule.id} is declared twice`);
    if (!Number.isInteger(rule.level) || rule.level < 0 || rule.level > 16)
      throw new Error(`Wazuh rule ${rule.id}: level ${rule.level} is not 0-16`);
    for (const ref of [rule.parent, rule.correlation?.of]) {
      if (ref !== undefined && !seen.has(ref))
        throw new Error(`Wazuh rule ${rule.id} refines ${ref}, which is not declared before it`);
    }
    if (rule.parent === undefined && rule.correlation === undefined && rule.id !== ZEEK_ROOT_RULE)
      throw new Error(`Wazuh rule ${rule.id} refines nothing: only the root rule reads every JSON event`);
    seen.add(rule.id);
    const c = rule.correlation;
    const frequency = c ? ` frequency="${c.count}" timeframe="${c.seconds}"` : "";
    lines.push(`  <rule id="${rule.id}" level="${rule.level}"${frequency}>`);
    if (rule.id === ZEEK_ROOT_RULE) {
      lines.push("    <decoded_as>json</decoded_as>", `    <location>${escape(ZEEK_LOG_DIR)}/</location>`);
    }
    if (rule.parent !== undefined) lines.push(`    <if_sid>${rule.parent}</if_sid>`);
    if (c)
      lines.push(
        `    <if_matched_sid>${c.of}</if_matched_sid>`,
        `    <same_field>${escape(c.sameField)}</same_field>`,
      );
    if (rule.log) lines.push(`    <location>${escape(zeekLogPath(rule.log))}</location>`);
    for (const [name, pattern] of Object.entries(rule.fields ?? {})) {
      lines.push(`    <field name="${escape(name)}" type="pcre2">${escape(pattern)}</field>`);
    }
    lines.push(`    <description>${escape(rule.description)}</description>`);
    if (rule.mitre)
      lines.push("    <mitre>", ...rule.mitre.map((id) => `      <id>${id}</id>`), "    </mitre>");
    lines.push("  </rule>");
  }
  lines.push("</group>");
  return lines.join("\n");
}
