// Every place a warm snapshot can go (an OCI image, a volume, S3, the runner's tool cache, the
// Actions cache) implements this one interface. The pipeline warms the local HF cache first; each
// destination then publishes from it, and reports what it wrote.
import type { HfCache } from '../cache/hf-cache.js'
import type { Logger } from '../report/logger.js'
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
}

export interface PublishContext {
  cache: HfCache
  repos: RepoResult[]
  logger: Logger
  signal?: AbortSignal
}

export interface Destination {
  /** The destination as the user named it. */
  readonly name: string
  /**
   * Optional: fill the local cache from this destination before anything is downloaded (the
   * Actions cache, a runner's tool cache). Returns true on a hit.
   */
  restore?(ctx: Omit<PublishContext, 'repos'> & { repos: RepoResult[] }): Promise<boolean>
  publish(ctx: PublishContext): Promise<DestinationReport>
}
