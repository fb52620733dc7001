/**
 * Items looked up by key, answered in the items' input order. A control that matches every item of one kind
 * against every item of another builds one of these per evaluation, so its cost stays linear in the input.
 */
export function indexBy<T>(
  items: readonly T[],
  keysOf: (item: T) => Iterable<unknown>,
): (keys: Iterable<unknown>) => T[] {
  const positions = new Map<unknown, number[]>();
  items.forEach((item, i) => {
    for (const key of keysOf(item)) {
      const found = positions.get(key);
      if (!found) positions.set(key, [i]);
      else if (found[found.length - 1] !== i) found.push(i);
    }
  });
  return (keys) => {
    const found = new Set<number>();
    for (const key of keys) for (const i of positions.get(key) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => items[i]);
  };
}
