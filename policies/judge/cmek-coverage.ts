import type { Result } from "../control";
import type { Scope } from "../model/types";
import { keySlots } from "../views/cmek";
import { keyReference } from "../views/kms";
import { evidence, judgeEach, verdict } from "./results";

/**
 * Judges that every key slot of the given resource types names a customer-managed key declared in this
 * configuration (so its rotation, protection and location are proven by the other ENC controls).
 */
export function judgeCmekCoverage(scope: Scope, types: readonly string[]): Result[] {
  return judgeEach(scope, types, (resource) => {
    const slots = keySlots(scope, resource);
    if (slots.length === 0) {
      return verdict(
        "not-applicable",
        resource,
        "no disk of its own: its disks are declared (and judged) as disk resources",
      );
    }
    const found = slots.map((s) => evidence(s.path, s.value));
    const judged = slots.map((slot) => ({ slot, key: keyReference(scope, resource, slot.value) }));
    const problems = judged.flatMap(({ slot, key }) => {
      if (key.kind === "none")
        return [
          slot.supplied
            ? `${slot.path} is not set: ${slot.supplied} is a customer-supplied key (CSEK), not a ` +
              "customer-managed one, and the key itself is in configuration and state"
            : `${slot.path} is not set (Google-managed key)`,
        ];
      if (key.kind === "external")
        return [`${slot.path} names ${key.name}, a key this configuration does not declare`];
      return [];
    });
    if (problems.length > 0) return verdict("fail", resource, problems.join("; "), found);
    const unknown = judged.filter(({ key }) => key.kind === "unknown");
    if (unknown.length > 0)
      return verdict(
        "unknown",
        resource,
        `${unknown.map((u) => u.slot.path).join(", ")} cannot be resolved`,
        found,
      );
    const keys = judged.map(({ key }) => (key.kind === "declared" ? key.key.address : ""));
    return verdict("pass", resource, `encrypted with ${[...new Set(keys)].join(", ")}`, found);
  });
}
