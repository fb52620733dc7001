import { parse } from "@cdktf/hcl2json";
import { renderVaultConfig } from "../../../constructs/sec/vault/config";
import { HclSyntaxError, readHcl } from "../../../lib/hcl-reader";

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
