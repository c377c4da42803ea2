// The Actions cache key of one snapshot. Pure.
//
//   modelbake-v1-<repo folder>-<patterns hash>-<commit>
//   e.g. modelbake-v1-models--acme--tiny-model-3f1c0e9a5b7d2c48-0123456789abcdef0123456789abcdef01234567
//
//   - v1: the layout of the archive (blobs/<etag> under the repo folder); a new layout gets v2.
//   - repo folder: `models--org--name` (the type and id of the spec), readable in the cache list.
//   - patterns hash: the first 16 hex of sha256 over the canonical JSON of the effective patterns,
//     {"allow": [...] | null, "ignore": [...] | null}, each list sorted and without duplicates (their
//     order does not change what they select; an empty allow list means "everything", like none).
//     The same commit with other patterns is another entry, holding other files.
//   - commit: the resolved 40-hex commit, never the revision's name: `main` and `v1.0` that point at
//     one commit share one entry; a branch that moves gets a new key.
// The restore key `modelbake-v1-<repo folder>-<patterns hash>-` (the same without the commit) finds
// the newest entry of the same repo and patterns at another commit: the blobs the commits share
// are then taken from it and only the others are downloaded (a partial restore, not a cache hit).
// Keys stay far below @actions/cache's 512 characters and never contain a comma.
import { createHash } from 'node:crypto'
import { repoFolderName } from '../../core/cache-dir.js'
import type { RepoType } from '../../core/types.js'

export const KEY_PREFIX = 'modelbake-v1-'

export interface KeyInput {
  type: RepoType
  repo: string
  commit: string
  allow?: readonly string[]
  ignore?: readonly string[]
}

export function patternsHash(allow?: readonly string[], ignore?: readonly string[]): string {
  const canonical = (list?: readonly string[]) =>
    list && list.length > 0 ? [...new Set(list)].sort() : null
  const text = JSON.stringify({ allow: canonical(allow), ignore: canonical(ignore) })
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/** The restore key: every entry of this repo and these patterns, whatever the commit. */
export function restorePrefix(input: Omit<KeyInput, 'commit'>): string {
  return `${KEY_PREFIX}${repoFolderName(input.type, input.repo)}-${patternsHash(input.allow, input.ignore)}-`
}

export function cacheKey(input: KeyInput): string {
  return `${restorePrefix(input)}${input.commit}`
}
