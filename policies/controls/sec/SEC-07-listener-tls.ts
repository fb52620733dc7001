import type { Control } from "../../control";
import { blocks, truthy } from "../../model/values";
import { verdict } from "../../judge/results";
import { configEvidence, judgeVaultHosts } from "../../views/vault-hosts";

const MIN_VERSIONS = ["tls12", "tls13"];

export const SEC07ListenerTls: Control = {
  id: "SEC-07",
  title: "Vault serves and joins its cluster only over TLS 1.2 or later",
  claim: "Every Vault listener uses TLS 1.2 or later, and nodes join the raft cluster over verified HTTPS.",
  severity: "critical",
  rationale:
    "Tokens and secrets cross Vault's API in every request; without TLS anyone on the path reads them. Raft " +
    "joins carry the keyring challenge, so they must use HTTPS too. TLS 1.0 and 1.1 are broken.",
  remediation:
    'Remove tls_disable from every listener "tcp", set tls_cert_file and tls_key_file, keep tls_min_version ' +
    'at "tls12" or "tls13", and use https for retry_join (auto_join_scheme, leader_api_addr).',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster renders a single TLS listener (each node's own certificate from the deployment's Vault CA, " +
    "tls_min_version tls12) and a retry_join with auto_join_scheme https, verifying the leader against the CA.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      const listeners = blocks(host.config, "listener.tcp");
      const joins = blocks(host.config, "storage.raft").flatMap((raft) => blocks(raft, "retry_join"));
      const found = [
        configEvidence("listener.tcp", listeners),
        ...(joins.length > 0 ? [configEvidence("storage.raft.retry_join", joins)] : []),
      ];
      if (listeners.length === 0)
        return [verdict("fail", host.resource, "the Vault configuration has no tcp listener", found)];
      const problems = [
        ...listeners.flatMap((listener, i) => {
          const where = `listener "tcp" #${i + 1}`;
          const version = listener.tls_min_version;
          return [
            ...(isOn(listener.tls_disable) ? [`${where} disables TLS`] : []),
            ...(["tls_cert_file", "tls_key_file"] as const)
              .filter((file) => !isOn(listener.tls_disable) && !listener[file])
              .map((file) => `${where} sets no ${file}`),
            // Unset (or null) means Vault's default minimum, tls12.
            ...(version == null || MIN_VERSIONS.includes(String(version))
              ? []
              : [`${where} accepts ${String(version)}, below tls12`]),
          ];
        }),
        ...joins.flatMap((join) => [
          ...(join.auto_join_scheme === undefined || join.auto_join_scheme === "https"
            ? []
            : [`retry_join uses auto_join_scheme ${String(join.auto_join_scheme)}`]),
          ...(typeof join.leader_api_addr === "string" && !join.leader_api_addr.startsWith("https://")
            ? [`retry_join leader_api_addr ${join.leader_api_addr} is not https`]
            : []),
        ]),
      ];
      return [
        problems.length === 0
          ? verdict("pass", host.resource, `${listeners.length} listener(s), all TLS 1.2 or later`, found)
          : verdict("fail", host.resource, problems.join("; "), found),
      ];
    }),
};

/** Vault reads booleans loosely: true, "true", 1, "1". */
function isOn(value: unknown): boolean {
  return truthy(value) === true || value === 1 || value === "1";
}
