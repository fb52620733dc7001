import { CMP01ShieldedVm } from "../../../policies/controls/cmp/CMP-01-shielded-vm";
import { CMP02OsLogin } from "../../../policies/controls/cmp/CMP-02-os-login";
import { CMP03BlockProjectSshKeys } from "../../../policies/controls/cmp/CMP-03-block-project-ssh-keys";
import { CMP04SerialPortOff } from "../../../policies/controls/cmp/CMP-04-serial-port-off";
import { CMP05DedicatedServiceAccount } from "../../../policies/controls/cmp/CMP-05-dedicated-service-account";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

const INSTANCE = "google_compute_instance.vm";
const TEMPLATE = "google_compute_instance_template.vm";
const instance = (attributes: Attrs, extra: Attrs = {}) =>
  tf({ google_compute_instance: { vm: { name: "vm", zone: "europe-west2-a", ...attributes } }, ...extra });
const template = (attributes: Attrs) =>
  tf({ google_compute_instance_template: { vm: { name_prefix: "vm-", ...attributes } } });
const metadata = (values: Attrs) => ({ metadata: values });
const shielded = (values: Attrs) => ({ shielded_instance_config: values });
const ALL_ON = { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true };
const projectMetadata = (values: Attrs) =>
  tf({ google_compute_project_metadata: { p: { metadata: values } } });
const DEDICATED = "app@acme-prod.iam.gserviceaccount.com";
const DEFAULT = "123456789012-compute@developer.gserviceaccount.com";
const account = (email: string, scopes = ["cloud-platform"]) => ({ service_account: { email, scopes } });

/** Trivy's three Shielded VM checks: one option each, instances only; unset inside the block reads as on for vTPM and integrity monitoring. */
const shieldedOption = (peer: string, option: string): PeerCase => ({
  peer,
  control: CMP01ShieldedVm,
  tests: `an instance fails when shielded_instance_config.${option} is false (instances only)`,
  passes: instance(shielded(ALL_ON)),
  fails: instance(shielded({ ...ALL_ON, [option]: false })),
  address: INSTANCE,
  differences: [
    {
      case: `an instance template with ${option} false (trivy reads no templates)`,
      json: template(shielded({ ...ALL_ON, [option]: false })),
      peer: "pass",
      ours: "fail",
      address: TEMPLATE,
    },
  ],
});

export const CMP_CASES: readonly PeerCase[] = [
  {
    peer: "CKV_GCP_39",
    control: CMP01ShieldedVm,
    tests:
      "an instance, template or instance from template fails without shielded_instance_config, or with " +
      "enable_vtpm or enable_integrity_monitoring false; secure boot is not read",
    passes: template(shielded(ALL_ON)),
    fails: template({}),
    address: TEMPLATE,
    differences: [
      {
        case: "secure boot off, vTPM and integrity monitoring on",
        json: template(shielded({ enable_vtpm: true, enable_integrity_monitoring: true })),
        peer: "pass",
        ours: "fail",
        address: TEMPLATE,
      },
    ],
  },
  shieldedOption("AVD-GCP-0067", "enable_secure_boot"),
  shieldedOption("AVD-GCP-0041", "enable_vtpm"),
  shieldedOption("AVD-GCP-0045", "enable_integrity_monitoring"),
  {
    peer: "CKV_GCP_34",
    control: CMP02OsLogin,
    tests: "an instance fails when its metadata sets enable-oslogin to false; anything else passes",
    passes: instance(metadata({ "enable-oslogin": "TRUE" })),
    fails: instance(metadata({ "enable-oslogin": false })),
    address: INSTANCE,
    differences: [
      {
        case: "an instance that does not set enable-oslogin, with no project metadata or org policy",
        json: instance(metadata({})),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "CKV_GCP_33",
    control: CMP02OsLogin,
    tests: "google_compute_project_metadata passes only with enable-oslogin TRUE",
    passes: projectMetadata({ "enable-oslogin": "TRUE" }),
    fails: projectMetadata({ "enable-oslogin": "FALSE" }),
    address: "google_compute_project_metadata.p",
    differences: [
      {
        case: "project metadata that does not set enable-oslogin (each VM and the org policy decide)",
        json: projectMetadata({ "block-project-ssh-keys": "TRUE" }),
        peer: "fail",
        ours: "not-applicable",
        address: "project",
      },
    ],
  },
  {
    peer: "AVD-GCP-0036",
    control: CMP02OsLogin,
    tests: "an instance fails when its metadata sets enable-oslogin to the boolean false (unset reads as on)",
    passes: instance(metadata({ "enable-oslogin": true })),
    fails: instance(metadata({ "enable-oslogin": false })),
    address: INSTANCE,
    differences: [
      {
        case: 'enable-oslogin = "FALSE" written as a string (trivy reads booleans only)',
        json: instance(metadata({ "enable-oslogin": "FALSE" })),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "AVD-GCP-0042",
    control: CMP02OsLogin,
    tests: "google_compute_project_metadata fails unless enable-oslogin is the boolean true",
    passes: projectMetadata({ "enable-oslogin": true }),
    fails: projectMetadata({ "enable-oslogin": false }),
    address: "google_compute_project_metadata.p",
    differences: [
      {
        case: 'enable-oslogin = "TRUE" written as a string, as the provider stores metadata',
        json: projectMetadata({ "enable-oslogin": "TRUE" }),
        peer: "fail",
        ours: "pass",
        address: "google_compute_project_metadata.p",
      },
      {
        case: "google_compute_project_metadata_item turning OS Login off (trivy reads no metadata items)",
        json: tf({ google_compute_project_metadata_item: { p: { key: "enable-oslogin", value: "FALSE" } } }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_project_metadata_item.p",
      },
    ],
  },
  {
    peer: "CKV_GCP_32",
    control: CMP03BlockProjectSshKeys,
    tests:
      "an instance, template or instance from template passes only with metadata block-project-ssh-keys true",
    passes: template(metadata({ "block-project-ssh-keys": true })),
    fails: template(metadata({})),
    address: TEMPLATE,
  },
  {
    peer: "AVD-GCP-0030",
    control: CMP03BlockProjectSshKeys,
    tests: "an instance fails unless metadata block-project-ssh-keys is the boolean true",
    passes: instance(metadata({ "block-project-ssh-keys": true })),
    fails: instance(metadata({})),
    address: INSTANCE,
    differences: [
      {
        case: 'block-project-ssh-keys = "TRUE" written as a string (trivy reads booleans only)',
        json: instance(metadata({ "block-project-ssh-keys": "TRUE" })),
        peer: "fail",
        ours: "pass",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "CKV_GCP_35",
    control: CMP04SerialPortOff,
    tests: "an instance, template or instance from template fails when metadata serial-port-enable is true",
    passes: template(metadata({ "serial-port-enable": false })),
    fails: template(metadata({ "serial-port-enable": true })),
    address: TEMPLATE,
    differences: [
      {
        case: "project metadata turning the serial console on for a VM that does not turn it off",
        json: instance(metadata({}), {
          google_compute_project_metadata_item: { serial: { key: "serial-port-enable", value: "TRUE" } },
        }),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "AVD-GCP-0032",
    control: CMP04SerialPortOff,
    tests: "an instance fails when metadata serial-port-enable is the boolean true",
    passes: instance(metadata({ "serial-port-enable": false })),
    fails: instance(metadata({ "serial-port-enable": true })),
    address: INSTANCE,
    differences: [
      {
        case: 'serial-port-enable = "TRUE" written as a string (trivy reads booleans only)',
        json: instance(metadata({ "serial-port-enable": "TRUE" })),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "CKV_GCP_30",
    control: CMP05DedicatedServiceAccount,
    tests: "an instance fails without service_account.email or with a <number>-compute@developer account",
    passes: instance(account(DEDICATED)),
    fails: instance(account(DEFAULT)),
    address: INSTANCE,
    differences: [
      {
        case: "an instance template running as the default account (checkov reads instances only)",
        json: template(account(DEFAULT)),
        peer: "pass",
        ours: "fail",
        address: TEMPLATE,
      },
    ],
  },
  {
    peer: "CKV_GCP_31",
    control: CMP05DedicatedServiceAccount,
    tests: "an instance fails when the default account (or no email) has the cloud-platform scope",
    passes: instance(account(DEDICATED)),
    fails: instance(account(DEFAULT)),
    address: INSTANCE,
    differences: [
      {
        case: "the default account with narrow scopes",
        json: instance(account(DEFAULT, ["https://www.googleapis.com/auth/devstorage.read_only"])),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
  {
    peer: "AVD-GCP-0044",
    control: CMP05DedicatedServiceAccount,
    tests: "an instance fails when its service_account block has no email or a -compute@developer email",
    passes: instance(account(DEDICATED)),
    fails: instance({ service_account: { scopes: ["cloud-platform"] } }),
    address: INSTANCE,
    differences: [
      {
        case: "an instance with no service_account block at all (Compute Engine then uses the default account)",
        json: instance({}),
        peer: "pass",
        ours: "fail",
        address: INSTANCE,
      },
    ],
  },
];
