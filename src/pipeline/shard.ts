// `--shard i/n`: one job of a matrix fetches a deterministic share of the blobs. Every shard plans the
// same repos (with --locked, the same commits), then the distinct blobs of all repos are dealt out,
// largest first, each to the least-loaded shard (ties: lowest shard; equal sizes: ordered by etag),
// so large files spread across jobs. A shard writes blobs only; `modelbake assemble` then writes the
// snapshots at the destination once every shard is done.
import { repoFolderName } from '../core/cache-dir.js'
import { UsageError } from '../core/errors.js'
import { etagOf, type RepoFile } from '../core/types.js'
import type { Destination } from '../destinations/destination.js'
import type { RepoPlan } from './plan.js'

export interface Shard {
  /** 1-based, as in the `i/n` the user wrote. */
  index: number
  count: number
}

export interface ShardReport extends Shard {
  /** Distinct blobs (per repo) assigned to this shard, and their bytes. */
  blobs: number
  bytes: number
}

/** Destinations that are shared blob stores: several jobs can each add blobs to them. */
export const SHARDABLE_SCHEMES = ['volume:', 's3://'] as const

const SHARD_RE = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/

export function parseShard(text: string): Shard {
  const match = SHARD_RE.exec(text)
  const index = match ? Number(match[1]) : NaN
  const count = match ? Number(match[2]) : NaN
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`invalid shard "${text}"`, {
      hint: 'use i/n with 1 ≤ i ≤ n, e.g. --shard 2/3 for the second of three jobs'
    })
  }
  return { index, count }
}

/** `--shards N` of `assemble`: how many shard jobs the matrix ran. */
export function parseShardCount(text: string, flag = '--shards'): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < 1 || value > 999_999)
    throw new UsageError(`invalid ${flag} "${text}"`, {
      hint: 'the number of shard jobs (the n of their i/n), e.g. 3'
    })
  return value
}

/** Refuse destinations that cannot hold a partial set of blobs for a later `assemble`. */
export function checkShardDestinations(
  destinations: readonly Destination[],
  command = '--shard'
): void {
  if (destinations.length === 0) {
    throw new UsageError(`${command} needs a destination that every shard writes to`, {
      hint: 'add --to volume:DIR or --to s3://BUCKET/PREFIX, then run `modelbake assemble` there'
    })
  }
  for (const destination of destinations) {
    if (!SHARDABLE_SCHEMES.some((scheme) => destination.name.startsWith(scheme))) {
      throw new UsageError(`${command} cannot publish to ${destination.name}`, {
        hint: 'sharded runs publish to shared blob stores only: --to volume:DIR or --to s3://BUCKET/PREFIX'
      })
    }
  }
}

/** One blob to fetch: a repo's blob, named by etag (the same etag in two repos is two blobs). */
export interface ShardBlob {
  /** `<repo folder>/<etag>` */
  key: string
  etag: string
  size: number
}

const blobKey = (plan: Pick<RepoPlan, 'spec'>, file: RepoFile) =>
  `${repoFolderName(plan.spec.type, plan.spec.repo)}/${etagOf(file)}`

/** The distinct blobs of the plans, dealt to `count` shards: index 0 holds shard 1's blobs. */
export function assignBlobs(
  plans: ReadonlyArray<Pick<RepoPlan, 'spec' | 'files'>>,
  count: number
): ShardBlob[][] {
  const blobs = new Map<string, ShardBlob>()
  for (const plan of plans)
    for (const file of plan.files) {
      const key = blobKey(plan, file)
      if (!blobs.has(key)) blobs.set(key, { key, etag: etagOf(file), size: file.size })
    }
  const order = [...blobs.values()].sort(
    (a, b) => b.size - a.size || compare(a.etag, b.etag) || compare(a.key, b.key)
  )
  const shards: ShardBlob[][] = Array.from({ length: count }, () => [])
  const loads = new Array<number>(count).fill(0)
  for (const blob of order) {
    let least = 0
    for (let i = 1; i < count; i++) if (loads[i] < loads[least]) least = i
    shards[least].push(blob)
    loads[least] += blob.size
  }
  return shards
}

/** The 1-based shard that fetches each blob key. */
export function shardOfBlobs(
  plans: ReadonlyArray<Pick<RepoPlan, 'spec' | 'files'>>,
  count: number
): (plan: Pick<RepoPlan, 'spec'>, file: RepoFile) => number {
  const owner = new Map<string, number>()
  assignBlobs(plans, count).forEach((blobs, i) => blobs.forEach((b) => owner.set(b.key, i + 1)))
  return (plan, file) => owner.get(blobKey(plan, file)) ?? 0
}

/** The plans cut down to this shard's blobs (every path of an assigned blob stays). */
export function shardPlans(
  plans: RepoPlan[],
  shard: Shard
): { plans: RepoPlan[]; report: ShardReport } {
  if (plans.some((plan) => plan.files.some((file) => etagOf(file) === ''))) {
    throw new UsageError('--shard needs the digest of every file, which this offline plan lacks', {
      hint: 'run the shards with network access (and --locked, so that they agree on the commits)'
    })
  }
  const mine = assignBlobs(plans, shard.count)[shard.index - 1]
  const keys = new Set(mine.map((b) => b.key))
  const cut = plans.map((plan) => {
    const files = plan.files.filter((file) => keys.has(blobKey(plan, file)))
    return { ...plan, files, totalBytes: files.reduce((sum, f) => sum + f.size, 0) }
  })
  return {
    plans: cut,
    report: { ...shard, blobs: mine.length, bytes: mine.reduce((sum, b) => sum + b.size, 0) }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
