import { SEC07ListenerTls } from "../../../policies/controls/sec/SEC-07-listener-tls";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, editConfig, failures, prodScope, templateAddress } from "./fixture";

describe("SEC-07 Vault serves and joins its cluster only over TLS 1.2 or later", () => {
  test("passes the baseline's single TLS listener and HTTPS retry_join", () => {
    const [result] = expectPasses(SEC07ListenerTls, prodScope());
    expect(result.message).toMatch(/1 listener\(s\), all TLS 1\.2 or later$/);
  });

  test("fails with tls_disable = true", () => {
    const change = (s: Stacks) =>
      editConfig(s, (t) => t.replace('listener "tcp" {', 'listener "tcp" {\n  tls_disable = true'));
    expect(failures(after(SEC07ListenerTls, change))).toEqual([
      expect.stringContaining('listener "tcp" #1 disables TLS'),
    ]);
    expectFails(SEC07ListenerTls, prodScope(change), templateAddress());
  });

  test('fails with tls_disable = "1" (Vault reads loose booleans) or a TLS 1.0 minimum', () => {
    const loose = after(SEC07ListenerTls, (s) =>
      editConfig(s, (t) => t.replace('listener "tcp" {', 'listener "tcp" {\n  tls_disable = "1"')),
    );
    expect(failures(loose)).toHaveLength(1);
    const tls10 = (s: Stacks) => editConfig(s, (t) => t.replace('"tls12"', '"tls10"'));
    expect(failures(after(SEC07ListenerTls, tls10))).toEqual([
      expect.stringContaining("accepts tls10, below tls12"),
    ]);
    expectFails(SEC07ListenerTls, prodScope(tls10), templateAddress());
  });

  test("an unset or null tls_min_version is Vault's default minimum (tls12), not a weaker one", () => {
    const nulled = (s: Stacks) =>
      editConfig(s, (t) => t.replace(/tls_min_version\s*=\s*"tls12"/, "tls_min_version = null"));
    expect(failures(after(SEC07ListenerTls, nulled))).toEqual([]);
    expectPasses(SEC07ListenerTls, prodScope(nulled));
  });

  test("fails when nodes join the raft cluster over plain HTTP", () => {
    const change = (s: Stacks) =>
      editConfig(s, (t) => t.replace('auto_join_scheme      = "https"', 'auto_join_scheme = "http"'));
    expect(failures(after(SEC07ListenerTls, change))).toEqual([
      expect.stringContaining("retry_join uses auto_join_scheme http"),
    ]);
    expectFails(SEC07ListenerTls, prodScope(change), templateAddress());
  });
});
