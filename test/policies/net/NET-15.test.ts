import { NET15DnssecPublicZones } from "../../../policies/controls/net/NET-15-dnssec-public-zones";
import {
  type Attrs,
  expectFails,
  expectPasses,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";

const ZONE = "google_dns_managed_zone.public";
const zone = (attributes: Attrs) =>
  scopeOf(
    tf({ google_dns_managed_zone: { public: { name: "public", dns_name: "example.com.", ...attributes } } }),
  );
const SIGNED = { dnssec_config: { state: "on" } };

describe("NET-15 DNSSEC on every public DNS zone, without RSASHA1", () => {
  it("passes a public zone with DNSSEC on, with Google's default keys or strong ones", () => {
    expectPasses(NET15DnssecPublicZones, zone(SIGNED));
    const strong = zone({
      visibility: "public",
      dnssec_config: {
        state: "on",
        default_key_specs: [
          { algorithm: "ecdsap256sha256", key_type: "keySigning" },
          { algorithm: "rsasha256", key_type: "zoneSigning", key_length: 2048 },
        ],
      },
    });
    expectPasses(NET15DnssecPublicZones, strong);
    expect(run(NET15DnssecPublicZones, strong)).toEqual([`${ZONE}: pass`]);
  });

  it.each([
    ["no dnssec_config (visibility defaults to public)", {}, "dnssec_config.state is not set"],
    ["dnssec_config = null (unset)", { dnssec_config: null }, "dnssec_config.state is not set"],
    ["state off", { dnssec_config: { state: "off" } }, "dnssec_config.state is off"],
    ["state transfer", { dnssec_config: { state: "transfer" } }, "dnssec_config.state is transfer"],
  ])("fails a public zone with %s", (_, attributes, message) => {
    const [failed] = expectFails(NET15DnssecPublicZones, zone(attributes), ZONE);
    expect(failed.message).toContain(message);
  });

  it("fails a signed zone whose key-signing or zone-signing key uses RSASHA1", () => {
    const weak = zone({
      dnssec_config: {
        state: "on",
        default_key_specs: [
          { algorithm: "rsasha1", key_type: "keySigning" },
          { algorithm: "rsasha256", key_type: "zoneSigning" },
        ],
      },
    });
    const [failed] = expectFails(NET15DnssecPublicZones, weak, ZONE);
    expect(failed.message).toBe(
      `${ZONE}: public zone: dnssec_config.default_key_specs.0 signs keySigning keys with RSASHA1`,
    );
  });

  it("does not apply to private zones, and is unknown for a visibility from a variable", () => {
    expect(run(NET15DnssecPublicZones, zone({ visibility: "private" }))).toEqual([
      `${ZONE}: not-applicable`,
      "project: pass",
    ]);
    expect(resultFor(NET15DnssecPublicZones, zone({ visibility: "${var.visibility}" }), ZONE).status).toBe(
      "unknown",
    );
    expect(
      resultFor(NET15DnssecPublicZones, zone({ dnssec_config: { state: "${var.dnssec}" } }), ZONE).status,
    ).toBe("unknown");
  });

  it("passes at project level when no zone is public (nothing to sign), fails a public one beside private ones", () => {
    expect(run(NET15DnssecPublicZones, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual(
      ["project: pass"],
    );
    const mixed = scopeOf(
      tf({
        google_dns_managed_zone: {
          internal: { name: "internal", dns_name: "corp.", visibility: "private" },
          public: { name: "public", dns_name: "example.com." },
        },
      }),
    );
    expect(run(NET15DnssecPublicZones, mixed)).toEqual([
      "google_dns_managed_zone.internal: not-applicable",
      `${ZONE}: fail`,
    ]);
  });
});
