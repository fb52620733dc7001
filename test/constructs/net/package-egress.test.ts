import { NET16PackageEgressFqdnOnly } from "../../../policies/controls/net/NET-16-package-egress-fqdn-only";
import { ZEEK_SENSOR_TAG } from "../../../constructs/mon/zeek/sensor";
import {
  PACKAGE_EGRESS_HOST_TAGS,
  PACKAGE_SOURCES,
  type PackageSource,
  packageSources,
} from "../../../shared/package-sources";
import { NETWORK_TAGS } from "../../../shared/network-tags";
import { environmentScope, environmentStacks } from "../../support/environment";
import { expectPasses } from "../../support/control-fixtures";
import type { Attributes, TerraformJson } from "../../support/synth";

/**
 * Hosts a boot script names in an http(s) URL; addresses, variables and the metadata server are not hosts,
 * and neither are Google's APIs (*.googleapis.com): the network's private DNS answers them with the
 * restricted VIP (restricted.googleapis.com, 199.36.153.4/30), reached through Private Google Access, not
 * through the internet egress the FQDN allow-list governs.
 */
function fetchedHosts(script: string): string[] {
  const hosts = [...script.matchAll(/https?:\/\/([A-Za-z0-9.$_{}-]+)/g)].map((m) => m[1]);
  return [...new Set(hosts)].filter(
    (host) =>
      !host.includes("$") &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(host) &&
      host !== "metadata.google.internal" &&
      host !== "localhost" &&
      !host.endsWith(".googleapis.com"),
  );
}

interface Vm {
  readonly stack: string;
  readonly address: string;
  readonly tags: string[];
  readonly script: string;
  readonly accountEmail: string;
}

/** Every VM and template of the environment, with its boot script and its service account's e-mail. */
function vms(stacks: Record<string, TerraformJson>): Vm[] {
  return Object.entries(stacks).flatMap(([stack, json]) =>
    ["google_compute_instance", "google_compute_instance_template", "google_compute_region_instance_template"]
      .flatMap((type) => Object.entries(json.resource?.[type] ?? {}).map(([name, a]) => ({ type, name, a })))
      .map(({ type, name, a }) => {
        const metadata = (a.metadata ?? {}) as Record<string, string>;
        const script = metadata["startup-script"] ?? (a.metadata_startup_script as string | undefined) ?? "";
        const ref = /^\$\{google_service_account\.([\w-]+)\.email\}$/.exec(
          ((a.service_account as Attributes | undefined)?.email as string | undefined) ?? "",
        );
        const account = ref ? (json.resource?.google_service_account?.[ref[1]] as Attributes) : undefined;
        return {
          stack,
          address: `${type}.${name}`,
          tags: (a.tags ?? []) as string[],
          script,
          accountEmail: account
            ? `${String(account.account_id)}@${String(account.project)}.iam.gserviceaccount.com`
            : "",
        };
      }),
  );
}

describe.each(["staging", "prod"])("package egress of the %s environment", (environment) => {
  const stacks = environmentStacks(environment);
  const all = vms(stacks);
  const network = stacks[`${environment}-network`];
  const allowRules = Object.values(
    network.resource?.google_compute_network_firewall_policy_rule ?? {},
  ).filter((r) => r.action === "allow") as Attributes[];
  const sensitive = all.filter((vm) =>
    Object.values(PACKAGE_EGRESS_HOST_TAGS).some((t) => vm.tags.includes(t)),
  );

  test("Vault, the Wazuh manager and the Zeek sensors are all found, none tagged internet-egress", () => {
    const kinds = new Set(
      sensitive.map(
        (vm) => Object.entries(PACKAGE_EGRESS_HOST_TAGS).find(([, t]) => vm.tags.includes(t))![0],
      ),
    );
    expect([...kinds].sort()).toEqual(["vault", "wazuhManager", "zeekSensor"]);
    for (const vm of sensitive) {
      expect([vm.address, vm.tags]).toEqual([
        vm.address,
        expect.not.arrayContaining([NETWORK_TAGS.internetEgress]),
      ]);
      expect([vm.address, vm.tags]).toEqual([
        vm.address,
        expect.arrayContaining([NETWORK_TAGS.packageEgress]),
      ]);
    }
  });

  test("each rendered boot script fetches only hosts on the FQDN allow rule that targets its service account", () => {
    for (const vm of sensitive) {
      const rule = allowRules.find((r) => (r.target_service_accounts as string[]).includes(vm.accountEmail));
      expect([vm.address, rule === undefined]).toEqual([vm.address, false]);
      const allowed = (rule!.match as Attributes).dest_fqdns as string[];
      const fetched = fetchedHosts(vm.script);
      expect(fetched.length).toBeGreaterThan(0);
      expect([vm.address, fetched.filter((host) => !allowed.includes(host))]).toEqual([vm.address, []]);
    }
  });

  test("NET-16 passes on the synthesized environment", () => {
    expectPasses(NET16PackageEgressFqdnOnly, environmentScope(stacks, environment));
  });
});

describe("package sources", () => {
  test("the checker's Zeek tag is the builder's", () => {
    expect(PACKAGE_EGRESS_HOST_TAGS.zeekSensor).toBe(ZEEK_SENSOR_TAG);
  });

  test("the test's URL reader finds hosts and skips variables, addresses and the metadata server", () => {
    expect(
      fetchedHosts(
        'curl https://apt.releases.hashicorp.com/gpg "https://$node_ip:9200" http://metadata.google.internal/x https://127.0.0.1:8200',
      ),
    ).toEqual(["apt.releases.hashicorp.com"]);
    expect(
      fetchedHosts(
        "curl https://storage.googleapis.com/upload https://iamcredentials.googleapis.com/v1 https://googleapis.com.example.org/x",
      ),
    ).toEqual(["googleapis.com.example.org"]);
  });

  // download.opensuse.org answers each package download with a redirect to a mirror it picks per request
  // (MirrorCache), so no allow-list could name where the .deb files come from: the Zeek repository is read
  // from the download origin instead.
  test("no list names the redirecting openSUSE download host", () => {
    const everyHost = (Object.values(PACKAGE_SOURCES).flat() as PackageSource[]).map((s) => s.host);
    expect(everyHost).not.toContain("download.opensuse.org");
    expect(packageSources("zeekSensor", { wazuhAgent: true }).map((s) => s.host)).toContain(
      "downloadcontent.opensuse.org",
    );
  });
});
