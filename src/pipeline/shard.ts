// `--shard i/n`: one job of a matrix fetches a deterministic share of the work. Every shard plans the
// same repos (with --locked, the same commits), then deals the work out, largest first, each item to
// the least-loaded shard (src/core/deal.ts), so large files spread across jobs:
//  - shared blob stores (volume:, s3://) deal out the distinct blobs of all repos (equal sizes:
//    ordered by etag); a shard writes blobs only, and `modelbake assemble` then writes the snapshots
//    at the destination once every shard is done;
//  - a registry image (docker://) deals out its layers (src/destinations/oci/shard.ts); a shard
//    downloads the blobs of its layers and pushes those, and `assemble` writes config and manifest.
import { repoFolderName } from '../core/cache-dir.js'
import { dealLargestFirst } from '../core/deal.js'
import { UsageError } from '../core/errors.js'
import { etagOf, type RepoFile } from '../core/types.js'
import type { HfCache } from '../cache/hf-cache.js'
import type { Destination } from '../destinations/destination.js'
import type { Logger } from '../report/logger.js'
import type { RepoPlan } from './plan.js'
import { toResult } from './result.js'

export interface Shard {
  /** 1-based, as in the `i/n` the user wrote. */
  index: number
  count: number
}

export interface ShardReport extends Shard {
  /** Distinct blobs (per repo) assigned to this shard, and their bytes. */
  blobs: number
  bytes: number
  /** Image layers assigned to this shard (a docker:// destination). */
  layers?: number
}

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

const SHARED_DESTINATIONS =
  '--to volume:DIR or --to s3://BUCKET/PREFIX (each shard writes blobs), or --to docker://REGISTRY/REPO:TAG (each shard pushes image layers)'

/** `--shards N` of `assemble`: how many shard jobs the matrix ran. */
export function parseShardCount(text: string, flag = '--shards'): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < 1 || value > 999_999)
    throw new UsageError(`invalid ${flag} "${text}"`, {
      hint: 'the number of shard jobs (the n of their i/n), e.g. 3'
    })
  return value
}

/** Refuse destinations that the jobs of a matrix cannot share, or share in different ways. */
export function checkShardDestinations(
  destinations: readonly Destination[],
  command = '--shard'
): void {
  if (destinations.length === 0) {
    throw new UsageError(`${command} needs a destination that every shard writes to`, {
      hint: `add ${SHARED_DESTINATIONS}, then run \`modelbake assemble\` there`
    })
  }
  for (const destination of destinations)
    if (!destination.sharding) throw unsharedDestination(destination.name, command)
  const image = destinations.find((d) => d.sharding === 'layers')
  if (image && destinations.length > 1) {
    throw new UsageError(`${command} publishes an image (${image.name}) as its only destination`, {
      hint: 'the shards of an image share out layers, those of a blob store share out blobs: run one matrix per destination'
    })
  }
}

/** Why `command` cannot publish to `name`, a destination that the jobs of a matrix cannot share. */
export function unsharedDestination(name: string, command = '--shard'): UsageError {
  const imageFile = /^(oci|docker-archive):/.test(name)
  return new UsageError(`${command} cannot publish to ${name}`, {
    hint: imageFile
      ? 'an OCI layout or docker-archive is a file on one runner, which the other shards cannot add to: ' +
        'shard to a registry (--to docker://REGISTRY/REPO:TAG), assemble there, then copy the image (skopeo copy)'
      : `sharded runs publish to destinations every job reaches: ${SHARED_DESTINATIONS}`
  })
}

/**
 * This shard's part of the plans: the plans cut down to the blobs it fetches (every path of such a
 * blob stays), and what it took on. Images deal out their layers; blob stores, their blobs.
 */
export async function planShard(
  plans: RepoPlan[],
  shard: Shard,
  destinations: readonly Destination[],
  ctx: { cache: HfCache; logger: Logger }
): Promise<{ plans: RepoPlan[]; report: ShardReport }> {
  requireDigests(plans)
  const image = destinations.find((d) => d.sharding === 'layers')
  if (!image?.shareOf) return shardPlans(plans, shard)
  // The image's metadata layers hold the commits' listings, read from the local cache as a single
  // run reads them: write the ones the plan fetched (no snapshot or ref is written).
  for (const plan of plans)
    if (plan.allFiles && plan.listingFetched)
      await ctx.cache.writeTreeListing(plan.spec, plan.commit, plan.allFiles)
  const share = await image.shareOf({
    cache: ctx.cache,
    repos: plans.map((plan) =>
      toResult(ctx.cache, plan, { downloadedBytes: 0, reusedBytes: 0, seconds: 0 })
    ),
    index: shard.index,
    count: shard.count,
    logger: ctx.logger
  })
  const cut = cutPlans(plans, share.blobs)
  const sizes = new Map<string, number>()
  for (const plan of cut) for (const file of plan.files) sizes.set(blobKey(plan, file), file.size)
  return {
    plans: cut,
    report: {
      ...shard,
      blobs: sizes.size,
      bytes: [...sizes.values()].reduce((sum, size) => sum + size, 0),
      layers: share.layers
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
  return dealLargestFirst(
    [...blobs.values()],
    count,
    (a, b) => compare(a.etag, b.etag) || compare(a.key, b.key)
  )
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
  requireDigests(plans)
  const mine = assignBlobs(plans, shard.count)[shard.index - 1]
  return {
    plans: cutPlans(plans, new Set(mine.map((b) => b.key))),
    report: { ...shard, blobs: mine.length, bytes: mine.reduce((sum, b) => sum + b.size, 0) }
  }
}

function requireDigests(plans: RepoPlan[]): void {
  if (plans.some((plan) => plan.files.some((file) => etagOf(file) === ''))) {
    throw new UsageError('--shard needs the digest of every file, which this offline plan lacks', {
      hint: 'run the shards with network access (and --locked, so that they agree on the commits)'
    })
  }
}

/** The plans with only the files whose blob (`<repo folder>/<etag>`) is in `keys`. */
function cutPlans(plans: RepoPlan[], keys: ReadonlySet<string>): RepoPlan[] {
  return plans.map((plan) => {
    const files = plan.files.filter((file) => keys.has(blobKey(plan, file)))
    return { ...plan, files, totalBytes: files.reduce((sum, f) => sum + f.size, 0) }
  })
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
