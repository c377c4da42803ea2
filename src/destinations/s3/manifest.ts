// The snapshot manifest: what `snapshots/<commit>/` holds in a cache, for a store without symlinks.
// One per repo and commit, at PREFIX/<repo-folder>/manifests/<commit>.json:
//   {"format": "modelbake-snapshot", "version": 1, "type", "repo", "commit",
//    "files": [{"path", "size", "blob_id", "lfs_sha256"?, "xet_hash"?}, ...]}   (sorted by path)
// The blob of a file is blobs/<lfs_sha256 ?? blob_id>, exactly the cache's etag. A manifest is data
// from the network when read back: every path and etag is checked before anything is written.
import { assertSafeEtag } from '../../core/cache-dir.js'
import { ModelbakeError } from '../../core/errors.js'
import { assertSafeRepoPath } from '../../core/plan.js'
import { compareCodePoints } from '../../core/tree-listing.js'
import { COMMIT_RE, etagOf, type RepoFile, type RepoType } from '../../core/types.js'

export const MANIFEST_FORMAT = 'modelbake-snapshot'
export const MANIFEST_VERSION = 1

export interface SnapshotManifest {
  type: RepoType
  repo: string
  commit: string
  files: RepoFile[]
}

export function serializeManifest(manifest: SnapshotManifest): string {
  const files = [...manifest.files]
    .sort((a, b) => compareCodePoints(a.path, b.path))
    .map((f) => ({
      path: f.path,
      size: f.size,
      blob_id: f.blobId,
      ...(f.lfs ? { lfs_sha256: f.lfs.sha256 } : {}),
      ...(f.xetHash ? { xet_hash: f.xetHash } : {})
    }))
  return `${JSON.stringify(
    {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      type: manifest.type,
      repo: manifest.repo,
      commit: manifest.commit,
      files
    },
    null,
    1
  )}\n`
}

/** Parse and check a manifest read from the store; throws a ModelbakeError naming `where`. */
export function parseManifest(
  text: string,
  expected: Omit<SnapshotManifest, 'files'>,
  where: string
): SnapshotManifest {
  const fail = (problem: string) =>
    new ModelbakeError(`the snapshot manifest ${where} is unusable: ${problem}`, {
      hint: 'publish the snapshot again with `modelbake --to s3://…`'
    })
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw fail('not JSON')
  }
  const doc = data as Record<string, unknown>
  if (typeof doc !== 'object' || doc === null || doc.format !== MANIFEST_FORMAT)
    throw fail('not a modelbake snapshot manifest')
  if (doc.version !== MANIFEST_VERSION)
    throw fail(`version ${String(doc.version)} (this modelbake reads version ${MANIFEST_VERSION})`)
  if (doc.type !== expected.type || doc.repo !== expected.repo || doc.commit !== expected.commit)
    throw fail(`it describes ${String(doc.type)} ${String(doc.repo)}@${String(doc.commit)}`)
  if (!COMMIT_RE.test(expected.commit)) throw fail('bad commit')
  if (!Array.isArray(doc.files)) throw fail('no file list')
  const files: RepoFile[] = []
  const seen = new Set<string>()
  for (const entry of doc.files as Array<Record<string, unknown>>) {
    const { path, size, blob_id: blobId, lfs_sha256: sha256, xet_hash: xetHash } = entry ?? {}
    if (typeof path !== 'string' || typeof blobId !== 'string')
      throw fail('an entry lacks path or blob_id')
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      throw fail(`bad size for ${JSON.stringify(path)}`)
    if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)))
      throw fail(`bad sha256 for ${JSON.stringify(path)}`)
    if (sha256 === undefined && !/^[0-9a-f]{40}$/.test(blobId))
      throw fail(`bad blob id for ${JSON.stringify(path)}`)
    if (xetHash !== undefined && typeof xetHash !== 'string')
      throw fail(`bad xet hash for ${JSON.stringify(path)}`)
    if (seen.has(path)) throw fail(`${JSON.stringify(path)} is listed twice`)
    seen.add(path)
    assertSafeRepoPath(path, expected.repo)
    const file: RepoFile = { path, size, blobId }
    if (sha256 !== undefined) file.lfs = { sha256, size }
    if (xetHash !== undefined) file.xetHash = xetHash
    assertSafeEtag(etagOf(file))
    files.push(file)
  }
  return { ...expected, files: files.sort((a, b) => compareCodePoints(a.path, b.path)) }
}

/** The union of two manifests' files; `ours` wins where both list a path. */
export function mergeFiles(theirs: readonly RepoFile[], ours: readonly RepoFile[]): RepoFile[] {
  const byPath = new Map<string, RepoFile>()
  for (const file of theirs) byPath.set(file.path, file)
  for (const file of ours) byPath.set(file.path, file)
  return [...byPath.values()].sort((a, b) => compareCodePoints(a.path, b.path))
}
