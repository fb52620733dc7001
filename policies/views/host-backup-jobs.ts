import { BACKUP_JOB_METADATA } from "../../shared/host-backup-jobs";
import { type Resource, type Scope, isUnknown } from "../model/types";
import { designationIndex, literal, referencedResources } from "../model/resolve";
import { perScope } from "../model/per-scope";
import { VM_TYPES } from "./cmek";
import { type Grant, iamGrants } from "./iam";
import { grantPrefix, objectCreateGrants } from "./backup-stores";
import { isHostAccount } from "./vault-host-account";
import { appendTo } from "../../lib/multimap";

/** Roles that let a member mint access tokens for a service account (iam.serviceAccounts.getAccessToken). */
export const TOKEN_CREATOR_ROLES: readonly string[] = ["roles/iam.serviceAccountTokenCreator"];

/**
 * A backup job a VM runs on a systemd timer and that writes to a backup bucket as another account: the VM's
 * metadata declares it (BACKUP_JOB_METADATA: the bucket, prefix, writer account and schedule), its boot script
 * installs `<name>.timer`, the VM's own account may mint the writer's tokens, and the writer may create objects
 * in the bucket under the declared prefix.
 */
export interface HostBackupJob {
  /** The VM (instance or template) that runs the job. */
  readonly vm: Resource;
  readonly name: string;
  /** systemd OnCalendar expression, as declared. */
  readonly schedule: unknown;
  readonly prefix: string;
  /** The writer account's e-mail. */
  readonly writer: string;
  /** The grant that lets the VM's account mint the writer's tokens (on the writer account). */
  readonly tokenGrant: Grant;
  /** The writer's grant to create objects in the bucket. */
  readonly grant: Grant;
}

/** The e-mail a member or service-account id names: literally, or by a declared account's id and project. */
function namedEmail(scope: Scope, from: Resource, value: unknown): string | undefined {
  const text = literal(scope, from, value);
  if (typeof text === "string") {
    const email = /^(?:serviceAccount:|projects\/[^/]+\/serviceAccounts\/)?([^/:]+@[^/:]+)$/.exec(text)?.[1];
    return email?.toLowerCase();
  }
  const account = referencedResources(scope, from, value).find((r) => r.type === "google_service_account");
  if (!account) return undefined;
  const id = literal(scope, account, account.attributes.account_id);
  const project = literal(scope, account, account.attributes.project);
  return typeof id === "string" && typeof project === "string"
    ? `${id}@${project}.iam.gserviceaccount.com`.toLowerCase()
    : undefined;
}

function metadataOf(vm: Resource): Record<string, unknown> {
  const metadata = vm.attributes.metadata;
  return metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : {};
}

/** The declared host-side jobs that may write to `bucket`: every link proven, or the job is not returned. */
export function hostBackupJobs(scope: Scope, bucket: Resource): HostBackupJob[] {
  const createGrants = objectCreateGrants(scope, bucket);
  const declared = declaredJobs(scope);
  return vmsDeclaringBackupJobs(scope, bucket).flatMap((vm): HostBackupJob[] => {
    const job = declared(vm);
    if (!job) return [];
    const grant = createGrants.find((g) => {
      const allowed = grantPrefix(g);
      const covers = g.condition === undefined || (allowed !== undefined && job.prefix.startsWith(allowed));
      return covers && g.members.some((member) => namedEmail(scope, g.resource, member) === job.writer);
    });
    return grant ? [{ ...job, grant }] : [];
  });
}

/**
 * What a VM's declaration proves whatever bucket it names: a well-formed job whose timer the boot script
 * installs, and a token grant letting the VM's account act as the writer. Read once per VM and scope.
 */
const declaredJobs = perScope((scope: Scope) => {
  const tokenGrants = tokenCreatorGrants(scope);
  const known = new Map<string, Omit<HostBackupJob, "grant"> | undefined>();
  return (vm: Resource): Omit<HostBackupJob, "grant"> | undefined => {
    if (known.has(vm.id)) return known.get(vm.id);
    const metadata = metadataOf(vm);
    const M = BACKUP_JOB_METADATA;
    const name = literal(scope, vm, metadata[M.name]);
    const prefix = literal(scope, vm, metadata[M.prefix]);
    const writer = namedEmail(scope, vm, metadata[M.writer]);
    const script = literal(scope, vm, metadata["startup-script"] ?? vm.attributes.metadata_startup_script);
    const schedule = literal(scope, vm, metadata[M.schedule]);
    const wellFormed =
      typeof name === "string" && /^[a-z0-9-]+$/.test(name) && typeof prefix === "string" && writer;
    // The boot script installs the timer the declaration names.
    const installed = wellFormed && typeof script === "string" && script.includes(`${name}.timer`);
    const tokenGrant = installed
      ? (tokenGrants.get(writer) ?? []).find((g) =>
          g.members.some((member) => isHostAccount(scope, g.resource, member, vm) === true),
        )
      : undefined;
    const job =
      installed && tokenGrant
        ? {
            vm,
            name: name as string,
            schedule: isUnknown(schedule) ? schedule.toJSON() : schedule,
            prefix: prefix as string,
            writer: writer as string,
            tokenGrant,
          }
        : undefined;
    known.set(vm.id, job);
    return job;
  };
});

/** VMs whose metadata declares a backup job into `bucket`, whether or not it can write there. */
export function vmsDeclaringBackupJobs(scope: Scope, bucket: Resource): Resource[] {
  return declaredBuckets(scope).designating(bucket);
}

/** The bucket each VM's backup job metadata names, indexed once per scope. */
const declaredBuckets = perScope((scope: Scope) =>
  designationIndex(
    scope,
    VM_TYPES.flatMap((type) => scope.ofType(type)),
    (vm) => [{ from: vm, value: metadataOf(vm)[BACKUP_JOB_METADATA.bucket] }],
  ),
);

/** Unconditional token creator grants, by the e-mail of the account whose tokens they let members mint. */
const tokenCreatorGrants = perScope((scope: Scope) => {
  const byAccount = new Map<string, Grant[]>();
  for (const g of iamGrants(scope, ["google_service_account"])) {
    if (typeof g.role !== "string" || !TOKEN_CREATOR_ROLES.includes(g.role) || g.condition !== undefined)
      continue;
    const account = namedEmail(scope, g.resource, g.resource.attributes.service_account_id);
    if (account) appendTo(byAccount, account, g);
  }
  return byAccount;
});
