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
   * Sharded runs (src/pipeline/shard.ts), for shared blob stores (volume:, s3://) only.
   * 'blobs-only': write the blobs of `repos` and nothing else (no snapshot, listing or ref).
   * 'blobs-at-destination': every blob is already at the destination (checked by `assemble`):
   * write the snapshots, listings and refs without reading blobs from the local cache.
   */
  shard?: 'blobs-only' | 'blobs-at-destination'
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
  publish(ctx: PublishContext): Promise<DestinationReport>
}
