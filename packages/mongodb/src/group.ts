// Items grouped by a key, each group in the items' order (Map.groupBy is not in Node 20).

/** The items by `keyOf`, each group as `valueOf` makes them (the items themselves by default), keys in first-seen order. */
export function groupBy<T, K, V = T>(items: Iterable<T>, keyOf: (item: T) => K, valueOf: (item: T) => V = (item) => item as unknown as V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(valueOf(item));
    else groups.set(key, [valueOf(item)]);
  }
  return groups;
}
