/** Whether an attribute is set: plan JSON writes an absent block as `[]` and an absent value as null. */
export function isSet(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}
