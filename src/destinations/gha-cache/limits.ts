// What fits in the Actions cache, decided before anything is archived. Pure.
//
// GitHub keeps 10 GB of caches per repository: beyond it, the least recently used entries are
// evicted, and any entry not used for 7 days goes too. An entry larger than the limit is refused.
// Sizes are counted before compression: model weights hardly compress (zstd: about 0.8).
// Saving entries that together exceed the limit would evict some of them (or the entries this job
// just restored) at once, and the next job would download everything again: such an entry is not
// saved, and the message says which one and why.
import { formatBytes } from '../../report/format.js'

/** @actions/cache's own check: 10 GiB per repository. */
export const DEFAULT_LIMIT = 10 * 1024 * 1024 * 1024

export interface SizedEntry {
  label: string
  key: string
  bytes: number
  /** Already in the cache under this exact key (restored or looked up by this job). */
  present: boolean
}

export type SaveDecision =
  | { key: string; save: false; reason: 'present' }
  | { key: string; save: true }
  | { key: string; save: false; reason: 'too-large' | 'no-room'; message: string }

export function decideSaves(entries: readonly SizedEntry[], limit: number): SaveDecision[] {
  const kept = entries.filter((e) => e.present)
  let total = kept.reduce((sum, e) => sum + e.bytes, 0)
  const limitText = formatBytes(limit)
  return entries.map((entry): SaveDecision => {
    if (entry.present) return { key: entry.key, save: false, reason: 'present' }
    const size = formatBytes(entry.bytes)
    if (entry.bytes > limit) {
      return {
        key: entry.key,
        save: false,
        reason: 'too-large',
        message:
          `${entry.label} (${size}) would not fit: it is larger than the ${limitText} the Actions ` +
          `cache holds per repository; not saved (key ${entry.key}). Select fewer files ` +
          '(--allow/--ignore), or keep it in ' +
          'the runner’s tool cache (--to tool-cache) or in S3 (--to s3://…)'
      }
    }
    if (total + entry.bytes > limit) {
      const others = kept.map((e) => `${e.label} (${formatBytes(e.bytes)})`).join(', ')
      return {
        key: entry.key,
        save: false,
        reason: 'no-room',
        message:
          `${entry.label} (${size}) would not fit alongside ${others}: together ` +
          `${formatBytes(total + entry.bytes)}, over the ${limitText} the Actions cache holds per ` +
          'repository: GitHub would evict the least recently used entries, these among them, and ' +
          `the next job would download them again; not saved (key ${entry.key}). Split the repos ` +
          'across jobs, select fewer files, or use ' +
          '--to tool-cache on a self-hosted runner'
      }
    }
    total += entry.bytes
    kept.push(entry)
    return { key: entry.key, save: true }
  })
}

export function evictionNote(limit: number): string {
  return (
    `the Actions cache holds ${formatBytes(limit)} per repository (least recently used entries ` +
    'are evicted beyond it) and removes entries not used for 7 days'
  )
}
