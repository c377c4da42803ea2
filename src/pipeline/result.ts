import type { HfCache } from '../cache/hf-cache.js'
import type { RepoFile, RepoType } from '../core/types.js'
import type { RepoPlan } from './plan.js'

/** What a run did for one repo: the `--json` document's entries and the Action's outputs. */
export interface RepoResult {
  /** "org/name" or "datasets/org/name": how the user names it, and the key of output maps. */
  label: string
  repo: string
  type: RepoType
  revision: string
  commit: string
  snapshotPath: string
  /** Files and bytes selected by the patterns. */
  files: number
  bytes: number
  /** Bytes fetched over the network by this run. */
  downloadedBytes: number
  /** Bytes that were already in the cache (whole blobs, or resumed partial files). */
  reusedBytes: number
  seconds: number
  /** The selected paths, for destinations and dry runs. */
  paths: string[]
  /** The selected files with their sizes and digests (the etag names the blob), for destinations. */
  selected: RepoFile[]
  allow?: string[]
  ignore?: string[]
}

/**
 * Where a repo's snapshot is, as a run reports it (`--json`, the Action's outputs): nowhere for a
 * shard, which writes no snapshot (`modelbake assemble` does, and reports where).
 */
export function reportedSnapshotPath(repo: RepoResult, shard: boolean): string | null {
  return shard ? null : repo.snapshotPath
}

/** The result of a planned repo, with what fetching it cost. */
export function toResult(
  cache: HfCache,
  plan: RepoPlan,
  stats: { downloadedBytes: number; reusedBytes: number; seconds: number }
): RepoResult {
  return {
    label: plan.label,
    repo: plan.spec.repo,
    type: plan.spec.type,
    revision: plan.spec.revision,
    commit: plan.commit,
    snapshotPath: cache.snapshotDir(plan.spec, plan.commit),
    files: plan.files.length,
    bytes: plan.totalBytes,
    downloadedBytes: stats.downloadedBytes,
    reusedBytes: stats.reusedBytes,
    seconds: stats.seconds,
    paths: plan.files.map((f) => f.path),
    selected: plan.files,
    allow: plan.allow,
    ignore: plan.ignore
  }
}
