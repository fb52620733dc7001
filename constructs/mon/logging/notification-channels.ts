import { Construct } from "constructs";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import type { MonitoringConfig } from "../../../config/sections/monitoring";

export interface NotificationChannelsProps {
  readonly project: string;
  readonly channels: MonitoringConfig["notificationChannels"];
}

/** Cloud Monitoring notification channels from the configuration (e-mail): where security alerts go. */
export class NotificationChannels extends Construct {
  readonly channels: MonitoringNotificationChannel[];

  constructor(scope: Construct, id: string, props: NotificationChannelsProps) {
    super(scope, id);
    if (props.channels.length === 0)
      throw new Error("NotificationChannels: at least one channel is required");
    this.channels = props.channels.map(
      (channel, i) =>
        new MonitoringNotificationChannel(this, `channel-${i}`, {
          project: props.project,
          displayName: `Security alerts: ${channel.address}`,
          type: channel.type,
          labels: { email_address: channel.address },
        }),
    );
  }

  get ids(): string[] {
    return this.channels.map((channel) => channel.id);
  }
}
