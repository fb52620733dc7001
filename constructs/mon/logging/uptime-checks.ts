import { Construct } from "constructs";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { MonitoringUptimeCheckConfig } from "@cdktf/provider-google/lib/monitoring-uptime-check-config";

/** An alert fires when the managed certificate has fewer days than this left (it renews about 30 days ahead). */
export const CERTIFICATE_WARNING_DAYS = 14;

export interface UptimeChecksProps {
  readonly project: string;
  /** The public domains of the edge (the managed certificate's names); one check each. */
  readonly domains: readonly string[];
  /** Path requested on each domain; a 2xx or 3xx answer passes. */
  readonly path?: string;
  /** Notification channel ids; at least one, so a failing domain always reaches someone. */
  readonly notificationChannels: readonly string[];
}

/**
 * An HTTPS uptime check on each public domain, from Google's checkers in every region, with TLS validation
 * (an invalid, expired or mismatched certificate fails the check), and one alert policy per domain that
 * notifies when checks from more than one location fail for a minute or when the certificate is about to
 * expire.
 */
export class UptimeChecks extends Construct {
  readonly checks: MonitoringUptimeCheckConfig[] = [];
  readonly policies: MonitoringAlertPolicy[] = [];

  constructor(scope: Construct, id: string, props: UptimeChecksProps) {
    super(scope, id);
    if (props.notificationChannels.length === 0) {
      throw new Error("UptimeChecks: at least one notification channel is required");
    }
    for (const domain of props.domains) {
      const name = domain.replace(/\./g, "-");
      const check = new MonitoringUptimeCheckConfig(this, `check-${name}`, {
        project: props.project,
        displayName: `HTTPS ${domain}`,
        period: "60s",
        timeout: "10s",
        checkerType: "STATIC_IP_CHECKERS",
        monitoredResource: { type: "uptime_url", labels: { project_id: props.project, host: domain } },
        httpCheck: {
          requestMethod: "GET",
          path: props.path ?? "/",
          port: 443,
          useSsl: true,
          validateSsl: true,
          acceptedResponseStatusCodes: [
            { statusClass: "STATUS_CLASS_2XX" },
            { statusClass: "STATUS_CLASS_3XX" },
          ],
        },
      });
      const ofCheck = (metric: string) =>
        `metric.type="monitoring.googleapis.com/uptime_check/${metric}" AND resource.type="uptime_url" AND ` +
        `metric.label.check_id="${check.uptimeCheckId}"`;
      const title = `${domain} unreachable over HTTPS`;
      this.policies.push(
        new MonitoringAlertPolicy(this, `alert-${name}`, {
          project: props.project,
          displayName: title,
          combiner: "OR",
          severity: "CRITICAL",
          notificationChannels: [...props.notificationChannels],
          documentation: {
            mimeType: "text/markdown",
            subject: title,
            content:
              `Uptime checks of https://${domain}${props.path ?? "/"} fail from more than one location, or its ` +
              `certificate expires within ${CERTIFICATE_WARNING_DAYS} days. Check the load balancer, the ` +
              "backend's health, Cloud Armor's recent denials and the managed certificate's status.",
          },
          alertStrategy: { autoClose: "1800s" },
          conditions: [
            {
              displayName: `${domain}: checks failing from more than one location`,
              conditionThreshold: {
                filter: ofCheck("check_passed"),
                comparison: "COMPARISON_GT",
                thresholdValue: 1,
                duration: "60s",
                aggregations: [
                  {
                    alignmentPeriod: "1200s",
                    perSeriesAligner: "ALIGN_NEXT_OLDER",
                    crossSeriesReducer: "REDUCE_COUNT_FALSE",
                    groupByFields: ["resource.label.*"],
                  },
                ],
                trigger: { count: 1 },
              },
            },
            {
              displayName: `${domain}: certificate expires within ${CERTIFICATE_WARNING_DAYS} days`,
              conditionThreshold: {
                filter: ofCheck("time_until_ssl_cert_expires"),
                comparison: "COMPARISON_LT",
                thresholdValue: CERTIFICATE_WARNING_DAYS,
                duration: "600s",
                aggregations: [
                  {
                    alignmentPeriod: "1200s",
                    perSeriesAligner: "ALIGN_NEXT_OLDER",
                    crossSeriesReducer: "REDUCE_MEAN",
                    groupByFields: ["resource.label.*"],
                  },
                ],
                trigger: { count: 1 },
              },
            },
          ],
        }),
      );
      this.checks.push(check);
    }
  }
}
