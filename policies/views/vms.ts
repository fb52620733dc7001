import type { Result } from "../control";
import type { Resource, Scope } from "../model/types";
import { FROM_TEMPLATE, TEMPLATE_TYPES, VM_TYPES } from "./cmek";
import { referencedResources } from "../model/resolve";
import { judgeEach } from "../judge/results";

/**
 * Judges every VM configuration: instances, templates, and instances created from a template
 * (`google_compute_instance_from_template`). The latter is read as the provider builds it: the declared
 * template's attributes, each replaced by the instance's own when it sets one, so an override that opens
 * the VM (an access_config, OS Login off) is judged instead of hidden behind a compliant template. Without a
 * declared template only the overrides are known, and what the template would set reads as absent.
 */
export function judgeVms(scope: Scope, judge: (vm: Resource) => Result | Result[]): Result[] {
  const fromTemplate = scope.ofType(FROM_TEMPLATE).map((vm) => withTemplate(scope, vm));
  if (fromTemplate.length === 0) return judgeEach(scope, VM_TYPES, judge);
  const others = VM_TYPES.flatMap((type) => scope.ofType(type));
  return [...others, ...fromTemplate].flatMap(judge);
}

function withTemplate(scope: Scope, vm: Resource): Resource {
  const template = referencedResources(scope, vm, vm.attributes.source_instance_template).find((r) =>
    TEMPLATE_TYPES.includes(r.type),
  );
  return template ? { ...vm, attributes: { ...template.attributes, ...vm.attributes } } : vm;
}
