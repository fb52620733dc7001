/** Appends `value` to the list `map` holds under `key`, creating the list: a one-to-many index, built in place. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}
