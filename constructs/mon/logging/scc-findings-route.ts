import { Construct } from "constructs";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { PubsubSubscription } from "@cdktf/provider-google/lib/pubsub-subscription";
import { PubsubTopic } from "@cdktf/provider-google/lib/pubsub-topic";
import { SccV2ProjectNotificationConfig } from "@cdktf/provider-google/lib/scc-v2-project-notification-config";

/** Active, unmuted findings of high or critical severity: what should wake someone. */
export const DEFAULT_SCC_FINDINGS_FILTER =
  'state="ACTIVE" AND NOT mute="MUTED" AND (severity="HIGH" OR severity="CRITICAL")';

export interface SccFindingsRouteProps {
  readonly project: string;
  /** Prefix of the topic and subscription names (`acme-prod`). */
  readonly namePrefix: string;
  /** Security Command Center findings query; DEFAULT_SCC_FINDINGS_FILTER by default. */
  readonly findingsFilter?: string;
  /** Notification channel ids; at least one. */
  readonly notificationChannels: readonly string[];
}

/**
 * Security Command Center findings to the alert channels, with Google's resources only: a project-level SCC
 * notification config streams matching findings to a Pub/Sub topic (SCC grants its service agent publisher
 * on the topic when the config is created), a pull subscription keeps each finding 7 days for triage, and an
 * alert policy on the topic's published-message count notifies the channels as soon as one arrives. Needs
 * SCC activated for the project (organization level) and, for the deployer, roles/securitycenter.
 * notificationConfigEditor on the project plus permission to set the topic's IAM policy.
 */
export class SccFindingsRoute extends Construct {
  readonly topic: PubsubTopic;
  readonly subscription: PubsubSubscription;
  readonly notificationConfig: SccV2ProjectNotificationConfig;
  readonly policy: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: SccFindingsRouteProps) {
    super(scope, id);
    if (props.notificationChannels.length === 0) {
      throw new Error("SccFindingsRoute: at least one notification channel is required");
    }
    this.topic = new PubsubTopic(this, "topic", {
      project: props.project,
      name: `${props.namePrefix}-scc-findings`,
    });
    this.subscription = new PubsubSubscription(this, "triage", {
      project: props.project,
      name: `${props.namePrefix}-scc-findings-triage`,
      topic: this.topic.id,
      messageRetentionDuration: "604800s",
      ackDeadlineSeconds: 60,
      expirationPolicy: { ttl: "" },
    });
    this.notificationConfig = new SccV2ProjectNotificationConfig(this, "notification", {
      project: props.project,
      location: "global",
      configId: `${props.namePrefix}-findings-to-alerts`,
      description: "Streams active high and critical findings to the alert topic",
      pubsubTopic: this.topic.id,
      streamingConfig: { filter: props.findingsFilter ?? DEFAULT_SCC_FINDINGS_FILTER },
    });
    const title = "Security Command Center finding";
    this.policy = new MonitoringAlertPolicy(this, "alert", {
      project: props.project,
      displayName: title,
      combiner: "OR",
      severity: "CRITICAL",
      notificationChannels: [...props.notificationChannels],
      documentation: {
        mimeType: "text/markdown",
        subject: title,
        content:
          "Security Command Center published a finding matching the notification filter. Read it in Security " +
          `Command Center (Findings) or pull it from the subscription ${props.namePrefix}-scc-findings-triage.`,
      },
      alertStrategy: { autoClose: "1800s" },
      dependsOn: [this.notificationConfig],
      conditions: [
        {
          displayName: `${title}: any published`,
          conditionThreshold: {
            filter:
              'metric.type="pubsub.googleapis.com/topic/send_message_operation_count" AND ' +
              `resource.type="pubsub_topic" AND resource.label.topic_id="${this.topic.name}"`,
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: "0s",
            aggregations: [
              { alignmentPeriod: "60s", perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM" },
            ],
            trigger: { count: 1 },
          },
        },
      ],
    });
  }
}
