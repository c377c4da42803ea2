// Stage 1: specs → plans. Resolve each revision to a commit and find the files the patterns select.
// Online, a warm cache costs one call per repo (the revision; none for a commit), because the listing
// of a commit never changes and is read from trees/<commit>.json. Offline, nothing leaves the machine.
import type { HfCache } from '../cache/hf-cache.js'
import { ModelbakeError } from '../core/errors.js'
import { assertSafeRepoPath, planRepo } from '../core/plan.js'
import { filterRepoPaths } from '../core/patterns.js'
import type { RepoFile, RepoSpec } from '../core/types.js'
import { COMMIT_RE } from '../core/types.js'
import type { HubApi } from '../hub/api.js'
import { repoLabel } from '../hub/api.js'

export interface RepoPlan {
  spec: RepoSpec
  label: string
  commit: string
  /** The files to put in the snapshot, sorted by path. */
  files: RepoFile[]
  /** Every file of the commit (for trees/<commit>.json); undefined offline without a listing. */
  allFiles?: RepoFile[]
  totalBytes: number
  allow?: string[]
  ignore?: string[]
  /** Whether the listing came from the network (then it is written to the cache). */
  listingFetched: boolean
}

export interface PlanOptions {
  cache: HfCache
  /** undefined when offline. */
  api?: HubApi
  /** A commit from the lock file: used as is, with no resolution call. */
  pinnedCommit?: (spec: RepoSpec) => string | undefined
  allow?: string[]
  ignore?: string[]
  concurrency?: number
}

export async function planAll(specs: RepoSpec[], options: PlanOptions): Promise<RepoPlan[]> {
  const plans: RepoPlan[] = new Array(specs.length)
  let next = 0
  let failure: { error: unknown } | undefined
  // A few repos at a time; after the first failure no new repo is started, and the ones under way
  // finish before the error is reported.
  const worker = async () => {
    while (next < specs.length && !failure) {
      const index = next++
      try {
        plans[index] = options.api
          ? await planOnline(specs[index], options.api, options)
          : await planOffline(specs[index], options)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, specs.length) }, worker)
  )
  if (failure) throw failure.error
  return plans
}

async function planOnline(spec: RepoSpec, api: HubApi, options: PlanOptions): Promise<RepoPlan> {
  const commit = options.pinnedCommit?.(spec) ?? (await api.resolveRevision(spec, spec.revision))
  const cached = await options.cache.readTreeListing(spec, commit)
  const allFiles = cached ?? (await api.listFiles(spec, commit))
  return finishPlan(spec, commit, allFiles, options, cached === undefined)
}

function finishPlan(
  spec: RepoSpec,
  commit: string,
  allFiles: RepoFile[],
  options: PlanOptions,
  listingFetched: boolean
): RepoPlan {
  const label = repoLabel(spec)
  // A listing is data from the network: no path in it may climb out of the snapshot.
  for (const file of allFiles) assertSafeRepoPath(file.path, label)
  const plan = planRepo({
    spec,
    commit,
    files: allFiles,
    allow: options.allow,
    ignore: options.ignore
  })
  return {
    spec,
    label,
    commit,
    files: plan.files,
    allFiles,
    totalBytes: plan.totalBytes,
    allow: spec.allow ?? options.allow,
    ignore: spec.ignore ?? options.ignore,
    listingFetched
  }
}

async function planOffline(spec: RepoSpec, options: PlanOptions): Promise<RepoPlan> {
  const label = repoLabel(spec)
  const { cache } = options
  const commit = COMMIT_RE.test(spec.revision)
    ? spec.revision
    : (options.pinnedCommit?.(spec) ?? (await cache.readRef(spec, spec.revision)))
  if (!commit) {
    throw new ModelbakeError(`offline, and the cache has no ref for revision "${spec.revision}"`, {
      repo: label,
      hint: `run once with network access, or pass the full commit; cache: ${cache.root}`
    })
  }
  const listing = await cache.readTreeListing(spec, commit)
  if (listing) {
    const plan = finishPlan(spec, commit, listing, options, false)
    const missing: string[] = []
    for (const file of plan.files)
      if (!(await cache.isLinked(spec, commit, file)) || !(await cache.hasBlob(spec, file)))
        missing.push(file.path)
    if (missing.length > 0) throw offlineMissing(label, commit, missing)
    return plan
  }
  // No listing (a cache written by an older tool): the snapshot folder is all we know.
  const present = await cache.listSnapshot(spec, commit)
  if (present.length === 0) {
    throw new ModelbakeError(`offline, and the cache has no snapshot of commit ${commit}`, {
      repo: label,
      hint: `run once with network access to download it into ${cache.root}`
    })
  }
  const allow = spec.allow ?? options.allow
  const ignore = spec.ignore ?? options.ignore
  const selected = new Set(
    filterRepoPaths(
      present.map((f) => f.path),
      allow,
      ignore
    )
  )
  const files = present
    .filter((f) => selected.has(f.path))
    .map((f) => ({ path: f.path, size: f.size, blobId: '' }))
  if (files.length === 0) {
    throw new ModelbakeError(
      `offline, and no cached file of commit ${commit} matches the patterns`,
      {
        repo: label,
        hint: 'run once with network access, or change --allow/--ignore'
      }
    )
  }
  return {
    spec,
    label,
    commit,
    files,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
    allow,
    ignore,
    listingFetched: false
  }
}

function offlineMissing(label: string, commit: string, missing: string[]): ModelbakeError {
  const shown =
    missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length - 5} more)` : '')
  return new ModelbakeError(
    `offline, and the cached snapshot of ${commit} lacks ${missing.length} file(s): ${shown}`,
    {
      repo: label,
      hint: 'run once with network access to complete it'
    }
  )
}
