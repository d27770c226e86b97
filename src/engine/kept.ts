/**
 * The value kept under `key`, made on first use. A map holds at most `limit` values: the one kept
 * longest goes first, so that keys chosen by takers cannot grow it without end.
 */
export function keptIn<K, V>(map: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    if (map.size >= limit) map.delete(map.keys().next().value!)
    map.set(key, value)
  }
  return value
}
