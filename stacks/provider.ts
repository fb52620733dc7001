import type { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";

export interface ProviderSettings {
  readonly project: string;
  readonly region: string;
  readonly labels: Record<string, string>;
}

/**
 * The Google provider for one project and region, labelling every resource. cdktf snake-cases the keys of
 * provider arguments (a `managed-by` label would become `managed_by`), so the labels go in as a raw override,
 * which is written verbatim.
 */
export function addGoogleProvider(scope: Construct, settings: ProviderSettings): GoogleProvider {
  const provider = new GoogleProvider(scope, "google", {
    project: settings.project,
    region: settings.region,
  });
  provider.addOverride("default_labels", settings.labels);
  return provider;
}
