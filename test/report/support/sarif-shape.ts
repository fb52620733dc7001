/* eslint-disable @typescript-eslint/no-explicit-any -- the log is untyped JSON: the checker walks it freely */
/**
 * The SARIF 2.1.0 properties code scanning relies on, checked structurally (the subset this tool writes, as
 * the OASIS schema defines it). Returns every problem found; an empty list means the log is usable.
 */
export function sarifProblems(log: any): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (v: unknown) => typeof v === "string" && v.trim() !== "";
  const LEVELS = ["none", "note", "warning", "error"];

  need(text(log?.$schema), "$schema is a string");
  need(log?.version === "2.1.0", 'version is "2.1.0"');
  need(Array.isArray(log?.runs) && log.runs.length === 1, "exactly one run");
  const run = log?.runs?.[0];
  need(text(run?.tool?.driver?.name), "run.tool.driver.name");
  const rules = run?.tool?.driver?.rules ?? [];
  need(Array.isArray(rules), "tool.driver.rules is a list");
  const ids = new Set<string>();
  rules.forEach((rule: any, i: number) => {
    const at = `rules[${i}]`;
    need(text(rule.id) && !ids.has(rule.id), `${at}.id is a unique string`);
    ids.add(rule.id);
    for (const field of ["shortDescription", "fullDescription", "help"])
      need(text(rule[field]?.text), `${at}.${field}.text`);
    need(text(rule.help?.markdown), `${at}.help.markdown`);
    need(LEVELS.includes(rule.defaultConfiguration?.level), `${at}.defaultConfiguration.level`);
    need(
      Array.isArray(rule.properties?.tags) && rule.properties.tags.every(text),
      `${at}.properties.tags is a list of strings`,
    );
  });
  need(Array.isArray(run?.results), "run.results is a list");
  (run?.results ?? []).forEach((result: any, i: number) => {
    const at = `results[${i}]`;
    need(ids.has(result.ruleId), `${at}.ruleId names a rule`);
    if (result.ruleIndex !== undefined)
      need(rules[result.ruleIndex]?.id === result.ruleId, `${at}.ruleIndex`);
    need(LEVELS.includes(result.level), `${at}.level`);
    need(text(result.message?.text), `${at}.message.text`);
    need(Array.isArray(result.locations) && result.locations.length > 0, `${at}.locations`);
    (result.locations ?? []).forEach((location: any, j: number) => {
      const where = `${at}.locations[${j}]`;
      const physical = location.physicalLocation;
      need(physical || location.logicalLocations, `${where} has a physical or logical location`);
      if (physical) {
        const uri = physical.artifactLocation?.uri;
        need(
          text(uri) && !/^(\/|[a-z]+:|\\)/i.test(uri) && !uri.includes("\\"),
          `${where} uri is relative: ${uri}`,
        );
        if (physical.region)
          need(
            Number.isInteger(physical.region.startLine) && physical.region.startLine >= 1,
            `${where}.region.startLine`,
          );
      }
      for (const logical of location.logicalLocations ?? [])
        need(text(logical.fullyQualifiedName), `${where}.logicalLocations`);
    });
    for (const s of result.suppressions ?? []) {
      need(["inSource", "external"].includes(s.kind), `${at}.suppressions.kind`);
      need(["accepted", "underReview", "rejected"].includes(s.status), `${at}.suppressions.status`);
    }
    for (const value of Object.values(result.partialFingerprints ?? {}))
      need(text(value), `${at}.partialFingerprints`);
  });
  return problems;
}
