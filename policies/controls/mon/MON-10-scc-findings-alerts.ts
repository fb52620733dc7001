import type { Control, Result } from "../../control";
import type { Resource, Scope } from "../../model/types";
import { blocks, get, list, truthy } from "../../model/values";
import { isSet, presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/** Every kind of Security Command Center notification config (v1 and v2; project, folder, organization). */
const NOTIFICATION_CONFIGS = [
  "google_scc_notification_config",
  "google_scc_project_notification_config",
  "google_scc_folder_notification_config",
  "google_scc_v2_organization_notification_config",
  "google_scc_v2_project_notification_config",
  "google_scc_v2_folder_notification_config",
];
const TOPIC_METRICS = [
  "pubsub.googleapis.com/topic/send_message_operation_count",
  "pubsub.googleapis.com/topic/send_request_count",
];

export const MON10SccFindingsAlerts: Control = {
  id: "MON-10",
  title: "Security Command Center findings reach the alert channels",
  claim:
    "Where the organization has Security Command Center and the environment enables it, findings are streamed " +
    "to a Pub/Sub topic and an enabled alert policy on that topic notifies a person.",
  severity: "medium",
  rationale:
    "SCC findings (public buckets, leaked keys, malware, anomalous IAM grants) help only when someone sees " +
    "them; a notification config whose topic nobody watches is a dead end.",
  remediation:
    "Give each SCC notification config a streaming_config.filter and a declared google_pubsub_topic, and " +
    "declare an enabled google_monitoring_alert_policy with notification channels whose condition filters " +
    'pubsub.googleapis.com/topic/send_message_operation_count on resource.label.topic_id="<the topic>".',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "monitoring.securityCommandCenter.enabled: the monitoring stack's SccFindingsRoute (project-level v2 " +
    "notification config, topic, 7-day triage subscription, alert policy on the topic's published messages).",
  evaluate: (scope) => {
    const configs = NOTIFICATION_CONFIGS.flatMap((type) => scope.ofType(type));
    if (configs.length === 0) {
      return [
        projectVerdict(
          "not-applicable",
          `environment ${scope.environment} declares no Security Command Center notification config ` +
            "(optional: monitoring.securityCommandCenter, organization level)",
        ),
      ];
    }
    return configs.map((config) => judgeConfig(scope, config));
  },
};

function judgeConfig(scope: Scope, config: Resource): Result {
  const filter = get(blocks(config.attributes, "streaming_config")[0], "filter");
  const found = [
    evidence("pubsub_topic", config.attributes.pubsub_topic),
    evidence("streaming_config.filter", filter),
  ];
  if (!isSet(filter))
    return verdict("fail", config, "no streaming_config.filter: no finding is streamed", found);
  const topic = scope
    .references(config, config.attributes.pubsub_topic)
    .find((ref) => ref.resource.type === "google_pubsub_topic")?.resource;
  if (!topic) {
    return verdict(
      "fail",
      config,
      "pubsub_topic is not a Pub/Sub topic declared in this configuration",
      found,
    );
  }
  const alerting = scope.ofType("google_monitoring_alert_policy").filter((policy) => {
    if (truthy(policy.attributes.enabled ?? true) !== true) return false;
    return blocks(policy.attributes, "conditions").some((condition) => {
      const text = blocks(condition, "condition_threshold")[0]?.filter;
      if (typeof text !== "string" || !TOPIC_METRICS.some((metric) => text.includes(`"${metric}"`)))
        return false;
      return scope.references(policy, text).some((ref) => ref.resource === topic);
    });
  });
  const notifying = alerting.filter((p) => list(p.attributes, "notification_channels").length > 0);
  if (notifying.length === 0) {
    const why =
      alerting.length === 0
        ? `no enabled alert policy on the published messages of ${topic.address}`
        : `alert policy ${alerting[0].address} has no notification channel`;
    return verdict("fail", config, `findings reach ${topic.address}, but ${why}`, found);
  }
  const [policy] = notifying;
  const pass = verdict(
    "pass",
    config,
    `findings reach ${topic.address}; ${policy.address} notifies on each`,
    [...found, evidence(`${policy.address}.notification_channels`, policy.attributes.notification_channels)],
  );
  return presenceProven(presenceProven(pass, policy), topic);
}
