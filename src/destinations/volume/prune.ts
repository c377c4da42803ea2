// `--prune`: in each repo the specs name, remove the refs, snapshots and listings the specs no longer
// reference, then the blobs no remaining snapshot uses. Repos the specs do not name are left alone.
// Order keeps readers safe: refs first, then snapshots, then blobs. The caller holds the repo's lock.
import { lstat, readdir, readlink, rm, rmdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { CacheRepo, HfCache } from '../../cache/hf-cache.js'
import { etagOf } from '../../core/types.js'

export interface PruneResult {
  revisions: string[]
  snapshots: string[]
  blobs: number
  bytes: number
}

export async function pruneRepo(
  volume: HfCache,
  ref: CacheRepo,
  keep: { commits: ReadonlySet<string>; revisions: ReadonlySet<string> }
): Promise<PruneResult> {
  const repoDir = volume.repoDir(ref)
  const result: PruneResult = { revisions: [], snapshots: [], blobs: 0, bytes: 0 }

  // 1. refs
  const refsDir = join(repoDir, 'refs')
  for (const revision of await walkFiles(refsDir)) {
    if (keep.revisions.has(revision)) continue
    await rm(join(refsDir, ...revision.split('/')), { force: true })
    result.revisions.push(revision)
  }
  await removeEmptyDirs(refsDir, false)

  // 2. snapshots, listings and .no_exist markers of other commits
  const snapshotsDir = join(repoDir, 'snapshots')
  for (const name of await readdir(snapshotsDir).catch(() => [] as string[])) {
    if (keep.commits.has(name)) continue
    await rm(join(snapshotsDir, name), { recursive: true, force: true })
    await rm(volume.treeListingPath(ref, name), { force: true })
    await rm(join(repoDir, '.no_exist', name), { recursive: true, force: true })
    result.snapshots.push(name)
  }
  for (const name of await readdir(join(repoDir, 'trees')).catch(() => [] as string[])) {
    const commit = name.replace(/\.json$/, '')
    if (name.endsWith('.json') && !keep.commits.has(commit))
      await rm(join(repoDir, 'trees', name), { force: true })
  }

  // 3. blobs no kept snapshot uses
  const used = new Set<string>()
  for (const commit of keep.commits) {
    const listing = await volume.readTreeListing(ref, commit)
    const etagByPath = new Map((listing ?? []).map((f) => [f.path, etagOf(f)]))
    const snapshot = volume.snapshotDir(ref, commit)
    for (const path of await walkFiles(snapshot)) {
      const full = join(snapshot, ...path.split('/'))
      const info = await lstat(full)
      if (info.isSymbolicLink()) used.add(basename(await readlink(full)))
      else {
        // A copy (no symlinks): only the listing says which blob it came from.
        const etag = etagByPath.get(path)
        if (etag === undefined) return result // cannot tell: keep every blob
        used.add(etag)
      }
    }
  }
  const blobsDir = join(repoDir, 'blobs')
  for (const name of await readdir(blobsDir).catch(() => [] as string[])) {
    if (used.has(name) || name.includes('.')) continue // temporary files belong to live writers
    const path = join(blobsDir, name)
    const size = (await stat(path).catch(() => undefined))?.size ?? 0
    await rm(path, { force: true })
    result.blobs++
    result.bytes += size
  }
  return result
}

/** Files under `root` as '/'-joined relative paths (empty when `root` is absent). */
async function walkFiles(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(join(dir, entry.name), path)
      else if (!entry.name.endsWith('.modelbake.tmp')) found.push(path)
    }
  }
  await walk(root, '')
  return found.sort()
}

async function removeEmptyDirs(dir: string, removeSelf: boolean): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) await removeEmptyDirs(join(dir, entry.name), true)
  }
  if (removeSelf) await rmdir(dir).catch(() => undefined)
}
