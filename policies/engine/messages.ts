import { literal } from "../model/resolve";
import { isUnknown, type Resource, type Scope } from "../model/types";

/** A whole `${...}` reference: a traversal, nothing computed. */
const REFERENCE = /\$\{([A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]{}]*\])+)\}/g;

/**
 * A verdict's message with every `${...}` reference that resolves written as what it names: the literal it
 * stands for (`${google_kms_key_ring.r.location}` → `europe-west1`), else the resource attribute it reads
 * (`google_kms_crypto_key.disks.id`, prefixed with its stack when it lives in another one, as a cdktf
 * cross-stack output does). A reference nothing resolves stays as written.
 */
export function resolvedMessage(scope: Scope, from: Resource | undefined, message: string): string {
  if (!from || !message.includes("${")) return message;
  return message.replace(REFERENCE, (expression) => {
    const [target] = scope.references(from, expression);
    if (!target) return expression;
    const value = literal(scope, from, expression);
    if (!isUnknown(value) && (typeof value === "number" || typeof value === "boolean")) return String(value);
    if (!isUnknown(value) && typeof value === "string" && value !== "" && !value.includes("${")) return value;
    const stack = target.resource.stack === from.stack ? "" : `${target.resource.stack}/`;
    return `${stack}${target.resource.address}${target.attribute ? `.${target.attribute}` : ""}`;
  });
}
