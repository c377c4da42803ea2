// Re-read a cache and check every file against what it should be: the lock file's digests, or the
// commit's stored tree listing. Reports missing, corrupted and extra files.
import { lstat, readlink, stat } from 'node:fs/promises'
import type { HfCache } from '../cache/hf-cache.js'
import { relativeLinkTarget } from '../core/cache-dir.js'
import type { RepoFile, RepoSpec } from '../core/types.js'
import { digestOf, etagOf } from '../core/types.js'
import { fileDigest } from '../fetch/digest.js'

export interface VerifyTarget {
  spec: RepoSpec
  label: string
  commit: string
  /** The files that must be there, with their digests. */
  expected: RepoFile[]
  /** Every file the commit has (the listing), when known: present files outside it are "extra". */
  listing?: RepoFile[]
  /** Whether absent expected files count as missing (false: only what is present is checked). */
  requireAll: boolean
}

export interface RepoVerification {
  label: string
  revision: string
  commit: string
  snapshotPath: string
  verified: number
  missing: string[]
  corrupted: Array<{ path: string; reason: string }>
  extra: string[]
}

export interface VerifyReport {
  ok: boolean
  repos: RepoVerification[]
}

export async function verifyCache(cache: HfCache, targets: VerifyTarget[]): Promise<VerifyReport> {
  const repos: RepoVerification[] = []
  for (const target of targets) repos.push(await verifyRepo(cache, target))
  const ok = repos.every(
    (r) => r.missing.length === 0 && r.corrupted.length === 0 && r.extra.length === 0
  )
  return { ok, repos }
}

async function verifyRepo(cache: HfCache, target: VerifyTarget): Promise<RepoVerification> {
  const { spec, commit } = target
  const result: RepoVerification = {
    label: target.label,
    revision: spec.revision,
    commit,
    snapshotPath: cache.snapshotDir(spec, commit),
    verified: 0,
    missing: [],
    corrupted: [],
    extra: []
  }
  const present = new Map((await cache.listSnapshot(spec, commit)).map((f) => [f.path, f]))
  // Dangling links do not show up as files: look for them separately.
  for (const file of target.expected) {
    const path = cache.snapshotFile(spec, commit, file.path)
    const info = await lstat(path).catch(() => undefined)
    if (!info) {
      if (target.requireAll) result.missing.push(file.path)
      continue
    }
    const problem = await checkFile(path, file, info.isSymbolicLink())
    if (problem) result.corrupted.push({ path: file.path, reason: problem })
    else result.verified++
  }
  const known = new Set((target.listing ?? target.expected).map((f) => f.path))
  for (const path of present.keys()) if (!known.has(path)) result.extra.push(path)
  return result
}

/** undefined when the file is right; otherwise what is wrong with it. */
async function checkFile(
  path: string,
  file: RepoFile,
  isLink: boolean
): Promise<string | undefined> {
  if (isLink) {
    const target = await readlink(path)
    const expected = relativeLinkTarget(file.path, etagOf(file))
    if (target !== expected) return `links to ${target}, not ${expected}`
  }
  const info = await stat(path).catch(() => undefined)
  if (!info) return 'its blob is missing'
  if (info.size !== file.size) return `${info.size} bytes, expected ${file.size}`
  const { algorithm, hex: expected } = digestOf(file)
  const actual = await fileDigest(path, file)
  return actual === expected ? undefined : `${algorithm} ${actual}, expected ${expected}`
}
