import { App, Testing } from "cdktf";
import type { Config } from "../../config/schema";
import { defineBaseline } from "../../stacks/app";
import { EdgeStack } from "../../stacks/edge";
import { baselineText, editBaseline } from "../support/baseline-text";
import { type TerraformJson, attributesOf, configFromYaml, defaultConfig, normalise } from "../support/synth";

/** The edge stack of one environment, synthesized on its own (it takes no value from other stacks). */
function synthEdge(envName: string, config: Config = defaultConfig()): TerraformJson {
  const env = config.environments.find((e) => e.name === envName)!;
  return JSON.parse(Testing.synth(new EdgeStack(Testing.app(), config, env))) as TerraformJson;
}

function configWith(from: string, to: string): Config {
  return configFromYaml(editBaseline(from, to).text);
}

const resourceCounts = (json: TerraformJson): Record<string, number> =>
  Object.fromEntries(
    Object.entries(json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]),
  );

describe("EdgeStack", () => {
  it.each(["staging", "prod"])("synthesizes %s-edge as snapshotted", (env) => {
    expect(normalise(synthEdge(env))).toMatchSnapshot();
  });

  it("declares twelve resources for the default Cloud Run backend", () => {
    expect(resourceCounts(synthEdge("prod"))).toEqual({
      google_compute_backend_service: 1,
      google_compute_global_address: 1,
      google_compute_global_forwarding_rule: 2,
      google_compute_managed_ssl_certificate: 1,
      google_compute_region_network_endpoint_group: 1,
      google_compute_security_policy: 1,
      google_compute_ssl_policy: 1,
      google_compute_target_http_proxy: 1,
      google_compute_target_https_proxy: 1,
      google_compute_url_map: 2,
    });
  });

  it("keeps state under <env>/edge and names resources after the environment", () => {
    const json = synthEdge("staging");
    expect(json.terraform?.backend).toEqual({
      gcs: { bucket: "acme-acme-tf-seed-tfstate", prefix: "staging/edge" },
    });
    expect(attributesOf(json, "google_compute_security_policy")[0].name).toBe("acme-staging-edge-armor");
    expect(attributesOf(json, "google_compute_managed_ssl_certificate")[0].managed.domains).toEqual([
      "staging.app.example.com",
    ]);
  });

  it("builds the Armor policy from the edge section", () => {
    const config = configWith("    sensitivity: 1", "    sensitivity: 2");
    const [policy] = attributesOf(synthEdge("prod", config), "google_compute_security_policy");
    const expressions: string[] = policy.rule.map(
      (rule: { match: { expr?: { expression: string } } }) => rule.match.expr?.expression,
    );
    expect(expressions).toContain("evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 2})");
    expect(expressions).toContain("has(request.headers['x-api-key'])");
    const verbose = configWith("  verboseLogging: false", "  verboseLogging: true");
    expect(
      attributesOf(synthEdge("prod", verbose), "google_compute_security_policy")[0].advanced_options_config,
    ).toEqual({
      json_parsing: "STANDARD",
      log_level: "VERBOSE",
    });
  });

  it("uses the MODERN profile when configured", () => {
    const config = configWith("  sslProfile: RESTRICTED", "  sslProfile: MODERN");
    expect(attributesOf(synthEdge("prod", config), "google_compute_ssl_policy")[0]).toMatchObject({
      profile: "MODERN",
      min_tls_version: "TLS_1_2",
    });
  });

  it("fronts an instance group with a health check instead of a serverless NEG when configured", () => {
    const { text } = editBaseline("    type: cloudRun", "    type: instanceGroup");
    const config = configFromYaml(
      text.replace(
        "    service: web\n",
        "    instanceGroup: projects/acme-sec-prod/regions/europe-west2/instanceGroups/web\n" +
          "    port: 8080\n    healthCheckPath: /healthz\n",
      ),
    );
    const json = synthEdge("prod", config);
    expect(attributesOf(json, "google_compute_region_network_endpoint_group")).toEqual([]);
    expect(attributesOf(json, "google_compute_health_check")[0]).toMatchObject({
      name: "acme-prod-edge-hc",
      http_health_check: { port: 8080, request_path: "/healthz" },
    });
  });

  it("is declared for each environment with edge enabled, and not when disabled", () => {
    const stacks = (config: Config) => {
      const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
      defineBaseline(app, config);
      return app.node.children.map((c) => c.node.id).filter((id) => id.endsWith("-edge"));
    };
    expect(stacks(defaultConfig())).toEqual(["staging-edge", "prod-edge"]);
    const disabled = baselineText().replace("\nedge:\n  enabled: true\n", "\nedge:\n  enabled: false\n");
    expect(stacks(configFromYaml(disabled))).toEqual([]);
  });
});
