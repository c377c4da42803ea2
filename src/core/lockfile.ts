// modelbake.lock.json: a model pinned like a dependency. Per repo: the spec, the commit it resolved
// to, the patterns, and every selected file with its size and digest. Pure: text in, text out.
import { UsageError } from './errors.js'
import type { RepoFile, RepoSpec, RepoType } from './types.js'
import { COMMIT_RE } from './types.js'

export const LOCK_VERSION = 1

export interface LockedFile {
  path: string
  size: number
  /** git blob sha1 as the Hub lists it (for LFS files: of the pointer). */
  blobId: string
  /** sha256 of the content, for LFS files. */
  sha256?: string
}

export interface LockedRepo {
  /** "org/name" or "datasets/org/name": the key of the entry, with the revision. */
  label: string
  repo: string
  type: RepoType
  revision: string
  commit: string
  allow?: string[]
  ignore?: string[]
  files: LockedFile[]
}

export interface LockFile {
  version: number
  repos: LockedRepo[]
}

export function lockKey(entry: { label: string; revision: string }): string {
  return `${entry.label}:${entry.revision}`
}

export function lockedRepo(
  spec: RepoSpec,
  label: string,
  commit: string,
  files: RepoFile[],
  patterns: { allow?: string[]; ignore?: string[] }
): LockedRepo {
  return {
    label,
    repo: spec.repo,
    type: spec.type,
    revision: spec.revision,
    commit,
    ...(patterns.allow ? { allow: patterns.allow } : {}),
    ...(patterns.ignore ? { ignore: patterns.ignore } : {}),
    files: [...files]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => ({
        path: f.path,
        size: f.size,
        blobId: f.blobId,
        ...(f.lfs ? { sha256: f.lfs.sha256 } : {})
      }))
  }
}

/** Stable text: entries sorted by key, two-space indent, a final newline (diff-friendly in git). */
export function serializeLock(repos: LockedRepo[]): string {
  const sorted = [...repos].sort((a, b) =>
    lockKey(a) < lockKey(b) ? -1 : lockKey(a) > lockKey(b) ? 1 : 0
  )
  return `${JSON.stringify({ version: LOCK_VERSION, repos: sorted } satisfies LockFile, null, 2)}\n`
}

export function parseLock(text: string, source: string): LockFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UsageError(`${source} is not valid JSON`, {
      hint: 'restore it from version control, or delete it and run with --lock to write it again'
    })
  }
  const lock = data as Partial<LockFile>
  if (lock.version !== LOCK_VERSION || !Array.isArray(lock.repos)) {
    throw new UsageError(`${source} is not a modelbake lock file of version ${LOCK_VERSION}`, {
      hint: 'write it again with --lock'
    })
  }
  for (const [i, repo] of lock.repos.entries()) {
    const valid =
      repo &&
      typeof repo.label === 'string' &&
      typeof repo.repo === 'string' &&
      typeof repo.revision === 'string' &&
      typeof repo.commit === 'string' &&
      COMMIT_RE.test(repo.commit) &&
      Array.isArray(repo.files) &&
      repo.files.every(
        (f) =>
          f &&
          typeof f.path === 'string' &&
          Number.isSafeInteger(f.size) &&
          typeof f.blobId === 'string' &&
          (f.sha256 === undefined || /^[0-9a-f]{64}$/.test(f.sha256))
      )
    if (!valid) {
      throw new UsageError(`${source}: entry ${i + 1} is malformed`, {
        hint: 'write the lock again with --lock'
      })
    }
  }
  return lock as LockFile
}

/** The differences between what the lock pins and what a run found, one line each. */
export function lockDrift(locked: LockedRepo, found: LockedRepo): string[] {
  const lines: string[] = []
  if (locked.commit !== found.commit)
    lines.push(`commit: locked ${locked.commit}, now ${found.commit}`)
  const patterns = (r: LockedRepo) =>
    JSON.stringify({ allow: r.allow ?? null, ignore: r.ignore ?? null })
  if (patterns(locked) !== patterns(found))
    lines.push(`patterns: locked ${patterns(locked)}, now ${patterns(found)}`)
  const before = new Map(locked.files.map((f) => [f.path, f]))
  const after = new Map(found.files.map((f) => [f.path, f]))
  for (const [path, file] of before) {
    const now = after.get(path)
    if (!now) lines.push(`- ${path} (${file.size} bytes) is no longer selected`)
    else if (now.size !== file.size || now.blobId !== file.blobId || now.sha256 !== file.sha256) {
      lines.push(`~ ${path}: locked ${digestText(file)}, now ${digestText(now)}`)
    }
  }
  for (const [path, file] of after)
    if (!before.has(path)) lines.push(`+ ${path} (${file.size} bytes) is new`)
  return lines
}

function digestText(file: LockedFile): string {
  return `${file.size} bytes ${file.sha256 ? `sha256 ${file.sha256.slice(0, 12)}` : `git ${file.blobId.slice(0, 12)}`}`
}
