import type { TerraformStack } from "cdktf";
import { GeoBackupBucket } from "../../../constructs/bak/geo-backup-bucket";
import { ScheduledSqlExport } from "../../../constructs/bak/scheduled-sql-export";
import { PrivatePostgres } from "../../../constructs/sql/private-postgres";
import { declaredKey } from "../used-bare";

/**
 * The prod database, its locked backup bucket in the backup region and its daily export into it, as the data and
 * backup stacks declare them: what the export and the restore drill are tested beside.
 */
export function databaseWithExport(stack: TerraformStack): { bucket: GeoBackupBucket; pg: PrivatePostgres } {
  const bucket = new GeoBackupBucket(stack, "backups", {
    name: "acme-backups",
    location: "europe-west1",
    primaryRegion: "europe-west2",
    kmsKey: declaredKey(stack, "europe-west1"),
    lockRetention: true,
  });
  const pg = new PrivatePostgres(stack, "pg", {
    name: "acme-prod-pg",
    region: "europe-west2",
    backupRegion: "europe-west1",
    version: "POSTGRES_16",
    tier: "db-custom-2-7680",
    availability: "REGIONAL",
    network: "projects/p/global/networks/vpc",
    kmsKey: "projects/p/locations/europe-west2/keyRings/primary/cryptoKeys/sql",
    backupStartTime: "02:00",
    maintenanceWindow: { day: 7, hour: 3 },
    databaseName: "app",
    iamUserEmail: "app-db@acme-sec-prod.iam.gserviceaccount.com",
  });
  new ScheduledSqlExport(stack, "export", {
    project: "acme-sec-prod",
    name: "acme-prod-pg-export",
    instanceName: "acme-prod-pg",
    instanceServiceAccount: pg.instance.serviceAccountEmailAddress,
    database: "app",
    bucket: bucket.bucket.name,
    region: "europe-west2",
    schedule: "0 7 * * *",
    image: "gcr.io/google.com/cloudsdktool/google-cloud-cli:slim",
    notificationChannels: ["projects/acme-sec-prod/notificationChannels/1"],
  });
  return { bucket, pg };
}
