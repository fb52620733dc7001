import { MON10SccFindingsAlerts } from "../../../policies/controls/mon/MON-10-scc-findings-alerts";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { editBaseline } from "../../support/baseline-text";
import { environmentScope } from "../../support/environment";
import { type Attributes, configFromYaml, synthBaseline } from "../../support/synth";
import { type Stacks, baselineScope, resources } from "./fixture";

let enabled: Stacks | undefined;
/** The prod environment with SCC findings routing enabled (synthesized once), after `change`. */
function withScc(change: (stacks: Stacks) => void = () => {}) {
  if (!enabled) {
    const { text } = editBaseline(
      "  applicationLogRetentionDays: 30",
      "  applicationLogRetentionDays: 30\n  securityCommandCenter:\n    enabled: true",
    );
    const all = synthBaseline(configFromYaml(text));
    enabled = Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith("prod-")));
  }
  const stacks = structuredClone(enabled);
  change(stacks);
  return environmentScope(stacks, "prod");
}
const one = (stacks: Stacks, type: string): [string, Attributes] =>
  Object.entries(resources(stacks, type))[0];
const sccPolicy = (stacks: Stacks) =>
  Object.entries(resources(stacks, "google_monitoring_alert_policy")).find(([name]) =>
    name.startsWith("scc-findings_alert"),
  )!;
const CONFIG = "google_scc_v2_project_notification_config";

describe("MON-10 Security Command Center findings reach the alert channels", () => {
  test("not applicable where not configured (staging: organization level, off by default)", () => {
    expect(MON10SccFindingsAlerts.evaluate(baselineScope(undefined, "staging")).map((r) => r.status)).toEqual(
      ["not-applicable"],
    );
  });

  test("passes on the baseline's prod, which enables it", () => {
    expectPasses(MON10SccFindingsAlerts, baselineScope());
  });

  test("enabled: config, topic and a notifying alert policy on the topic pass", () => {
    const [result] = expectPasses(MON10SccFindingsAlerts, withScc());
    expect(result.message).toMatch(
      /^google_scc_v2_project_notification_config\.scc-findings_notification_\w+: findings reach google_pubsub_topic\.scc-findings_topic_\w+; google_monitoring_alert_policy\.scc-findings_alert_\w+ notifies on each$/,
    );
  });

  test("without the alert policy, or with no channel on it, the route is incomplete", () => {
    let address = "";
    const removed = withScc((stacks) => {
      address = `${CONFIG}.${one(stacks, CONFIG)[0]}`;
      delete resources(stacks, "google_monitoring_alert_policy")[sccPolicy(stacks)[0]];
    });
    const [failure] = expectFails(MON10SccFindingsAlerts, removed, address);
    expect(failure.message).toMatch(
      /but no enabled alert policy on the published messages of google_pubsub_topic\./,
    );
    const silent = withScc((stacks) => delete sccPolicy(stacks)[1].notification_channels);
    expect(expectFails(MON10SccFindingsAlerts, silent, address)[0].message).toMatch(
      /has no notification channel$/,
    );
  });

  test("a topic that is not declared, or no streaming filter, fails", () => {
    let address = "";
    const external = withScc((stacks) => {
      const [name, config] = one(stacks, CONFIG);
      address = `${CONFIG}.${name}`;
      config.pubsub_topic = "projects/elsewhere/topics/findings";
    });
    expect(expectFails(MON10SccFindingsAlerts, external, address)[0].message).toMatch(
      /pubsub_topic is not a Pub\/Sub topic declared in this configuration$/,
    );
    const unfiltered = withScc((stacks) => (one(stacks, CONFIG)[1].streaming_config = {}));
    expect(expectFails(MON10SccFindingsAlerts, unfiltered, address)[0].message).toMatch(
      /no streaming_config\.filter/,
    );
  });
});
