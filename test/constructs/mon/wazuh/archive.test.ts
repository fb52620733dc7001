import {
  BACKUP_JOB_METADATA,
  WAZUH_ARCHIVE_SCHEDULE,
  renderWazuhArchiveInstall,
  renderWazuhArchiveScript,
  wazuhArchiveMetadata,
  wazuhArchiveWriterEmail,
} from "../../../../constructs/mon/wazuh/archive";
import { WazuhArchiveAlerts } from "../../../../constructs/mon/wazuh/archive-alerts";
import { renderWazuhManagerScript } from "../../../../constructs/mon/wazuh/manager-script";
import { WazuhManager } from "../../../../constructs/mon/wazuh/manager";
import { SnapshotSchedule } from "../../../../constructs/bak/snapshot-schedule";
import { shellcheck } from "../../../support/shellcheck";
import { declaredKey, expectUsedBarePasses } from "../../used-bare";
import { attributesOf, synthScope } from "../../../support/synth";

const TARGET = {
  bucket: "acme-sec-prod-backups",
  prefix: "wazuh/",
  writerEmail: wazuhArchiveWriterEmail("acme-sec-prod"),
};

describe("Wazuh archive job", () => {
  const script = renderWazuhArchiveScript();

  test("the job's script and the boot step that installs it pass shellcheck and hold no Terraform template syntax", () => {
    expect(shellcheck(script)).toEqual([]);
    expect(
      shellcheck(
        `#!/bin/bash\nset -euo pipefail\nmetadata() { :; }\nbegin() { :; }\n${renderWazuhArchiveInstall()}\n`,
      ),
    ).toEqual([]);
    expect(script).not.toMatch(/[$%]\{/);
    expect(renderWazuhArchiveInstall()).not.toMatch(/[$%]\{/);
  });

  test("the manager's boot script installs it on every boot, before the install marker can end the run", () => {
    const boot = renderWazuhManagerScript({ version: "4.12.0", dataDeviceName: "wazuh-data" });
    const install = boot.indexOf('begin "Wazuh archive job"');
    expect(install).toBeGreaterThan(boot.indexOf("mountpoint -q /var/ossec || mount /var/ossec"));
    expect(install).toBeLessThan(boot.indexOf('if [ -f "$DONE_MARKER" ]; then'));
    expect(boot).toContain(script);
  });

  test("a daily, persistent timer runs a oneshot service that needs /var/ossec mounted", () => {
    const install = renderWazuhArchiveInstall();
    expect(install).toContain("[Timer]\nOnCalendar=$archive_schedule\nPersistent=true");
    expect(install).toContain("[Service]\nType=oneshot\nExecStart=/usr/local/sbin/wazuh-archive");
    expect(install).toContain("RequiresMountsFor=/var/ossec");
    expect(install).toContain("systemctl enable --now wazuh-archive.timer");
    expect(WAZUH_ARCHIVE_SCHEDULE).toBe("*-*-* 01:30:00 UTC");
  });

  test("writes create-only as the writer, whose token it mints with the VM's token, and checks what was stored", () => {
    expect(script).toContain('"$IAM_CREDENTIALS/v1/projects/-/serviceAccounts/$writer:generateAccessToken"');
    expect(script).toContain('-H "Authorization: Bearer $vm_token"');
    expect(script).toContain("uploadType=media&ifGenerationMatch=0&name=");
    expect(script).toContain('-H "Authorization: Bearer $writer_token"');
    expect(script).toContain('if [ "$(json_field md5Hash < "$work/answer")" != "$md5" ]; then');
    expect(script).toContain('elif [ "$(json_field size < "$work/answer")" != "$size" ]; then');
    expect(script).toContain('412) echo "$object" >> "$present" ;;');
    // Yesterday's alerts (required) and archives, and the configuration tar.
    expect(script).toContain('alerts="$OSSEC/logs/alerts/$year/$month/ossec-alerts-$dd.json.gz"');
    expect(script).toContain("for kind in alerts:alerts archives:archive; do");
    expect(script).toContain('tar -C "$OSSEC" -czf "$work/ossec-state.tar.gz" $state_paths');
  });

  test("the metadata declares the job; values the script would refuse are refused here", () => {
    expect(wazuhArchiveMetadata(TARGET)).toEqual({
      [BACKUP_JOB_METADATA.name]: "wazuh-archive",
      [BACKUP_JOB_METADATA.schedule]: WAZUH_ARCHIVE_SCHEDULE,
      [BACKUP_JOB_METADATA.bucket]: "acme-sec-prod-backups",
      [BACKUP_JOB_METADATA.prefix]: "wazuh/",
      [BACKUP_JOB_METADATA.writer]: "wazuh-archive-writer@acme-sec-prod.iam.gserviceaccount.com",
    });
    expect(() => wazuhArchiveMetadata({ ...TARGET, bucket: "${google_storage_bucket.b.name}" })).toThrow(
      'Wazuh archive: bucket "${google_storage_bucket.b.name}" is not a literal the job accepts',
    );
    expect(() => wazuhArchiveMetadata({ ...TARGET, prefix: "wazuh" })).toThrow("prefix");
    expect(() => wazuhArchiveMetadata({ ...TARGET, writerEmail: "me@example.com" })).toThrow("writer e-mail");
    expect(() => wazuhArchiveMetadata({ ...TARGET, schedule: "daily; rm -rf /" })).toThrow("schedule");
  });

  test("alerts: the failure and overdue policies read the job's own log, and need a channel", () => {
    const json = synthScope((stack) => {
      new WazuhArchiveAlerts(stack, "alerts", {
        project: "p",
        instanceName: "acme-prod-wazuh",
        zone: "europe-west2-b",
        overdueDays: 2,
        notificationChannels: ["projects/p/notificationChannels/1"],
      });
    });
    expect(
      attributesOf(json, "google_logging_metric")
        .map((m) => m.filter)
        .sort(),
    ).toEqual([
      '(logName="projects/p/logs/wazuh-archive") AND (jsonPayload.job="wazuh-archive") AND (jsonPayload.result="success")',
      '(logName="projects/p/logs/wazuh-archive") AND (jsonPayload.job="wazuh-archive") AND (severity>=ERROR)',
    ]);
    expect(() =>
      synthScope((stack) => {
        new WazuhArchiveAlerts(stack, "alerts", {
          project: "p",
          instanceName: "x",
          zone: "z",
          overdueDays: 2,
          notificationChannels: [],
        });
      }),
    ).toThrow("at least one notification channel is required");
  });

  describe("WazuhManager with an archive", () => {
    const synth = (archive: boolean) =>
      synthScope((stack) => {
        const key = declaredKey(stack);
        new WazuhManager(stack, "wazuh", {
          project: "acme-sec-prod",
          name: "acme-prod-wazuh",
          zone: "europe-west2-b",
          region: "europe-west2",
          network: "projects/p/global/networks/vpc",
          subnetwork: "projects/p/regions/europe-west2/subnetworks/monitoring",
          version: "4.12.0",
          machineType: "e2-standard-8",
          dataDiskGb: 200,
          kmsKey: key,
          secretKmsKey: key,
          agentServiceAccounts: [],
          agentSourceRanges: ["10.20.0.0/20"],
          snapshotSchedule: new SnapshotSchedule(stack, "snapshots", {
            name: "wazuh-daily",
            region: "europe-west2",
            storageRegion: "europe-west1",
          }),
          ...(archive
            ? {
                archive: {
                  ...TARGET,
                  overdueDays: 2,
                  notificationChannels: ["projects/p/notificationChannels/1"],
                },
              }
            : {}),
        });
      });

    test("declares the job in its metadata and grants token creation on the writer account only", () => {
      const json = synth(true);
      const [vm] = attributesOf(json, "google_compute_instance");
      expect(vm.metadata).toMatchObject(wazuhArchiveMetadata(TARGET));
      expect(attributesOf(json, "google_service_account_iam_member")).toEqual([
        expect.objectContaining({
          service_account_id: `projects/acme-sec-prod/serviceAccounts/${TARGET.writerEmail}`,
          role: "roles/iam.serviceAccountTokenCreator",
          member: expect.stringMatching(/^\$\{google_service_account\.wazuh_sa_account_\w+\.member\}$/),
        }),
      ]);
      expect(attributesOf(json, "google_project_iam_member").map((g) => g.role)).toEqual([
        "roles/logging.logWriter",
      ]);
      // Without an archive: no job, no grant, no alerts.
      const bare = synth(false);
      expect(Object.keys(attributesOf(bare, "google_compute_instance")[0].metadata)).not.toContain(
        BACKUP_JOB_METADATA.bucket,
      );
      expect(attributesOf(bare, "google_service_account_iam_member")).toEqual([]);
      expect(attributesOf(bare, "google_logging_metric")).toEqual([]);
    });

    // IAM-06 judges impersonation grants above one account; BAK-09 needs the bucket and writer (backup stack).
    test("used bare, the token creator grant passes IAM-06 (no project-wide impersonation)", () => {
      expectUsedBarePasses(synth(true), ["IAM-06"]);
    });
  });
});
