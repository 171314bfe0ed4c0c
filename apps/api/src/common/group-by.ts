/**
 * `items` grouped by `keyOf`, each group in the items' order: one pass, where filtering the whole list once per key
 * grows with the square of the list (Map.groupBy does this from Node 21; Node 20 must keep working).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
