// Stage 2: plans → a warm cache. Download the missing blobs (each once, under a lock shared with
// other processes), then publish in the order that keeps readers safe: blobs, links, listing, ref.
import { acquireLock } from '../cache/lock.js'
import type { HfCache } from '../cache/hf-cache.js'
import type { RepoFile } from '../core/types.js'
import { etagOf } from '../core/types.js'
import { downloadBlob, type DownloadContext } from '../fetch/download-blob.js'
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
  let order = 0
  const stats = await Promise.all(
    plans.map(async (plan, index) => {
      const started = now()
      const downloads = todo[index].map((file) => ({ file, order: order++ }))
      const results = await Promise.all(
        downloads.map(({ file, order }) => fetchBlob(plan, file, order, options))
      )
      const downloadedBytes = results.reduce((s, r) => s + r.downloadedBytes, 0)
      await publishSnapshot(cache, plan)
      return {
        downloadedBytes,
        reusedBytes: plan.totalBytes - Math.min(plan.totalBytes, downloadedBytes),
        seconds: (now() - started) / 1000
      }
    })
  )
  progress.finish()
  return stats
}

async function fetchBlob(
  plan: RepoPlan,
  file: RepoFile,
  order: number,
  options: FetchOptions
): Promise<{ downloadedBytes: number }> {
  const { cache } = options
  const repo = plan.spec
  const lock = await acquireLock(cache.lockPath(repo, etagOf(file)), {
    // Another process may finish this blob while we wait for its lock: then there is nothing to do.
    done: () => cache.hasBlob(repo, file)
  })
  if (!lock) {
    options.progress.fileDone()
    return { downloadedBytes: 0 }
  }
  try {
    if (await cache.hasBlob(repo, file)) return { downloadedBytes: 0 }
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
  for (const file of plan.files) {
    if (!(await cache.isLinked(repo, plan.commit, file))) await cache.link(repo, plan.commit, file)
  }
  if (plan.allFiles && plan.listingFetched)
    await cache.writeTreeListing(repo, plan.commit, plan.allFiles)
  await cache.writeRef(repo, plan.spec.revision, plan.commit)
}
