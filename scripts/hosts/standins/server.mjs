// Stand-ins for what the boot scripts reach over the network, served on loopback addresses only:
// - vendor download hosts over HTTPS (packages.wazuh.com, raw.githubusercontent.com, downloadcontent.opensuse.org,
//   apt.releases.hashicorp.com, packages.cloud.google.com, ...): static files from <files>/<host>/<path>, so the harness
//   serves a signed apt repository and plain downloads under the same URLs the scripts use;
// - the Secret Manager API (secretmanager.googleapis.com): versions kept in <state>/secrets, access checked
//   against the secret's IAM bindings from the synthesized Terraform (a caller is known by its access token,
//   which the metadata stand-in issues per instance service account);
// - IAM Credentials (iamcredentials.googleapis.com) generateAccessToken: a token for an account, issued only to a
//   caller its service-account IAM bindings (roles/iam.serviceAccountTokenCreator) name;
// - Cloud Storage's JSON upload API (storage.googleapis.com, uploadType=media): objects kept in
//   <state>/gcs/<bucket>/<name>, created only by a caller whose bucket binding (roles/storage.objectCreator,
//   narrowed to a prefix) covers the name, ifGenerationMatch=0 refusing an existing object (412), answering
//   size and md5Hash as Cloud Storage does; when <state>/gcs-corrupt holds a text, an object whose name contains
//   it is stored with its first byte changed (a corrupted upload), and the answer describes what was stored;
// - Cloud Logging entries:write (logging.googleapis.com): entries appended to <state>/logging.jsonl;
// - the metadata server (metadata.google.internal) over HTTP on each instance's own loopback address, answering
//   that instance's keys (and requiring Metadata-Flavor: Google, as the real one does).
//
//   node server.mjs <config.json>      (prints "READY" once listening; every request is logged to <state>/requests.log)
//
// config.json: { vendorIp, cert, key, files, state, iam: [{secret, role, member}],
//                accountIam: [{account, role, member}], bucketIam: [{bucket, role, member, prefix}],
//                instances: { <ip>: { serviceAccount, values: { "<metadata path>": "<value>" } } } }
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import https from "node:https";
import { join, normalize } from "node:path";
import { URL } from "node:url";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const secretsDir = join(config.state, "secrets");
mkdirSync(secretsDir, { recursive: true });
const requestLog = join(config.state, "requests.log");

function log(line) {
  appendFileSync(requestLog, `${new Date().toISOString()} ${line}\n`);
}

function send(res, status, body, type = "text/plain") {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}

function json(res, status, value) {
  send(res, status, JSON.stringify(value), "application/json");
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function allowed(secret, role, member) {
  return config.iam.some((b) => b.secret === secret && b.role === role && b.member === member);
}

function versions(secret) {
  const dir = join(secretsDir, secret);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}

async function secretManager(req, res, url) {
  const auth = req.headers.authorization ?? "";
  const member = auth.startsWith("Bearer standin:")
    ? `serviceAccount:${auth.slice("Bearer standin:".length)}`
    : "";
  const access = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/(latest|\d+):access$/.exec(
    url.pathname,
  );
  const add = /^\/v1\/projects\/([^/]+)\/secrets\/([^/:]+):addVersion$/.exec(url.pathname);
  if (access && req.method === "GET") {
    const [, project, secret, version] = access;
    if (!allowed(secret, "roles/secretmanager.secretAccessor", member)) {
      log(`secretmanager DENIED access ${secret} for ${member || "anonymous"}`);
      return json(res, 403, {
        error: {
          code: 403,
          status: "PERMISSION_DENIED",
          message: `Permission 'secretmanager.versions.access' denied for ${member} on projects/${project}/secrets/${secret}`,
        },
      });
    }
    const all = versions(secret);
    const n = version === "latest" ? all.at(-1) : Number(version);
    if (n === undefined || !all.includes(n)) {
      log(`secretmanager NOT_FOUND ${secret}/${version} for ${member}`);
      return json(res, 404, {
        error: {
          code: 404,
          status: "NOT_FOUND",
          message: `Secret Version [projects/${project}/secrets/${secret}/versions/${version}] not found or has no versions.`,
        },
      });
    }
    log(`secretmanager access ${secret}/${n} by ${member}`);
    const data = readFileSync(join(secretsDir, secret, String(n)));
    return json(res, 200, {
      name: `projects/${project}/secrets/${secret}/versions/${n}`,
      payload: { data: data.toString("base64") },
    });
  }
  const list = /^\/v1\/projects\/([^/]+)\/secrets\/([^/:]+)\/versions$/.exec(url.pathname);
  if (list && req.method === "GET") {
    const [, project, secret] = list;
    if (!allowed(secret, "roles/secretmanager.viewer", member)) {
      log(`secretmanager DENIED list ${secret} for ${member || "anonymous"}`);
      return json(res, 403, {
        error: {
          code: 403,
          status: "PERMISSION_DENIED",
          message: `Permission 'secretmanager.versions.list' denied for ${member} on projects/${project}/secrets/${secret}`,
        },
      });
    }
    log(`secretmanager list ${secret} by ${member}`);
    // Newest first, as the API lists them; every stored version is enabled.
    const found = versions(secret)
      .reverse()
      .map((n) => ({
        name: `projects/${project}/secrets/${secret}/versions/${n}`,
        state: "ENABLED",
        createTime: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      }));
    return json(res, 200, { versions: found, totalSize: found.length });
  }
  if (add && req.method === "POST") {
    const [, project, secret] = add;
    if (!allowed(secret, "roles/secretmanager.secretVersionAdder", member)) {
      log(`secretmanager DENIED addVersion ${secret} for ${member || "anonymous"}`);
      return json(res, 403, {
        error: {
          code: 403,
          status: "PERMISSION_DENIED",
          message: `Permission 'secretmanager.versions.add' denied for ${member} on projects/${project}/secrets/${secret}`,
        },
      });
    }
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    const n = (versions(secret).at(-1) ?? 0) + 1;
    mkdirSync(join(secretsDir, secret), { recursive: true });
    writeFileSync(join(secretsDir, secret, String(n)), Buffer.from(body.payload.data, "base64"));
    log(`secretmanager addVersion ${secret}/${n} by ${member}`);
    return json(res, 200, { name: `projects/${project}/secrets/${secret}/versions/${n}` });
  }
  return json(res, 400, {
    error: { code: 400, message: `unsupported Secret Manager call ${req.method} ${url.pathname}` },
  });
}

/** The caller's member (`serviceAccount:<email>`) from a stand-in bearer token, or "". */
function caller(req) {
  const auth = req.headers.authorization ?? "";
  return auth.startsWith("Bearer standin:") ? `serviceAccount:${auth.slice("Bearer standin:".length)}` : "";
}

function denied(res, what, member) {
  log(`DENIED ${what} for ${member || "anonymous"}`);
  return json(res, 403, {
    error: { code: 403, status: "PERMISSION_DENIED", message: `Permission denied: ${what} for ${member}` },
  });
}

async function iamCredentials(req, res, url) {
  const member = caller(req);
  const mint = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname);
  if (!mint || req.method !== "POST") {
    return json(res, 400, {
      error: { code: 400, message: `unsupported IAM Credentials call ${url.pathname}` },
    });
  }
  const account = decodeURIComponent(mint[1]);
  const body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
  const may = (config.accountIam ?? []).some(
    (b) => b.account === account && b.role === "roles/iam.serviceAccountTokenCreator" && b.member === member,
  );
  if (!member || !may) return denied(res, `iamcredentials generateAccessToken ${account}`, member);
  log(`iamcredentials generateAccessToken ${account} by ${member} scope ${(body.scope ?? []).join(",")}`);
  return json(res, 200, {
    accessToken: `standin:${account}`,
    expireTime: new Date(Date.now() + 900 * 1000).toISOString(),
  });
}

const gcsDir = join(config.state, "gcs");

async function storage(req, res, url) {
  const member = caller(req);
  const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
  if (!upload || req.method !== "POST" || url.searchParams.get("uploadType") !== "media") {
    return json(res, 400, {
      error: { code: 400, message: `unsupported Cloud Storage call ${req.method} ${url.pathname}` },
    });
  }
  const bucket = upload[1];
  const name = url.searchParams.get("name") ?? "";
  const data = await readBody(req);
  const may = (config.bucketIam ?? []).some(
    (b) =>
      b.bucket === bucket &&
      b.member === member &&
      b.role === "roles/storage.objectCreator" &&
      name.startsWith(b.prefix ?? ""),
  );
  if (!member || !may || !name || name.includes(".."))
    return denied(res, `storage create gs://${bucket}/${name}`, member);
  const file = join(gcsDir, bucket, name);
  if (url.searchParams.get("ifGenerationMatch") === "0" && existsSync(file)) {
    log(`storage 412 gs://${bucket}/${name} by ${member}`);
    return json(res, 412, {
      error: { code: 412, message: "At least one of the pre-conditions you specified did not hold." },
    });
  }
  const corrupt = join(config.state, "gcs-corrupt");
  let stored = data;
  if (existsSync(corrupt)) {
    const match = readFileSync(corrupt, "utf8").trim();
    if (match && name.includes(match) && data.length > 0) {
      stored = Buffer.from(data);
      stored[0] ^= 0xff;
      log(`storage CORRUPTED gs://${bucket}/${name}`);
    }
  }
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, stored);
  const generation = String(Date.now() * 1000);
  log(`storage create gs://${bucket}/${name} (${stored.length} bytes) by ${member}`);
  return json(res, 200, {
    kind: "storage#object",
    bucket,
    name,
    generation,
    size: String(stored.length),
    md5Hash: createHash("md5").update(stored).digest("base64"),
  });
}

async function logging(req, res, url) {
  const member = caller(req);
  if (url.pathname !== "/v2/entries:write" || req.method !== "POST") {
    return json(res, 400, {
      error: { code: 400, message: `unsupported Cloud Logging call ${url.pathname}` },
    });
  }
  if (!member) return denied(res, "logging entries.write", member);
  const body = JSON.parse((await readBody(req)).toString("utf8"));
  for (const entry of body.entries ?? []) {
    appendFileSync(join(config.state, "logging.jsonl"), `${JSON.stringify({ by: member, ...entry })}\n`);
  }
  log(`logging entries.write ${(body.entries ?? []).length} by ${member}`);
  return json(res, 200, {});
}

const GOOGLE_APIS = {
  "secretmanager.googleapis.com": secretManager,
  "iamcredentials.googleapis.com": iamCredentials,
  "storage.googleapis.com": storage,
  "logging.googleapis.com": logging,
};

function staticFile(req, res, url) {
  const host = (req.headers.host ?? "").split(":")[0];
  const path = normalize(decodeURIComponent(url.pathname));
  const file = join(config.files, host, path);
  if (!file.startsWith(join(config.files, host)) || !existsSync(file) || !statSync(file).isFile()) {
    log(`404 https://${host}${url.pathname}`);
    return send(res, 404, "Not Found\n");
  }
  log(`200 https://${host}${url.pathname}`);
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": statSync(file).size });
  res.end(readFileSync(file));
}

const vendor = https.createServer(
  { cert: readFileSync(config.cert), key: readFileSync(config.key) },
  (req, res) => {
    const url = new URL(req.url, "https://x");
    const host = (req.headers.host ?? "").split(":")[0];
    const api = GOOGLE_APIS[host];
    if (api) {
      api(req, res, url).catch((e) => json(res, 500, { error: { message: String(e) } }));
      return;
    }
    staticFile(req, res, url);
  },
);

function metadataHandler(instance) {
  return (req, res) => {
    const url = new URL(req.url, "http://metadata.google.internal");
    if (req.headers["metadata-flavor"] !== "Google") {
      log(`metadata 403 (no Metadata-Flavor) ${url.pathname}`);
      return send(res, 403, "Missing Metadata-Flavor:Google header.\n");
    }
    const key = url.pathname.replace(/^\/computeMetadata\/v1\//, "");
    if (key === "instance/service-accounts/default/token") {
      return json(res, 200, {
        access_token: `standin:${instance.serviceAccount}`,
        expires_in: 3599,
        token_type: "Bearer",
      });
    }
    if (key === "instance/service-accounts/default/email") return send(res, 200, instance.serviceAccount);
    const value = instance.values[key];
    if (value === undefined) {
      log(`metadata 404 ${key}`);
      return send(res, 404, "Not Found\n");
    }
    log(`metadata ${key}`);
    send(res, 200, value);
  };
}

const listening = [new Promise((resolve) => vendor.listen(443, config.vendorIp, resolve))];
for (const [ip, instance] of Object.entries(config.instances)) {
  const server = http.createServer(metadataHandler(instance));
  listening.push(new Promise((resolve) => server.listen(80, ip, resolve)));
}
await Promise.all(listening);
process.stdout.write("READY\n");
