import { FirewallRule, type FirewallRuleProps } from "../../../constructs/net/firewall-rule";
import { statuses } from "../../support/controls";
import { scopeFromTerraformJson } from "../../support/scope";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

const BASE: FirewallRuleProps = {
  network: "projects/p/global/networks/vpc",
  name: "allow-https-from-app",
  description: "App tier reaches the API",
  direction: "INGRESS",
  action: "allow",
  protocols: [{ protocol: "tcp", ports: ["443"] }],
  sourceRanges: ["10.10.0.0/20"],
  targetTags: ["api"],
};

function synthRule(props: Partial<FirewallRuleProps> = {}) {
  return synthScope((stack) => new FirewallRule(stack, "rule", { ...BASE, ...props }));
}

describe("FirewallRule", () => {
  const bare = synthRule();

  test("always logs with full metadata, so the firewall logging control passes", () => {
    expect(attributesOf(bare, "google_compute_firewall")[0]).toMatchObject({
      log_config: { metadata: "INCLUDE_ALL_METADATA" },
      allow: [{ protocol: "tcp", ports: ["443"] }],
      priority: 1000,
    });
    expect(statuses("NET-08", scopeFromTerraformJson(bare))).toEqual(["pass"]);
  });

  test("used bare, it passes the firewall controls: no internet ingress, logged, SSH only from IAP, targeted", () => {
    expectUsedBarePasses(bare, ["NET-05", "NET-08", "NET-09", "NET-12"]);
  });

  test("a deny rule renders deny blocks only", () => {
    const [rule] = attributesOf(
      synthRule({ action: "deny", protocols: [{ protocol: "all" }] }),
      "google_compute_firewall",
    );
    expect(rule.deny).toEqual([{ protocol: "all" }]);
    expect(rule.allow).toBeUndefined();
  });

  test.each(["0.0.0.0/0", "::/0"])("refuses ingress from %s without allowInternetSource", (range) => {
    expect(() => synthRule({ sourceRanges: [range] })).toThrow(/needs allowInternetSource: true/);
  });

  test("allowInternetSource is the explicit loosening, and the internet-ingress control fails it", () => {
    const json = synthRule({ sourceRanges: ["0.0.0.0/0"], allowInternetSource: true });
    expect(statuses("NET-05", scopeFromTerraformJson(json))).toContain("fail");
  });

  test("egress to the internet and internet denies need no option", () => {
    expect(() =>
      synthRule({ direction: "EGRESS", sourceRanges: undefined, destinationRanges: ["0.0.0.0/0"] }),
    ).not.toThrow();
    expect(() => synthRule({ action: "deny", sourceRanges: ["0.0.0.0/0"] })).not.toThrow();
  });
});
