// Stage 2: plans → a warm cache. Download the missing blobs (each once, under a lock shared with
// other processes), then publish in the order that keeps readers safe: blobs, links, listing, ref.
import { acquireLock } from '../cache/lock.js'
import type { HfCache } from '../cache/hf-cache.js'
import type { RepoFile } from '../core/types.js'
import { etagOf } from '../core/types.js'
import { downloadBlob, type DownloadContext } from '../fetch/download-blob.js'
import { childController, settleAll } from '../fetch/settle.js'
import { RangeWidth } from '../fetch/range-width.js'
import { resolveUrl } from '../hub/api.js'
import type { Progress } from '../report/progress.js'
import type { RepoPlan } from './plan.js'

export interface FetchStats {
  downloadedBytes: number
  reusedBytes: number
  seconds: number
}

export interface FetchOptions {
  cache: HfCache
  endpoint: string
  download: DownloadContext
  progress: Progress
  now?: () => number
  /** false: blobs only, no links, listing or ref (a `--shard` job; `assemble` writes them later). */
  snapshots?: boolean
}

/** Which selected files still need their blob; the rest only need links (or nothing). */
export async function missingBlobs(cache: HfCache, plan: RepoPlan): Promise<RepoFile[]> {
  const missing: RepoFile[] = []
  const seen = new Set<string>()
  for (const file of plan.files) {
    const etag = etagOf(file)
    if (seen.has(etag)) continue
    seen.add(etag)
    if (!(await cache.hasBlob(plan.spec, file))) missing.push(file)
  }
  return missing
}

export async function fetchAll(plans: RepoPlan[], options: FetchOptions): Promise<FetchStats[]> {
  const { cache, progress } = options
  const now = options.now ?? Date.now
  await cache.prepare()
  const todo = await Promise.all(plans.map((plan) => missingBlobs(cache, plan)))
  progress.start(
    todo.flat().reduce((sum, f) => sum + f.size, 0),
    todo.reduce((sum, files) => sum + files.length, 0)
  )
  // The first failure aborts every other download, and we wait for all of them to stop before
  // reporting it: no request, write or lock outlives the run.
  const abort = childController(undefined)
  const { tuning, limiter } = options.download
  const largeFiles = todo.flat().filter((file) => file.size > tuning.rangeThreshold).length
  const download = {
    ...options.download,
    width: RangeWidth.forRun(limiter.slots, largeFiles),
    signal: abort.signal
  }
  let order = 0
  try {
    return await settleAll(
      plans.map(async (plan, index) => {
        const started = now()
        const missing = todo[index]
        const results = await settleAll(
          missing.map((file) => fetchBlob(plan, file, order++, { ...options, download })),
          abort
        )
        const downloadedBytes = results.reduce((s, r) => s + r.downloadedBytes, 0)
        const resumedBytes = results.reduce((s, r) => s + r.resumedBytes, 0)
        if (options.snapshots !== false) await publishSnapshot(cache, plan)
        const fetchedSizes = missing.reduce((s, f) => s + f.size, 0)
        return {
          downloadedBytes,
          reusedBytes: Math.max(0, plan.totalBytes - fetchedSizes) + resumedBytes,
          seconds: (now() - started) / 1000
        }
      }),
      abort
    )
  } catch (error) {
    await Promise.all(plans.map((plan) => cache.removeIfEmpty(plan.spec)))
    throw error
  } finally {
    progress.finish()
  }
}

async function fetchBlob(
  plan: RepoPlan,
  file: RepoFile,
  order: number,
  options: FetchOptions
): Promise<{ downloadedBytes: number; resumedBytes: number }> {
  const { cache } = options
  options.download.signal?.throwIfAborted()
  const repo = plan.spec
  const lock = await acquireLock(cache.lockPath(repo, etagOf(file)), {
    // Another process may finish this blob while we wait for its lock: then there is nothing to do.
    done: () => cache.hasBlob(repo, file),
    signal: options.download.signal
  })
  if (!lock) {
    options.progress.fileDone()
    return { downloadedBytes: 0, resumedBytes: 0 }
  }
  try {
    if (await cache.hasBlob(repo, file)) return { downloadedBytes: 0, resumedBytes: 0 }
    const result = await downloadBlob(
      {
        ref: repo,
        file,
        url: resolveUrl(options.endpoint, repo, plan.commit, file.path),
        blobPath: cache.blobPath(repo, etagOf(file)),
        order
      },
      options.download
    )
    options.progress.fileDone()
    return result
  } finally {
    await lock.release()
  }
}

/** Links for every selected file, then the commit's listing, then the ref: the ref comes last so a
 * branch never points at a snapshot that is still being assembled. */
export async function publishSnapshot(cache: HfCache, plan: RepoPlan): Promise<void> {
  const repo = plan.spec
  // A run killed while linking or writing a ref leaves temporary files beside the real ones:
  // sweep them first.
  await cache.sweepRefsAndListings(repo)
  await cache.sweepSnapshot(
    repo,
    plan.commit,
    new Set((plan.allFiles ?? plan.files).map((f) => f.path))
  )
  for (const file of plan.files) {
    if (!(await cache.isLinked(repo, plan.commit, file))) await cache.link(repo, plan.commit, file)
  }
  if (plan.allFiles && plan.listingFetched)
    await cache.writeTreeListing(repo, plan.commit, plan.allFiles)
  await cache.writeRef(repo, plan.spec.revision, plan.commit)
}
