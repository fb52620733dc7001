import type { Scope } from "./types";

/**
 * A view of a scope computed once and shared by every control that asks for it while that scope is
 * evaluated. A scope never changes, so the answer cannot go stale; several controls following every backup
 * path of one environment then pay for the indexes once, and a check stays linear in the environment's size.
 * Callers must treat what it returns as read-only.
 */
export function perScope<T>(compute: (scope: Scope) => T): (scope: Scope) => T {
  const computed = new WeakMap<Scope, { readonly value: T }>();
  return (scope) => {
    let entry = computed.get(scope);
    if (!entry) computed.set(scope, (entry = { value: compute(scope) }));
    return entry.value;
  };
}
