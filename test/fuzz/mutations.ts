/**
 * Mutations of the synthesized stacks and of a plan JSON, for the fuzz test (test/fuzz/fuzz.test.ts) and the
 * longer `npm run fuzz`: what a broken generator, a hand edit or an attacker could put in front of the checker.
 * Deterministic for a seed, so a failing case can be replayed.
 */

/** mulberry32: a small seeded PRNG, enough to pick mutations reproducibly. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

export const MUTATIONS = [
  "delete",
  "null",
  "wrong type",
  "huge string",
  "deep nesting",
  "expression",
  "__proto__ key",
  "manifest edit",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Every (container, key) of a JSON value, so a mutation can pick any place, at any depth. */
function places(value: Json): [Container, string | number][] {
  const found: [Container, string | number][] = [];
  const pending: Json[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current))
      current.forEach((inner, i) => (found.push([current, i]), pending.push(inner)));
    else if (current !== null && typeof current === "object") {
      for (const [key, inner] of Object.entries(current)) {
        found.push([current as Record<string, Json>, key]);
        pending.push(inner);
      }
    }
  }
  return found;
}

function nested(depth: number): Json {
  let value: Json = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { x: value };
  return value;
}

function otherType(value: Json, pick: () => number): Json {
  const options: Json[] = [42, "text", true, [], {}, [1, "two"], { unexpected: { shape: 1 } }, -1.5e308];
  const candidates = options.filter(
    (o) => typeof o !== typeof value || Array.isArray(o) !== Array.isArray(value),
  );
  return candidates[Math.floor(pick() * candidates.length)];
}

/**
 * Applies one mutation in place to a random place of `document` (a stack JSON, a plan JSON or a manifest) and
 * says what it did, for the failure message.
 */
export function mutate(document: Json, mutation: Mutation, pick: () => number): string {
  const all = places(document);
  if (all.length === 0) return "nothing to mutate";
  const [container, key] = all[Math.floor(pick() * all.length)];
  const at = (c: Container, k: string | number) => (c as Record<string | number, Json>)[k];
  const set = (value: Json) => ((container as Record<string | number, Json>)[key] = value);
  switch (mutation) {
    case "delete":
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key as string];
      return `deleted ${String(key)}`;
    case "null":
      set(null);
      return `${String(key)} = null`;
    case "wrong type": {
      const value = otherType(at(container, key), pick);
      set(value);
      return `${String(key)} = ${JSON.stringify(value)}`;
    }
    case "huge string":
      set("x".repeat(2_000_000));
      return `${String(key)} = a 2 MB string`;
    case "deep nesting":
      set(nested(400));
      return `${String(key)} = nested 400 deep`;
    case "expression": {
      const expressions = [
        "${var.x}",
        "${google_x.y.id}",
        "${data.terraform_remote_state.r.outputs.o}",
        "${",
        "}${",
      ];
      const value = expressions[Math.floor(pick() * expressions.length)];
      set(value);
      return `${String(key)} = ${value}`;
    }
    case "__proto__ key": {
      if (Array.isArray(container)) return "skipped (array)";
      Object.defineProperty(container, "__proto__", {
        value: { polluted: true, enforce: false },
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return `__proto__ key beside ${String(key)}`;
    }
    case "manifest edit":
      set(pick() < 0.5 ? "stacks/missing/cdk.tf.json" : 7);
      return `${String(key)} = manifest edit`;
  }
}

/**
 * Security attributes whose provider default is insecure: removing or nulling one must never leave the
 * control that guards it passing on that resource.
 */
export const INSECURE_WHEN_UNSET: readonly { type: string; path: string; control: string }[] = [
  { type: "google_compute_network", path: "auto_create_subnetworks", control: "NET-01" },
  { type: "google_compute_subnetwork", path: "private_ip_google_access", control: "NET-02" },
  { type: "google_compute_subnetwork", path: "log_config", control: "NET-03" },
  { type: "google_compute_router_nat", path: "log_config", control: "NET-10" },
  { type: "google_compute_ssl_policy", path: "min_tls_version", control: "EDGE-06" },
  { type: "google_kms_crypto_key", path: "rotation_period", control: "ENC-02" },
  { type: "google_compute_instance_template", path: "shielded_instance_config", control: "CMP-01" },
  { type: "google_storage_bucket", path: "uniform_bucket_level_access", control: "STO-01" },
  { type: "google_storage_bucket", path: "public_access_prevention", control: "STO-02" },
  { type: "google_sql_database_instance", path: "settings.ip_configuration.ipv4_enabled", control: "SQL-01" },
  { type: "google_sql_database_instance", path: "settings.ip_configuration.ssl_mode", control: "SQL-02" },
  { type: "google_logging_project_bucket_config", path: "cmek_settings", control: "ENC-08" },
];
