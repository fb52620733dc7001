import { ScheduledJob, type ScheduledJobProps } from "../../../constructs/bak/scheduled-job";
import { attributesOf, synthScope } from "../../support/synth";

const BASE: ScheduledJobProps = {
  project: "acme-sec-prod",
  name: "acme-prod-job",
  region: "europe-west1",
  schedule: "0 3 * * *",
  description: "a job",
  image: "example/image:1",
  script: { text: "echo hello", name: "hello", args: ["--flag"] },
  env: { A: "1" },
  serviceAccountEmail: "runner@acme-sec-prod.iam.gserviceaccount.com",
  invokerAccountId: "job-invoker",
  timeoutSeconds: 600,
};

function synthJob(props: Partial<ScheduledJobProps> = {}) {
  return synthScope((stack) => new ScheduledJob(stack, "job", { ...BASE, ...props }));
}

describe("ScheduledJob", () => {
  const json = synthJob({ bucketMount: { bucket: "acme-backups", path: "/backups", readOnly: true } });
  const [job] = attributesOf(json, "google_cloud_run_v2_job");
  const [scheduler] = attributesOf(json, "google_cloud_scheduler_job");

  test("runs the script as its own identity, once (no retry), with a time limit, in the second generation", () => {
    expect(job).toMatchObject({ name: "acme-prod-job", location: "europe-west1" });
    expect(job.template.template).toMatchObject({
      service_account: BASE.serviceAccountEmail,
      max_retries: 0,
      timeout: "600s",
      execution_environment: "EXECUTION_ENVIRONMENT_GEN2",
    });
    const [container] = job.template.template.containers;
    // The script is an argument: Cloud Run expands $(NAME) in the command only.
    expect(container.command).toEqual(["bash"]);
    expect(container.args).toEqual(["-c", "echo hello", "hello", "--flag"]);
    expect(container.env).toEqual([{ name: "A", value: "1" }]);
  });

  test("joins no VPC unless asked; asked, Direct VPC egress for private ranges only", () => {
    expect(job.template.template.vpc_access).toBeUndefined();
    const [joined] = attributesOf(
      synthJob({ privateNetwork: { network: "net", subnetwork: "sub" } }),
      "google_cloud_run_v2_job",
    );
    expect(joined.template.template.vpc_access).toEqual({
      egress: "PRIVATE_RANGES_ONLY",
      network_interfaces: [{ network: "net", subnetwork: "sub" }],
    });
  });

  test("mounts the bucket as asked", () => {
    expect(job.template.template.volumes).toEqual([
      { name: "bucket", gcs: { bucket: "acme-backups", read_only: true } },
    ]);
    expect(job.template.template.containers[0].volume_mounts).toEqual([
      { name: "bucket", mount_path: "/backups" },
    ]);
  });

  test("Cloud Scheduler starts it through the Admin API with an OAuth token of an account that may only run it", () => {
    expect(scheduler).toMatchObject({
      name: "acme-prod-job",
      region: "europe-west1",
      schedule: "0 3 * * *",
      time_zone: "Etc/UTC",
      http_target: {
        http_method: "POST",
        uri: expect.stringMatching(
          /^https:\/\/run\.googleapis\.com\/v2\/projects\/acme-sec-prod\/locations\/europe-west1\/jobs\/\$\{google_cloud_run_v2_job\..*\.name\}:run$/,
        ),
        oauth_token: {
          scope: "https://www.googleapis.com/auth/cloud-platform",
          service_account_email: expect.stringMatching(/^\$\{google_service_account\..*\.email\}$/),
        },
      },
    });
    expect(attributesOf(json, "google_cloud_run_v2_job_iam_member")).toEqual([
      expect.objectContaining({
        role: "roles/run.invoker",
        name: expect.stringContaining("google_cloud_run_v2_job"),
      }),
    ]);
    expect(json.resource?.google_project_iam_member).toBeUndefined();
  });

  test("refuses a bad name and a timeout under a minute", () => {
    expect(() => synthJob({ name: "Job" })).toThrow("name must be 2-49 lowercase letters");
    expect(() => synthJob({ timeoutSeconds: 10 })).toThrow(
      "timeoutSeconds must be a whole number of at least 60",
    );
  });
});
