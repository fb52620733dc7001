import type { Evidence, Result } from "../control";
import { type Resource, type Scope, isUnknown } from "../model/types";
import { get, list, truthy } from "../model/values";
import { literal } from "../model/resolve";
import { environmentTier } from "../views/production";
import { isSet, presenceAmong } from "./presence";
import { evidence, projectVerdict, verdict } from "./results";

const LOG_BUCKET = "google_logging_project_bucket_config";

/** Where a sink's entries provably land, or the verdict saying why that cannot be shown. */
type SinkRoute = { readonly bucket: Resource; readonly found: Evidence[] } | { readonly verdict: Result };

/**
 * The declared log bucket an enabled sink delivers every matching entry to. A disabled sink, one with
 * exclusions (they drop matching entries) or one writing elsewhere fails; a filter, switch or destination
 * known only after apply is unknown. `stream` names the entries in messages ("audit log").
 */
function routeOf(scope: Scope, sink: Resource, stream: string): SinkRoute {
  const a = sink.attributes;
  const found = [evidence("filter", a.filter), evidence("destination", a.destination)];
  if (isUnknown(a.filter))
    return { verdict: verdict("unknown", sink, "filter is known only after apply", found) };
  const disabled = truthy(a.disabled);
  if (isUnknown(disabled)) {
    return { verdict: verdict("unknown", sink, "disabled is known only after apply", found) };
  }
  if (disabled) {
    const shown = [...found, evidence("disabled", a.disabled)];
    return { verdict: verdict("fail", sink, `the ${stream} sink is disabled`, shown) };
  }
  if (list(a, "exclusions").length > 0) {
    const shown = [...found, evidence("exclusions", a.exclusions)];
    const message = `the ${stream} sink has exclusions: excluded ${stream} entries are not kept`;
    return { verdict: verdict("fail", sink, message, shown) };
  }
  const bucket = scope
    .references(sink, a.destination)
    .find((ref) => ref.resource.type === LOG_BUCKET)?.resource;
  if (bucket) return { bucket, found };
  if (typeof a.destination === "string" && !a.destination.startsWith("logging.googleapis.com/")) {
    const message = `destination ${a.destination} is not a Cloud Logging bucket`;
    return { verdict: verdict("fail", sink, message, found) };
  }
  const message = "destination is not a log bucket declared in this configuration";
  return { verdict: verdict("unknown", sink, message, found) };
}

/**
 * Judges, with `judge`, the bucket each sink selecting a stream routes to (a sink whose filter is known only
 * after apply counts as selecting it); when no sink selects the stream, one project-level fail: `missing`,
 * followed by the sinks there are.
 */
export function judgeRoutedSinks(
  scope: Scope,
  stream: string,
  selects: (filter: unknown) => boolean,
  missing: string,
  judge: (sink: Resource, bucket: Resource, found: Evidence[]) => Result,
): Result[] {
  const all = scope.ofType("google_logging_project_sink");
  const sinks = all.filter((sink) => isUnknown(sink.attributes.filter) || selects(sink.attributes.filter));
  if (sinks.length === 0) {
    const found = all.map((s) => `${s.address} (${String(s.attributes.filter)})`);
    return [projectVerdict("fail", missing + (found.length > 0 ? `; sinks found: ${found.join(", ")}` : ""))];
  }
  // A sink created only if a count/for_each expression says so routes nothing for certain.
  return presenceAmong(
    sinks.map((sink) => {
      const route = routeOf(scope, sink, stream);
      return "verdict" in route ? route.verdict : judge(sink, route.bucket, route.found);
    }),
  );
}

/** What a log bucket keeps, judged against a minimum retention: CMEK, days, lock in production. */
export interface LogBucketKeeping {
  readonly found: Evidence[];
  /** The key, retention or lock is known only after apply. */
  readonly unknown: boolean;
  readonly problems: string[];
  /** `CMEK, 400 days, locked` (meaningful when there are no problems). */
  readonly summary: string;
}

/**
 * Whether `bucket` keeps what lands in it as security records must be kept: a customer-managed key, at least
 * `minDays` of retention, and the retention locked in a production environment.
 */
export function logBucketKeeping(scope: Scope, bucket: Resource, minDays: number): LogBucketKeeping {
  const kmsKey = get(bucket.attributes, "cmek_settings.kms_key_name");
  const retention = literal(scope, bucket, bucket.attributes.retention_days);
  const locked = truthy(bucket.attributes.locked);
  const found = [
    evidence(`${bucket.address}.cmek_settings.kms_key_name`, kmsKey),
    evidence(`${bucket.address}.retention_days`, bucket.attributes.retention_days),
    evidence(`${bucket.address}.locked`, bucket.attributes.locked),
  ];
  const tier = environmentTier(scope);
  const problems = [
    ...(isSet(kmsKey) ? [] : ["no customer-managed key (cmek_settings.kms_key_name)"]),
    ...(typeof retention === "number" && retention >= minDays
      ? []
      : [`retention ${retention ?? "30 (default)"} days, below ${minDays}`]),
    ...(tier.production && !locked
      ? [`retention not locked in production environment ${scope.environment}`]
      : []),
  ];
  const lockNote = locked ? "locked" : `not locked (not required outside production: ${tier.because})`;
  return {
    found,
    unknown: [kmsKey, retention, locked].some(isUnknown),
    problems,
    summary: `CMEK, ${retention} days, ${lockNote}`,
  };
}
