import type { Control } from "../control";

/**
 * Which controls a check runs, and which of their verdicts it keeps:
 * - `controls`: only these (ids like `NET-05`, or families like `NET`); all by default;
 * - `skip`: not these (ids or families), applied after `controls`;
 * - `profile`: `all` (default) keeps every verdict; `resources` keeps only verdicts about resources of the
 *   input and leaves out project-level ones (an org policy, an audit config, a CIS alert or a backup that the
 *   input does not declare): for scanning Terraform that is not a whole project.
 */
export interface Selection {
  readonly controls?: readonly string[];
  readonly skip?: readonly string[];
  readonly profile?: Profile;
}

export const PROFILES = ["all", "resources"] as const;
export type Profile = (typeof PROFILES)[number];

/** A selection naming no control of the catalogue: the message says which entry and what exists. */
export class SelectionError extends Error {}

/** The controls of `catalogue` the selection keeps, in catalogue order. */
export function selectControls(catalogue: readonly Control[], selection: Selection): Control[] {
  const matches = (control: Control, entry: string) =>
    control.id === entry || control.id.startsWith(`${entry}-`);
  const check = (entries: readonly string[], option: string) => {
    for (const entry of entries) {
      if (!catalogue.some((c) => matches(c, entry))) {
        const families = [...new Set(catalogue.map((c) => c.id.replace(/-\d+$/, "")))];
        throw new SelectionError(
          `--${option} ${entry}: no control has this id or family (families: ${families.join(", ")}; ids like ${catalogue[0]?.id ?? "NET-01"})`,
        );
      }
    }
  };
  const only = normalise(selection.controls);
  const skip = normalise(selection.skip);
  check(only, "controls");
  check(skip, "skip");
  const selected = catalogue.filter(
    (c) => (only.length === 0 || only.some((e) => matches(c, e))) && !skip.some((e) => matches(c, e)),
  );
  if (selected.length === 0) throw new SelectionError("the selection leaves no control to check");
  return selected;
}

/** `net-05, NET` → `NET-05`, `NET`: ids and families in upper case, blanks dropped. */
export function normalise(entries: readonly string[] | undefined): string[] {
  return (entries ?? [])
    .flatMap((e) => e.split(","))
    .map((e) => e.trim().toUpperCase())
    .filter((e) => e !== "");
}
