// Stand-ins for what the boot scripts reach over the network, served on loopback addresses only:
// - vendor download hosts over HTTPS (packages.wazuh.com, raw.githubusercontent.com, downloadcontent.opensuse.org,
//   apt.releases.hashicorp.com, dl.google.com, ...): static files from <files>/<host>/<path>, so the harness
//   serves a signed apt repository and plain downloads under the same URLs the scripts use;
// - the Secret Manager API (secretmanager.googleapis.com): versions kept in <state>/secrets, access checked
//   against the secret's IAM bindings from the synthesized Terraform (a caller is known by its access token,
//   which the metadata stand-in issues per instance service account);
// - the metadata server (metadata.google.internal) over HTTP on each instance's own loopback address, answering
//   that instance's keys (and requiring Metadata-Flavor: Google, as the real one does).
//
//   node server.mjs <config.json>      (prints "READY" once listening; every request is logged to <state>/requests.log)
//
// config.json: { vendorIp, cert, key, files, state, iam: [{secret, role, member}],
//                instances: { <ip>: { serviceAccount, values: { "<metadata path>": "<value>" } } } }
import { Buffer } from "node:buffer";
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
    if (host === "secretmanager.googleapis.com") {
      secretManager(req, res, url).catch((e) => json(res, 500, { error: { message: String(e) } }));
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
