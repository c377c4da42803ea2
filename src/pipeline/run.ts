// The whole job, shared by the CLI and the Action: spec → plan → fetch → publish → report.
import { HfCache } from '../cache/hf-cache.js'
import type { RepoSpec } from '../core/types.js'
import type { Destination, DestinationReport, RestoreResult } from '../destinations/destination.js'
import { DEFAULT_TUNING, stagingSlabs, type DownloadTuning } from '../fetch/download-blob.js'
import { HashThread } from '../fetch/hash-thread.js'
import { Limiter, MemoryBudget } from '../fetch/limiter.js'
import { HubApi } from '../hub/api.js'
import { HttpClient, type RetryPolicy, type TokenSource } from '../hub/http.js'
import type { Logger } from '../report/logger.js'
import { formatBytes, formatSeconds } from '../report/format.js'
import { createProgress, type Progress } from '../report/progress.js'
import { fetchAll, missingBlobs } from './fetch.js'
import { planWithLock, writeLock, type LockOptions } from './lock.js'
import type { RepoPlan } from './plan.js'
import { toResult, type RepoResult } from './result.js'
import { checkShardDestinations, planShard, type Shard, type ShardReport } from './shard.js'

import { VERSION } from '../version.js'

export interface RunOptions {
  specs: RepoSpec[]
  allow?: string[]
  ignore?: string[]
  cacheDir: string
  endpoint: string
  token?: string
  /** Renews `token` during the run (Trusted Publishers' short-lived tokens, src/hub/oidc.ts). */
  tokenSource?: TokenSource
  /** Parallel HTTP streams. */
  concurrency: number
  /** Write downloads past the page cache where the filesystem allows (default true). */
  directWrites?: boolean
  offline: boolean
  dryRun: boolean
  destinations?: Destination[]
  tuning?: Partial<DownloadTuning>
  retry?: Partial<RetryPolicy>
  /** In-flight bytes held in memory for out-of-order ranges, across the run. */
  memoryBudget?: number
  /** --lock FILE / --locked */
  lock?: LockOptions
  /** --shard i/n: fetch and publish this shard's blobs only (src/pipeline/shard.ts). */
  shard?: Shard
}

export interface RunDeps {
  logger: Logger
  progress?: Progress
  now?: () => number
}

export interface RunReport {
  repos: RepoResult[]
  destinations: DestinationReport[]
  dryRun: boolean
  offline: boolean
  cacheDir: string
  /** The lock file written or checked, when there was one. */
  lockFile?: string
  /** What this shard of a matrix took on. */
  shard?: ShardReport
}

export async function run(options: RunOptions, deps: RunDeps): Promise<RunReport> {
  const { logger } = deps
  const now = deps.now ?? Date.now
  const cache = new HfCache(options.cacheDir)
  if (options.shard) checkShardDestinations(options.destinations ?? [])
  const http = options.offline
    ? undefined
    : new HttpClient({
        trustedOrigin: options.endpoint,
        token: options.tokenSource ?? options.token,
        userAgent: `modelbake/${VERSION}`,
        retry: options.retry,
        onRetry: ({ url, attempt, delayMs, reason }) =>
          logger.info(
            `  retrying ${url} in ${formatSeconds(delayMs / 1000)} (attempt ${attempt}: ${reason})`
          )
      })
  const hashing = new HashThread()
  try {
    const api = http ? new HubApi(options.endpoint, http, Boolean(options.token)) : undefined
    const plans = await planWithLock(
      options.specs,
      { cache, api, allow: options.allow, ignore: options.ignore },
      options.lock
    )
    // A shard fetches its share of the blobs; the lock (if written) still covers every file.
    const sharded = options.shard
      ? await planShard(plans, options.shard, options.destinations ?? [], { cache, logger })
      : undefined
    const work = sharded?.plans ?? plans
    const shard = sharded ? { shard: sharded.report } : {}

    if (options.dryRun)
      return {
        repos: await dryRunResults(cache, work),
        destinations: [],
        dryRun: true,
        offline: options.offline,
        cacheDir: cache.root,
        ...shard
      }

    // Cache-like destinations may fill the local cache first; what they restore is not downloaded.
    const restores = new Map<Destination, RestoreResult>()
    for (const destination of options.destinations ?? []) {
      if (destination.restore)
        restores.set(destination, await destination.restore({ cache, plans: work, logger }))
    }

    let stats = work.map(() => ({ downloadedBytes: 0, reusedBytes: 0, seconds: 0 }))
    if (http) {
      const progress = deps.progress ?? createProgress(logger)
      stats = await fetchAll(work, {
        cache,
        snapshots: !options.shard,
        endpoint: options.endpoint,
        progress,
        now,
        download: {
          http,
          limiter: new Limiter(options.concurrency),
          memory: new MemoryBudget(options.memoryBudget ?? 64 * 1024 * 1024),
          tuning: { ...DEFAULT_TUNING, ...options.tuning },
          hasToken: Boolean(options.token),
          onBytes: (n) => progress.bytes(n),
          hashing,
          slabs: stagingSlabs(options.concurrency, { direct: options.directWrites ?? true })
        }
      })
    }
    const repos = work.map((plan, i) => toResult(cache, plan, stats[i]))
    if (sharded) {
      const { index, count, blobs, bytes, layers } = sharded.report
      logger.info(
        layers === undefined
          ? `shard ${index}/${count}: ${blobs} blobs, ${formatBytes(bytes)}; no snapshot is written until \`modelbake assemble\``
          : `shard ${index}/${count}: ${layers} image layers from ${blobs} blobs, ${formatBytes(bytes)}; no image is tagged until \`modelbake assemble\``
      )
    }
    for (const repo of sharded ? [] : repos) {
      logger.info(
        `${repo.label}@${repo.revision} → ${repo.commit.slice(0, 12)}: ${repo.files} files, ${formatBytes(repo.bytes)}` +
          ` (downloaded ${formatBytes(repo.downloadedBytes)}) → ${repo.snapshotPath}`
      )
    }
    const destinations: DestinationReport[] = []
    for (const destination of options.destinations ?? []) {
      const report = await destination.publish({
        cache,
        // An image's shard pushes its part of the whole image: it sees every repo, whole.
        repos:
          options.shard && destination.sharding === 'layers'
            ? plans.map((plan) =>
                toResult(cache, plan, { downloadedBytes: 0, reusedBytes: 0, seconds: 0 })
              )
            : repos,
        logger,
        ...(options.shard
          ? {
              shard:
                destination.sharding === 'layers'
                  ? { kind: 'layers-only' as const, ...options.shard }
                  : ('blobs-only' as const)
            }
          : {})
      })
      const restore = restores.get(destination)
      destinations.push(restore ? { ...report, restore } : report)
    }
    if (options.lock && !options.lock.locked) await writeLock(options.lock.path, plans)
    return {
      repos,
      destinations,
      dryRun: false,
      offline: options.offline,
      cacheDir: cache.root,
      ...(options.lock ? { lockFile: options.lock.path } : {}),
      ...shard
    }
  } finally {
    http?.close()
    await hashing.close()
  }
}

async function dryRunResults(cache: HfCache, plans: RepoPlan[]): Promise<RepoResult[]> {
  return Promise.all(
    plans.map(async (plan) => {
      const missing = await missingBlobs(cache, plan)
      const toFetch = missing.reduce((sum, f) => sum + f.size, 0)
      return toResult(cache, plan, {
        downloadedBytes: 0,
        reusedBytes: plan.totalBytes - toFetch,
        seconds: 0
      })
    })
  )
}
