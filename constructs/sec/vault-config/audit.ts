import { Construct } from "constructs";
import { Audit } from "@cdktf/provider-vault/lib/audit";

export interface VaultAuditDevicesProps {
  /** The file the Vault nodes' Ops Agent ships (the vault stack's `vault-audit-file` metadata). */
  readonly shippedFile: string;
  /** A second file on the node: Vault keeps answering while either device can write. */
  readonly fallbackFile: string;
}

/**
 * Two file audit devices. Vault refuses a request it cannot log to at least one device, so with two a
 * failing device (a full or unwritable file) does not stop Vault, and no request goes unlogged. The first is
 * the device `vault-post-init` enabled at init: it is imported, not created again.
 */
export class VaultAuditDevices extends Construct {
  readonly shipped: Audit;
  readonly fallback: Audit;

  constructor(scope: Construct, id: string, props: VaultAuditDevicesProps) {
    super(scope, id);
    this.shipped = new Audit(this, "shipped", {
      path: "file",
      type: "file",
      // As vault-post-init enabled it (no description): an audit device cannot be changed in place, and a
      // difference would make Terraform disable and re-enable the shipped device.
      options: { file_path: props.shippedFile },
    });
    // vault-post-init (the vault stack's init runbook) enabled it already, at path `file`.
    this.shipped.importFrom("file");
    this.fallback = new Audit(this, "fallback", {
      path: "file-fallback",
      type: "file",
      description: "Second device: Vault never blocks on one",
      options: { file_path: props.fallbackFile },
    });
  }
}
