// What a destination publishes, read from the run's results and the local cache: one entry per repo
// and commit (two revisions at one commit share their snapshot), with every file's etag known.
// Shared by the volume, S3, tool-cache and gha-cache destinations.
import { readlink } from 'node:fs/promises'
import { basename } from 'node:path'
import type { CacheRepo, HfCache } from '../cache/hf-cache.js'
import { repoFolderName } from '../core/cache-dir.js'
import { ModelbakeError } from '../core/errors.js'
import { etagOf, type RepoFile } from '../core/types.js'
import type { RepoResult } from '../pipeline/result.js'

export interface SnapshotToPublish {
  ref: CacheRepo
  label: string
  commit: string
  /** The selected files of every result at this commit (union by path), etags known. */
  files: RepoFile[]
  /** The revisions (branches, tags, PR refs) that point at this commit; not the commit itself. */
  revisions: string[]
}

/** Group results by repo and commit; the order of first appearance is kept. */
export async function snapshotsToPublish(
  cache: HfCache,
  results: readonly RepoResult[]
): Promise<SnapshotToPublish[]> {
  const groups = new Map<string, SnapshotToPublish>()
  for (const result of results) {
    const ref: CacheRepo = { type: result.type, repo: result.repo }
    const key = `${repoFolderName(ref.type, ref.repo)}\0${result.commit}`
    let group = groups.get(key)
    if (!group) {
      group = { ref, label: result.label, commit: result.commit, files: [], revisions: [] }
      groups.set(key, group)
    }
    const byPath = new Map(group.files.map((f) => [f.path, f]))
    for (const file of await withEtags(cache, ref, result.commit, result.selected, result.label))
      byPath.set(file.path, file)
    group.files = [...byPath.values()]
    if (result.revision !== result.commit && !group.revisions.includes(result.revision))
      group.revisions.push(result.revision)
  }
  return [...groups.values()]
}

/**
 * Files planned offline from a cache without a listing have no digest: take the etag from the local
 * snapshot's link (`../../blobs/<etag>`). A copied file (no symlinks) cannot tell, and is refused.
 */
async function withEtags(
  cache: HfCache,
  ref: CacheRepo,
  commit: string,
  files: readonly RepoFile[],
  label: string
): Promise<RepoFile[]> {
  return Promise.all(
    files.map(async (file) => {
      if (etagOf(file) !== '') return file
      const link = await readlink(cache.snapshotFile(ref, commit, file.path)).catch(() => undefined)
      const etag = link ? basename(link) : ''
      if (/^[0-9a-f]{64}$/.test(etag)) return { ...file, lfs: { sha256: etag, size: file.size } }
      if (/^[0-9a-f]{40}$/.test(etag)) return { ...file, blobId: etag }
      throw new ModelbakeError(
        `cannot publish ${file.path}: the cache has no listing of ${commit} and the file is not a link to a blob`,
        {
          repo: label,
          hint: "run once with network access, so that the cache knows each file's digest"
        }
      )
    })
  )
}

/**
 * The keys of `DestinationReport.locations`: the label ("org/name"), or "label:revision" for a repo
 * published at more than one revision (the Action's output maps use the same rule).
 */
export function locationKeys(results: readonly RepoResult[]): string[] {
  const count = new Map<string, number>()
  for (const r of results) count.set(r.label, (count.get(r.label) ?? 0) + 1)
  return results.map((r) => (count.get(r.label)! > 1 ? `${r.label}:${r.revision}` : r.label))
}
