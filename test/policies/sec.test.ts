import { parse } from "@cdktf/hcl2json";
import { renderVaultConfig } from "../../constructs/vault/config";
import type { Control, Result } from "../../policies/control";
import { SEC_CONTROLS } from "../../policies/controls/sec";
import { SEC08AuditDevice } from "../../policies/controls/sec/SEC-08-audit-device";
import { HclSyntaxError, readHcl } from "../../lib/hcl-reader";
import { SEC06InternalOnly } from "../../policies/controls/sec/SEC-06-internal-only";
import { SEC07ListenerTls } from "../../policies/controls/sec/SEC-07-listener-tls";
import { SEC05RaftDiskCmek } from "../../policies/controls/sec/SEC-05-raft-disk-cmek";
import { SEC09RaftDiskStateful } from "../../policies/controls/sec/SEC-09-raft-disk-stateful";
import { SEC04RaftQuorum } from "../../policies/controls/sec/SEC-04-raft-quorum";
import { SEC01SealDeclaredKey } from "../../policies/controls/sec/SEC-01-seal-declared-key";
import { SEC03SealKeyExclusive } from "../../policies/controls/sec/SEC-03-seal-key-exclusive";
import { SEC02SealKeyStrength } from "../../policies/controls/sec/SEC-02-seal-key-strength";
import { SEC11SecretCmek } from "../../policies/controls/sec/SEC-11-secret-cmek";
import { SEC10SecretPayloads } from "../../policies/controls/sec/SEC-10-secret-payloads";
import { expectWellFormed, markUnknown, run, scopeOf, statuses, tf } from "../support/control-fixtures";
import { environmentScope, environmentStacks } from "../support/environment";
import type { Attributes, TerraformJson } from "../support/synth";

type Stacks = Record<string, TerraformJson>;

/** The one resource of `type` in the prod stacks whose logical name starts with `prefix`, mutable. */
function resource(stacks: Stacks, type: string, prefix: string): { attributes: Attributes; address: string } {
  const found = Object.values(stacks).flatMap((stack) =>
    Object.entries(stack.resource?.[type] ?? {})
      .filter(([logical]) => logical.startsWith(prefix))
      .map(([logical, attributes]) => ({ attributes, address: `${type}.${logical}` })),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}`);
  return found[0];
}

const template = (stacks: Stacks) => resource(stacks, "google_compute_instance_template", "vault_template");
const group = (stacks: Stacks) =>
  resource(stacks, "google_compute_region_instance_group_manager", "vault_nodes");
const unsealKey = (stacks: Stacks) => resource(stacks, "google_kms_crypto_key", "vaultUnseal-primary");

/** Edits the Vault server configuration text carried in the template's metadata. */
function editConfig(stacks: Stacks, edit: (text: string) => string): void {
  const metadata = template(stacks).attributes.metadata;
  const before = metadata["vault-config"];
  metadata["vault-config"] = edit(before);
  if (metadata["vault-config"] === before) throw new Error("the edit changed nothing");
}

/** The results of a control on the prod environment after `change`, as `<address>: <status>` lines. */
function after(control: Control, change: (stacks: Stacks) => void): Result[] {
  const stacks = environmentStacks("prod");
  change(stacks);
  return control.evaluate(environmentScope(stacks, "prod"));
}

function failures(results: readonly Result[]): string[] {
  return results.filter((r) => r.status === "fail").map((r) => r.message);
}

describe("SEC controls", () => {
  test("are well formed", () => expectWellFormed(SEC_CONTROLS, "SEC"));

  test.each(["staging", "prod"])("%s: every control passes on the synthesized baseline", (env) => {
    const scope = environmentScope(environmentStacks(env), env);
    for (const control of SEC_CONTROLS) {
      const results = control.evaluate(scope);
      expect(`${control.id}: ${results.map((r) => r.status).join(",")}`).toMatch(
        new RegExp(`^${control.id}: (pass,?)+$`),
      );
    }
  });

  test("an environment without Vault is not applicable, never silent", () => {
    const vaultControls = SEC_CONTROLS.filter((c) => !["SEC-10", "SEC-11"].includes(c.id));
    for (const control of vaultControls)
      expect(run(control, scopeOf(tf({})))).toEqual(["project: not-applicable"]);
  });

  test("a Vault configuration known only after apply is unknown", () => {
    const stacks = environmentStacks("prod");
    const { address } = template(stacks);
    const scope = markUnknown(environmentScope(stacks, "prod"), address, "metadata.vault-config");
    expect(run(SEC01SealDeclaredKey, scope)).toEqual([`${address}: unknown`]);
    expect(run(SEC07ListenerTls, scope)).toEqual([`${address}: unknown`]);
  });

  test("a Vault configuration that is not HCL fails with the line of the problem", () => {
    const [result] = after(SEC01SealDeclaredKey, (stacks) =>
      editConfig(stacks, (t) => t.replace("ui ", "ui = {")),
    );
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/the Vault configuration cannot be read: line \d+: /);
  });
});

describe("SEC-01 seal names a declared key", () => {
  test("passes with the kms stack's vault-unseal key, resolved across stacks", () => {
    const [result] = SEC01SealDeclaredKey.evaluate(environmentScope(environmentStacks("prod"), "prod"));
    expect(result.message).toMatch(
      /seals with prod-kms\/google_kms_crypto_key\.vaultUnseal-primary_key_\w+ in prod-kms\/google_kms_key_ring\.ring-primary$/,
    );
  });

  test("passes with literal names (as a plan shows them) that match a declared key ring and key", () => {
    const results = after(SEC01SealDeclaredKey, (stacks) =>
      editConfig(stacks, (t) =>
        t
          .replace(/key_ring\s+= "[^"]+"/, 'key_ring = "acme-prod-primary"')
          .replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "vault-unseal"')
          .replace(/region\s+= "[^"]+"/, 'region = "europe-west2"'),
      ),
    );
    expect(statuses(results)).toEqual([expect.stringMatching(/: pass$/)]);
  });

  test("fails when the seal points at a key the baseline does not declare", () => {
    const results = after(SEC01SealDeclaredKey, (stacks) =>
      editConfig(stacks, (t) => t.replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "hand-made-key"')),
    );
    expect(failures(results)).toEqual([
      expect.stringContaining(`the seal's crypto key "hand-made-key" is not declared`),
    ]);
  });

  test("fails when the region is not the key ring's location, or missing (Vault would use us-east-1)", () => {
    const literal = (region: string) => (t: string) =>
      t
        .replace(/key_ring\s+= "[^"]+"/, 'key_ring = "acme-prod-primary"')
        .replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "vault-unseal"')
        .replace(/\n\s*region\s+= "[^"]+"/, region);
    const wrong = after(SEC01SealDeclaredKey, (s) => editConfig(s, literal('\n  region = "europe-west1"')));
    expect(failures(wrong)).toEqual([
      expect.stringContaining(`the seal's key ring "acme-prod-primary" is not declared`),
    ]);
    const missing = after(SEC01SealDeclaredKey, (s) => editConfig(s, literal("")));
    expect(failures(missing)).toEqual([expect.stringContaining("the seal sets no region")]);
  });

  test("fails without a gcpckms seal (Shamir unseal keys)", () => {
    const results = after(SEC01SealDeclaredKey, (stacks) =>
      editConfig(stacks, (t) => t.replace('seal "gcpckms"', 'seal "awskms"')),
    );
    expect(failures(results)).toEqual([expect.stringContaining("has no gcpckms seal")]);
  });
});

describe("SEC-02 unseal key HSM and rotated", () => {
  test("fails on a SOFTWARE key", () => {
    const results = after(SEC02SealKeyStrength, (stacks) => {
      unsealKey(stacks).attributes.version_template.protection_level = "SOFTWARE";
    });
    expect(failures(results)).toEqual([expect.stringContaining("protection level is SOFTWARE, not HSM")]);
  });

  test("fails on a key rotated every 120 days, or never", () => {
    const slow = after(
      SEC02SealKeyStrength,
      (s) => (unsealKey(s).attributes.rotation_period = `${120 * 86_400}s`),
    );
    expect(failures(slow)).toEqual([expect.stringContaining("rotates every 120 days, more than 90")]);
    const never = after(SEC02SealKeyStrength, (s) => delete unsealKey(s).attributes.rotation_period);
    expect(failures(never)).toEqual([expect.stringContaining("the key never rotates")]);
  });

  test("is unknown when the seal's key cannot be resolved", () => {
    const results = after(SEC02SealKeyStrength, (stacks) =>
      editConfig(stacks, (t) => t.replace(/crypto_key\s+= "[^"]+"/, 'crypto_key = "hand-made-key"')),
    );
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });
});

describe("SEC-03 only the Vault service account uses the unseal key", () => {
  const grantOnUnsealKey = (stacks: Stacks, member: string) => {
    const vault = stacks["prod-vault"];
    const own = resource(
      stacks,
      "google_kms_crypto_key_iam_member",
      "vault_identity_seal-cryptoKeyEncrypterDecrypter",
    );
    vault.resource!.google_kms_crypto_key_iam_member.extra = { ...own.attributes, member };
  };

  test("fails with an extra principal on the key", () => {
    const results = after(SEC03SealKeyExclusive, (s) => grantOnUnsealKey(s, "user:eve@example.com"));
    expect(statuses(results)).toEqual(["google_kms_crypto_key_iam_member.extra: fail"]);
    expect(results[0].message).toContain(
      "grants roles/cloudkms.cryptoKeyEncrypterDecrypter to user:eve@example.com",
    );
  });

  test("fails with another service account, even a service agent", () => {
    const agent = "serviceAccount:service-100000000003@compute-system.iam.gserviceaccount.com";
    expect(failures(after(SEC03SealKeyExclusive, (s) => grantOnUnsealKey(s, agent)))).toHaveLength(1);
  });

  test("fails with a Cloud KMS role on the project, which reaches the key", () => {
    const results = after(SEC03SealKeyExclusive, (stacks) => {
      stacks["prod-vault"].resource!.google_project_iam_member.kms_admin = {
        project: "acme-sec-prod",
        role: "roles/cloudkms.cryptoKeyDecrypter",
        member: "group:ops@example.com",
      };
    });
    expect(failures(results)).toEqual([expect.stringContaining("to group:ops@example.com on the project")]);
  });

  test("fails when the Vault service account itself cannot use the key", () => {
    const results = after(SEC03SealKeyExclusive, (stacks) => {
      const own = resource(
        stacks,
        "google_kms_crypto_key_iam_member",
        "vault_identity_seal-cryptoKeyEncrypterDecrypter",
      );
      delete stacks["prod-vault"].resource!.google_kms_crypto_key_iam_member[own.address.split(".")[1]];
    });
    expect(failures(results)).toEqual([expect.stringContaining("auto-unseal would fail")]);
  });
});

describe("SEC-04 at least 3 nodes over at least 3 zones", () => {
  test("fails over 2 zones", () => {
    const results = after(SEC04RaftQuorum, (s) => group(s).attributes.distribution_policy_zones.pop());
    expect(failures(results)).toEqual([expect.stringContaining("names 2 zone(s), fewer than 3")]);
  });

  test("fails with an even node count or a shape that may pack nodes into one zone", () => {
    expect(failures(after(SEC04RaftQuorum, (s) => (group(s).attributes.target_size = 4)))).toEqual([
      expect.stringContaining("target_size 4 is not an odd number of at least 3"),
    ]);
    const packed = after(
      SEC04RaftQuorum,
      (s) => (group(s).attributes.distribution_policy_target_shape = "ANY_SINGLE_ZONE"),
    );
    expect(failures(packed)).toEqual([expect.stringContaining("may place nodes in one zone")]);
  });

  test("fails when no regional group deploys the Vault template", () => {
    const results = after(SEC04RaftQuorum, (stacks) => {
      delete stacks["prod-vault"].resource!.google_compute_region_instance_group_manager;
      delete stacks["prod-vault"].resource!.google_compute_region_backend_service;
    });
    expect(failures(results)).toEqual([
      expect.stringContaining("no regional managed instance group deploys"),
    ]);
  });
});

describe("SEC-05 raft disk CMEK", () => {
  test("fails when the raft disk has no customer-managed key", () => {
    const results = after(
      SEC05RaftDiskCmek,
      (s) => delete template(s).attributes.disk[1].disk_encryption_key,
    );
    expect(failures(results)).toEqual([
      expect.stringContaining("data disk vault-raft is encrypted with a Google-managed key"),
    ]);
  });

  test("fails when raft has no disk of its own", () => {
    const results = after(SEC05RaftDiskCmek, (s) => template(s).attributes.disk.pop());
    expect(failures(results)).toEqual([
      expect.stringContaining("no data disk: raft would share the boot disk"),
    ]);
  });
});

describe("SEC-06 internal-only exposure", () => {
  test("fails with an EXTERNAL forwarding rule", () => {
    const results = after(SEC06InternalOnly, (s) => {
      resource(s, "google_compute_forwarding_rule", "vault_lb").attributes.load_balancing_scheme = "EXTERNAL";
    });
    expect(statuses(results)).toEqual([
      expect.stringMatching(/^google_compute_forwarding_rule\.vault_lb_forwarding-rule_\w+: fail$/),
    ]);
    expect(results[0].message).toContain("exposes Vault with load-balancing scheme EXTERNAL");
  });

  test("fails with a forwarding rule left at the provider's EXTERNAL default", () => {
    const results = after(SEC06InternalOnly, (s) => {
      delete resource(s, "google_compute_forwarding_rule", "vault_lb").attributes.load_balancing_scheme;
    });
    expect(failures(results)).toEqual([expect.stringContaining("scheme EXTERNAL")]);
  });

  test("fails with an external IP on the nodes", () => {
    const results = after(
      SEC06InternalOnly,
      (s) => (template(s).attributes.network_interface[0].access_config = [{}]),
    );
    expect(failures(results)).toEqual([
      expect.stringContaining("network_interface.0 has an external IP (access_config)"),
    ]);
  });

  test("fails when a firewall rule opens 8200 to 0.0.0.0/0 for the Vault nodes", () => {
    const results = after(SEC06InternalOnly, (s) => {
      resource(s, "google_compute_firewall", "vault_firewall_clients").attributes.source_ranges = [
        "0.0.0.0/0",
      ];
    });
    expect(failures(results)).toEqual([
      expect.stringContaining("allows 8200/8201 from the internet to Vault nodes"),
    ]);
  });

  test("fails a rule opening 8200 that names no source (Google applies 0.0.0.0/0) or two IPv4 halves", () => {
    for (const change of [
      (a: Record<string, unknown>) => delete a.source_ranges,
      (a: Record<string, unknown>) => (a.source_ranges = ["0.0.0.0/1", "128.0.0.0/1"]),
    ]) {
      const results = after(SEC06InternalOnly, (s) =>
        change(resource(s, "google_compute_firewall", "vault_firewall_clients").attributes),
      );
      expect(failures(results)).toEqual([
        expect.stringContaining("allows 8200/8201 from the internet to Vault nodes"),
      ]);
    }
  });

  test("ignores an internet rule that targets other instances", () => {
    const results = after(SEC06InternalOnly, (s) => {
      s["prod-vault"].resource!.google_compute_firewall.web = {
        name: "web",
        network: "n",
        source_ranges: ["0.0.0.0/0"],
        allow: [{ protocol: "tcp" }],
        target_tags: ["web"],
      };
    });
    expect(results.map((r) => r.status)).toEqual(["pass"]);
  });
});

describe("SEC-07 TLS only", () => {
  test("fails with tls_disable = true", () => {
    const results = after(SEC07ListenerTls, (s) =>
      editConfig(s, (t) => t.replace('listener "tcp" {', 'listener "tcp" {\n  tls_disable = true')),
    );
    expect(failures(results)).toEqual([expect.stringContaining('listener "tcp" #1 disables TLS')]);
  });

  test('fails with tls_disable = "1" (Vault reads loose booleans) or a TLS 1.0 minimum', () => {
    const loose = after(SEC07ListenerTls, (s) =>
      editConfig(s, (t) => t.replace('listener "tcp" {', 'listener "tcp" {\n  tls_disable = "1"')),
    );
    expect(failures(loose)).toHaveLength(1);
    const old = after(SEC07ListenerTls, (s) => editConfig(s, (t) => t.replace('"tls12"', '"tls10"')));
    expect(failures(old)).toEqual([expect.stringContaining("accepts tls10, below tls12")]);
  });

  test("fails when nodes join the raft cluster over plain HTTP", () => {
    const results = after(SEC07ListenerTls, (s) =>
      editConfig(s, (t) => t.replace('auto_join_scheme      = "https"', 'auto_join_scheme = "http"')),
    );
    expect(failures(results)).toEqual([expect.stringContaining("retry_join uses auto_join_scheme http")]);
  });
});

describe("SEC-08 audit device", () => {
  test("fails with no audit device declared", () => {
    const results = after(
      SEC08AuditDevice,
      (s) => delete template(s).attributes.metadata["vault-audit-file"],
    );
    expect(failures(results)).toEqual([expect.stringContaining("no file audit device is declared")]);
  });

  test("fails when the boot script does not set up the declared device", () => {
    const results = after(
      SEC08AuditDevice,
      (s) => (template(s).attributes.metadata["vault-audit-file"] = "/var/log/other.log"),
    );
    expect(failures(results)).toEqual([
      expect.stringContaining("does not set up the audit device for /var/log/other.log"),
    ]);
  });
});

describe("SEC-09 raft disks survive recreation", () => {
  test("fails when the raft disk is not stateful, or is deleted with the instance", () => {
    expect(
      failures(after(SEC09RaftDiskStateful, (s) => delete group(s).attributes.stateful_disk)),
    ).toHaveLength(1);
    const deleted = after(SEC09RaftDiskStateful, (s) => {
      group(s).attributes.stateful_disk[0].delete_rule = "ON_PERMANENT_INSTANCE_DELETION";
    });
    expect(failures(deleted)).toEqual([
      expect.stringContaining("vault-raft are not stateful with delete_rule NEVER"),
    ]);
  });
});

describe("SEC-10 no secret payload in Terraform", () => {
  test("fails on a declared secret version or a data source reading one", () => {
    const results = after(SEC10SecretPayloads, (s) => {
      s["prod-vault"].resource!.google_secret_manager_secret_version = {
        key: { secret: "s", secret_data: "-----BEGIN PRIVATE KEY-----" },
      };
      s["prod-vault"].data = {
        ...s["prod-vault"].data,
        google_secret_manager_secret_version: { read: { secret: "s" } },
      };
    });
    expect(statuses(results)).toEqual([
      "google_secret_manager_secret_version.key: fail",
      "data.google_secret_manager_secret_version.read: fail",
    ]);
  });

  test("fails on KMS decryption, private keys and passwords Terraform keeps in state", () => {
    const results = after(SEC10SecretPayloads, (s) => {
      const vault = s["prod-vault"];
      Object.assign(vault.resource!, {
        google_kms_secret_ciphertext: { token: { crypto_key: "k", plaintext: "hunter2" } },
        google_compute_ssl_certificate: { cert: { certificate: "c", private_key: "-----BEGIN" } },
        google_certificate_manager_certificate: {
          own: { name: "own", self_managed: { pem_certificate: "c", pem_private_key: "-----BEGIN" } },
          managed: { name: "managed", managed: { domains: ["example.com"] } },
        },
        tls_private_key: { ca: { algorithm: "RSA" } },
      });
      vault.data = { ...vault.data, google_kms_secret: { read: { crypto_key: "k", ciphertext: "x" } } };
    });
    expect(statuses(results).filter((s) => s.endsWith(": fail"))).toEqual([
      "google_kms_secret_ciphertext.token: fail",
      "google_compute_ssl_certificate.cert: fail",
      "google_certificate_manager_certificate.own: fail",
      "tls_private_key.ca: fail",
      "data.google_kms_secret.read: fail",
    ]);
  });
});

describe("SEC-11 secrets in named regions with CMEK", () => {
  test("fails on automatic replication and on a replica without a customer-managed key", () => {
    const results = after(SEC11SecretCmek, (s) => {
      resource(s, "google_secret_manager_secret", "vault_tls_tls-key").attributes.replication = { auto: {} };
      delete resource(s, "google_secret_manager_secret", "vault_tls_tls-ca").attributes.replication
        .user_managed.replicas[0].customer_managed_encryption;
    });
    expect(failures(results)).toEqual([
      expect.stringMatching(/tls-ca_\w+: replica\(s\) in europe-west2 use a Google-managed key$/),
      expect.stringMatching(/tls-key_\w+: automatic replication/),
    ]);
  });
});

describe("reading the Vault configuration HCL", () => {
  test("reads a rendered configuration exactly as @cdktf/hcl2json does, references included", async () => {
    const text = renderVaultConfig({
      seal: { project: "p", region: "${data.x.y.location}", keyRing: "${data.x.y.name}", cryptoKey: "k" },
      autoJoin: { project: "p", region: "europe-west2" },
      tlsServerName: "vault.internal",
    });
    expect(readHcl(text)).toEqual(await parse("vault.hcl", text));
  });

  test("reads what hand-written configurations use: comments, lists, objects, bare labels, loose values", async () => {
    const text = [
      "// comment",
      "/* block",
      "   comment */",
      'listener "tcp" { # inline',
      '  tls_disable = "true"',
      '  x_forwarded_for_authorized_addrs = ["10.0.0.0/8", "192.168.0.0/16",]',
      "  custom_response_headers {",
      '    default = { "Strict-Transport-Security" = ["max-age=31536000"], "X-Frame" : "DENY" }',
      "  }",
      "}",
      'listener "tcp" {',
      '  address = "127.0.0.1:8200"',
      "  tls_disable = 1",
      "}",
      'max_lease_ttl = "768h"',
      "cache_size = 131072",
      'ha "note" "two" {',
      "  ratio = -1.5e2",
      "  off = null",
      "}",
      "",
    ].join("\n");
    expect(readHcl(text)).toEqual(await parse("vault.hcl", text));
  });

  test("accepts HCL 1's quoted attribute names, as Vault's documentation writes custom headers", () => {
    const text = 'listener "tcp" {\n  custom_response_headers {\n    "2xx" = { "X-A" = ["1"] }\n  }\n}\n';
    expect(readHcl(text)).toEqual({
      listener: { tcp: [{ custom_response_headers: [{ "2xx": { "X-A": ["1"] } }] }] },
    });
  });

  test("reports what it cannot read with its line", () => {
    expect(() => readHcl('a = "x"\nb = lookup(x)\n')).toThrow(
      new HclSyntaxError("expected a literal value, found lookup", 2),
    );
    expect(() => readHcl('a {\n  b = "open\n}\n')).toThrow(/line 2: unterminated string/);
    expect(() => readHcl("a = 1\na = 2\n")).toThrow(/line 2: a is set twice/);
    expect(() => readHcl("a {\n")).toThrow(/expected } before the end of the text/);
  });
});
