// Every place a warm snapshot can go (an OCI image, a volume, S3, the runner's tool cache, the
// Actions cache) implements this one interface. The pipeline warms the local HF cache first; each
// destination then publishes from it, and reports what it wrote.
import type { HfCache } from '../cache/hf-cache.js'
import type { Logger } from '../report/logger.js'
import type { RepoPlan } from '../pipeline/plan.js'
import type { RepoResult } from '../pipeline/result.js'

export interface DestinationReport {
  /** The destination as the user named it, e.g. "volume:/mnt/hub". */
  destination: string
  /** Bytes copied or uploaded by this run. */
  writtenBytes: number
  /** Bytes already present there, and skipped. */
  skippedBytes: number
  /** Where the snapshots ended up, keyed by repo label. */
  locations: Record<string, string>
  /** Destination-specific outputs (image digest, cache key, ...). */
  details?: Record<string, unknown>
  /** Set by the pipeline when this destination restored the cache before the download. */
  restore?: RestoreResult
}

export interface PublishContext {
  cache: HfCache
  repos: RepoResult[]
  logger: Logger
  signal?: AbortSignal
  /**
   * Sharded runs (src/pipeline/shard.ts). For shared blob stores (`sharding: 'blobs'`):
   * 'blobs-only': write the blobs of `repos` and nothing else (no snapshot, listing or ref).
   * 'blobs-at-destination': every blob is already at the destination (checked by `assemble`):
   * write the snapshots, listings and refs without reading blobs from the local cache.
   * For registry images (`sharding: 'layers'`), see LayerShard; `repos` are then the whole image's.
   */
  shard?: 'blobs-only' | 'blobs-at-destination' | LayerShard
}

/**
 * A sharded run of an image destination, whose `repos` are every repo as a single run selects it:
 * 'layers-only': push the layers dealt to shard `index` of `count` (only their blobs are in the
 * local cache) and record them at the destination; no config, manifest or tag.
 * 'layers-at-destination': `modelbake assemble`: read the records of the `count` shards, check that
 * every layer is there, then write the config and manifest; no blob is read from the local cache.
 */
export type LayerShard =
  | { kind: 'layers-only'; index: number; count: number }
  | { kind: 'layers-at-destination'; count: number }

/** What a destination that deals out its own work sees before the download of a shard. */
export interface ShardContext {
  cache: HfCache
  /** Every repo as a single run selects it (nothing is downloaded yet). */
  repos: RepoResult[]
  index: number
  count: number
  logger: Logger
}

export interface ShardShare {
  /** The blobs this shard needs in the local cache, as `<repo folder>/<etag>`. */
  blobs: Set<string>
  /** How many of the image's layers the shard took on. */
  layers: number
}

/** What a destination that can restore sees: the plan, with every commit resolved. */
export interface RestoreContext {
  cache: HfCache
  plans: RepoPlan[]
  logger: Logger
}

export interface RestoreResult {
  /** True when every planned repo was restored whole: nothing is left to download. */
  hit: boolean
  /** Bytes put into the local cache by the restore. */
  restoredBytes: number
}

export interface Destination {
  /** The destination as the user named it. */
  readonly name: string
  /**
   * Optional: fill the local cache from this destination after planning and before downloading
   * (the runner's tool cache, the Actions cache). Blobs it restores are not downloaded again.
   */
  restore?(ctx: RestoreContext): Promise<RestoreResult>
  /**
   * How the jobs of a matrix (`--shard i/n`) share the work here; undefined: `--shard` is refused.
   * 'blobs': a shared blob store; each shard writes the blobs src/pipeline/shard.ts dealt it.
   * 'layers': an image in a registry; the destination deals out its layers itself (`shareOf`).
   */
  readonly sharding?: 'blobs' | 'layers'
  /** 'layers' destinations: what shard `index` of `count` must have in the local cache. */
  shareOf?(ctx: ShardContext): Promise<ShardShare>
  publish(ctx: PublishContext): Promise<DestinationReport>
}
