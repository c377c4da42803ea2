// How the jobs of a matrix split work (`--shard i/n`): items are dealt largest first, each to the
// least-loaded shard (ties: the lowest shard), so large items spread across jobs. Pure, and the same
// for every caller that sees the same items in any order: equal sizes are ordered by `order`.

export interface Dealt {
  size: number
}

/** `items` dealt to `count` shards: index 0 holds shard 1's items, each list in dealing order. */
export function dealLargestFirst<T extends Dealt>(
  items: readonly T[],
  count: number,
  order: (a: T, b: T) => number
): T[][] {
  const sorted = [...items].sort((a, b) => b.size - a.size || order(a, b))
  const shards: T[][] = Array.from({ length: count }, () => [])
  const loads = new Array<number>(count).fill(0)
  for (const item of sorted) {
    let least = 0
    for (let i = 1; i < count; i++) if (loads[i] < loads[least]) least = i
    shards[least].push(item)
    loads[least] += item.size
  }
  return shards
}
