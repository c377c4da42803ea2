// Small pure helpers: medians, paired ratios, the order clients run in, and number formatting.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Median of per-round ratios a[i] / b[i]. Each round ran both clients back to back, so a ratio
 * within a round cancels most of the machine's drift; the median drops the odd noisy round.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length)
  return median(Array.from({ length: n }, (_, i) => a[i]! / b[i]!))
}

/**
 * The order of the clients in round `round`: rotated every round, so that each client runs in
 * each position (first after a cleanup, last before one) about equally often.
 */
export function roundOrder<T>(clients: readonly T[], round: number): T[] {
  const k = clients.length === 0 ? 0 : round % clients.length
  return [...clients.slice(k), ...clients.slice(0, k)]
}

/** Index of the run whose value is the median (the lower one of the two middles). */
export function medianIndex(values: readonly number[]): number {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  return order[(order.length - 1) >> 1]?.[1] ?? -1
}

export const fmt = {
  seconds: (s: number) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`),
  /** Decimal GB/s, as performance-notes.md quotes rates. */
  rate: (bytesPerSecond: number) => `${(bytesPerSecond / 1e9).toFixed(2)} GB/s`,
  mib: (bytes: number) => `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MiB`,
  bytes: (bytes: number) =>
    bytes < 1024
      ? `${bytes} B`
      : bytes < 1024 ** 2
        ? `${(bytes / 1024).toFixed(1)} KiB`
        : bytes < 1024 ** 3
          ? `${(bytes / 1024 ** 2).toFixed(1)} MiB`
          : `${(bytes / 1024 ** 3).toFixed(2)} GiB`,
  ratio: (r: number) => `${r.toFixed(2)}×`,
  /** A ratio of times (baseline / modelbake) in words: "2.10× faster" or "1.45× slower". */
  speedup: (r: number) => (r >= 1 ? `${r.toFixed(2)}× faster` : `${(1 / r).toFixed(2)}× slower`),
  percent: (f: number) => `${(f * 100).toFixed(1)}%`
}
