import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderAptSigningKey } from "../../../constructs/cmp/apt-signing-key";
import { shellcheck } from "../../support/shellcheck";

/** Runs gpg in its own home; throws with its stderr when it fails. */
function gpg(home: string, args: string[]): string {
  const result = spawnSync("gpg", ["--homedir", home, "--batch", ...args], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(`gpg ${args.join(" ")} failed: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}

/** A throwaway signing key (primary plus subkey, as vendors publish them): its fingerprint and armored file. */
function makeKey(home: string, uid: string): { fingerprint: string; armored: string } {
  gpg(home, ["--passphrase", "", "--quick-gen-key", uid, "default", "default", "never"]);
  const fingerprint = gpg(home, ["--with-colons", "--list-keys", uid])
    .split("\n")
    .find((line) => line.startsWith("fpr:"))!
    .split(":")[9];
  return { fingerprint, armored: gpg(home, ["--armor", "--export", uid]) };
}

// A boot-script fragment, not a construct: it declares no resource, so no control judges it.
describe("renderAptSigningKey", () => {
  let dir: string;
  let pinned: { fingerprint: string; armored: string };
  let other: { fingerprint: string; armored: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "apt-key-"));
    const home = mkdtempSync(join(dir, "gnupg-"));
    pinned = makeKey(home, "Pinned Vendor <pinned@example.com>");
    other = makeKey(home, "Someone Else <other@example.com>");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the fragment on a served key file; returns the exit status and whether the keyring was written. */
  function install(
    keyFile: string,
    name: string,
  ): { status: number | null; keyring: boolean; stderr: string } {
    const served = join(dir, `${name}.asc`);
    writeFileSync(served, keyFile);
    const keyring = join(dir, `${name}.gpg`);
    const fragment = renderAptSigningKey({
      vendor: "Pinned",
      url: `file://${served}`,
      fingerprint: pinned.fingerprint,
      keyring,
    });
    const result = spawnSync("bash", ["-c", `set -euo pipefail\n${fragment}`], {
      encoding: "utf8",
      env: { ...process.env, GNUPGHOME: mkdtempSync(join(dir, "boot-")) },
    });
    return { status: result.status, keyring: existsSync(keyring), stderr: result.stderr };
  }

  test("installs the keyring when the file holds exactly the pinned key (with its subkey)", () => {
    expect(install(pinned.armored, "exact")).toMatchObject({ status: 0, keyring: true });
  });

  test("stops before writing the keyring when the file also carries another key", () => {
    const result = install(pinned.armored + other.armored, "extra");
    expect(result).toMatchObject({ status: 1, keyring: false });
    expect(result.stderr).toContain(`expected only ${pinned.fingerprint}`);
  });

  test("stops before writing the keyring when the file holds another key", () => {
    expect(install(other.armored, "wrong")).toMatchObject({ status: 1, keyring: false });
  });

  test("passes shellcheck and refuses a malformed fingerprint", () => {
    const key = { vendor: "V", url: "https://example.com/key", keyring: "/usr/share/keyrings/v.gpg" };
    const fragment = renderAptSigningKey({ ...key, fingerprint: "0".repeat(40) });
    expect(shellcheck(`#!/bin/bash\nset -euo pipefail\n${fragment}\n`)).toEqual([]);
    expect(() => renderAptSigningKey({ ...key, fingerprint: "29111145" })).toThrow(
      'V key fingerprint must be 40 upper-case hex digits, got "29111145"',
    );
  });
});
