import { VAULT_METADATA_KEYS } from "../../../shared/vault";
import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { literal } from "../../model/resolve";
import { get } from "../../model/values";
import { evidence, projectVerdict } from "../../judge/results";
import { vaultHosts } from "../../views/vault-hosts";
import { vaultResources } from "../../views/vault-config";

const AUDIT_FILE = `metadata.${VAULT_METADATA_KEYS.auditFile}`;
const AUDIT_FALLBACK_FILE = `metadata.${VAULT_METADATA_KEYS.auditFallbackFile}`;

export const SEC13VaultAuditDevices: Control = {
  id: "SEC-13",
  title: "Vault's configuration enables two audit devices, writing files its nodes ship",
  claim:
    "Every request to Vault is recorded in an audit log that leaves the node, and a second audit device keeps " +
    "Vault answering (and recording) when one device fails; no file device writes a file that stays on the node.",
  severity: "high",
  rationale:
    "Vault refuses every request it cannot write to at least one audit device. With one device, a full or " +
    "unwritable log file stops Vault; with two, the other keeps recording. The file the nodes' Ops Agent " +
    "ships to Cloud Logging (the vault stack's `vault-audit-file` metadata) must be one of them, or the " +
    "records never leave the node; and every other file device's file must be shipped too (`vault-audit-" +
    "fallback-file`), or the requests Vault could record only there, while the first file was unwritable, are " +
    "lost with the node.",
  remediation:
    "Declare two vault_audit resources in the vault-config stack: a file device at the path in the Vault " +
    `nodes' ${AUDIT_FILE} metadata, and a second one at the path in their ${AUDIT_FALLBACK_FILE} metadata ` +
    "(both shipped by the nodes' Ops Agent).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultAuditDevices declares the shipped file device (imported from vault-post-init) and a fallback file " +
    "device; the nodes' Ops Agent ships both (logs vault_audit and vault_audit_fallback, both kept in the " +
    "locked audit bucket: MON-08); test/runtime/vault-config shows both record every request on a real Vault.",
  evaluate: (scope) => {
    if (vaultResources(scope).length === 0)
      return [
        projectVerdict(
          "not-applicable",
          `no Vault configuration is declared in environment ${scope.environment}`,
        ),
      ];
    const devices = scope.ofType("vault_audit").map((resource) => ({
      resource,
      type: literal(scope, resource, get(resource.attributes, "type")),
      file: literal(scope, resource, get(resource.attributes, "options.file_path")),
    }));
    const found = devices.map((d) =>
      evidence(
        `${d.resource.address}`,
        isUnknown(d.type) ? d.type : `${String(d.type)} ${String(d.file ?? "")}`.trim(),
      ),
    );
    if (devices.some((d) => isUnknown(d.type) || (d.type === "file" && isUnknown(d.file))))
      return [projectVerdict("unknown", "an audit device's type or file is known only after apply", found)];
    if (devices.length < 2)
      return [
        projectVerdict(
          "fail",
          `${devices.length} audit device(s) declared: with fewer than two, one failing device stops Vault`,
          found,
        ),
      ];
    const shippedBy = (key: string) => [
      ...new Set(
        vaultHosts(scope).map((host) => literal(scope, host.resource, get(host.resource.attributes, key))),
      ),
    ];
    const shipped = shippedBy(AUDIT_FILE);
    const shippedFallback = shippedBy(AUDIT_FALLBACK_FILE).filter((path) => path !== undefined);
    found.push(
      evidence(`(Vault nodes) ${AUDIT_FILE}`, shipped.length > 0 ? shipped : undefined),
      evidence(
        `(Vault nodes) ${AUDIT_FALLBACK_FILE}`,
        shippedFallback.length > 0 ? shippedFallback : undefined,
      ),
    );
    if ([...shipped, ...shippedFallback].some(isUnknown))
      return [projectVerdict("unknown", "the shipped audit file is known only after apply", found)];
    const missing = shipped.filter((path) => !devices.some((d) => d.type === "file" && d.file === path));
    if (missing.length > 0)
      return [
        projectVerdict(
          "fail",
          `no file audit device writes ${missing.join(", ")}, the file the Vault nodes ship: audit records stay on the node`,
          found,
        ),
      ];
    // Every node writes every device's file: a node that ships neither as its audit nor as its fallback file
    // keeps what only that device records, and loses it with the node.
    const stays = vaultHosts(scope).flatMap((host) => {
      const own = [AUDIT_FILE, AUDIT_FALLBACK_FILE].map((key) =>
        literal(scope, host.resource, get(host.resource.attributes, key)),
      );
      return devices
        .filter((d) => d.type === "file" && !own.includes(d.file))
        .map((d) => `${host.resource.address} does not ship ${String(d.file)} (${d.resource.address})`);
    });
    if (stays.length > 0)
      return [
        projectVerdict(
          "fail",
          `${stays.join(", ")}: what only that device records is lost with the node (${AUDIT_FALLBACK_FILE})`,
          found,
        ),
      ];
    return [
      projectVerdict(
        "pass",
        `${devices.length} audit devices` +
          (shipped.length > 0
            ? `, writing the shipped files ${[...shipped, ...shippedFallback].join(", ")}`
            : ""),
        found,
      ),
    ];
  },
};
