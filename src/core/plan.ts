// What to fetch from one repo at one commit: its listing filtered by the patterns, and the checks that
// keep a listing (data from the network) from writing outside the snapshot.

import { ModelbakeError } from './errors.js'
import { filterRepoItems } from './patterns.js'
import { compareCodePoints } from './tree-listing.js'
import { COMMIT_RE, type RepoFile, type RepoSpec } from './types.js'

export interface PlanInput {
  spec: RepoSpec
  commit: string
  /** The whole listing of the repo at `commit`. */
  files: readonly RepoFile[]
  /** Run-wide patterns; the spec's own (spec.allow / spec.ignore) replace them when set. */
  allow?: readonly string[]
  ignore?: readonly string[]
}

export interface Plan {
  spec: RepoSpec
  commit: string
  /** The files the patterns select, sorted by path (code point order). */
  files: RepoFile[]
  /** Sum of the sizes of `files`. */
  totalBytes: number
  /** The whole listing, sorted by path: what trees/<commit>.json describes. */
  allFiles: RepoFile[]
}

const MAX_SEGMENT_BYTES = 255
const MAX_PATH_BYTES = 4096
const utf8 = new TextEncoder()

/**
 * Refuse a path in the repo that could not be written as the same path under snapshots/<commit>/:
 * empty, absolute, with `.`, `..` or empty segments, a backslash, NUL or another control character, a
 * lone surrogate, a segment over 255 bytes or a path over 4096 bytes (UTF-8).
 */
export function assertSafeRepoPath(path: string, repo?: string): void {
  const problem = repoPathProblem(path)
  if (problem) {
    throw new ModelbakeError(`The repo lists an unsafe path ${JSON.stringify(path)}: ${problem}.`, {
      repo,
      // The whole listing is checked (it is kept in trees/<commit>.json), so --ignore cannot help.
      hint: 'modelbake writes no file of this commit: report the path to the repo owner, or pin a commit that does not list it (org/name:COMMIT).'
    })
  }
}

function repoPathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty'
  if (path.startsWith('/')) return 'it is absolute'
  if (path.includes('\\')) return 'it contains a backslash'
  if (/\p{Cc}/u.test(path)) return 'it contains a control character'
  if (/\p{Surrogate}/u.test(path)) return 'it is not valid Unicode'
  if (utf8.encode(path).length > MAX_PATH_BYTES) return `it is longer than ${MAX_PATH_BYTES} bytes`
  for (const segment of path.split('/')) {
    if (segment === '') return 'it has an empty segment'
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`
    if (utf8.encode(segment).length > MAX_SEGMENT_BYTES) {
      return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`
    }
  }
  return undefined
}

function describePatterns(
  allow: readonly string[] | undefined,
  ignore: readonly string[] | undefined
) {
  const list = (patterns: readonly string[]) => patterns.map((p) => JSON.stringify(p)).join(', ')
  const parts: string[] = []
  if (allow !== undefined) parts.push(`allow ${list(allow)}`)
  if (ignore !== undefined && ignore.length > 0) parts.push(`ignore ${list(ignore)}`)
  return parts.join(' and ')
}

/**
 * The files to fetch: the listing filtered with huggingface_hub's filter_repo_objects semantics
 * (spec.allow ?? allow, spec.ignore ?? ignore; an empty allow list means everything). Throws a
 * ModelbakeError when the repo has no file at the commit, or when the patterns select none, with a
 * sample of the repo's paths.
 */
export function planRepo(input: PlanInput): Plan {
  const { spec, commit } = input
  const repo = spec.repo
  if (!COMMIT_RE.test(commit)) {
    throw new ModelbakeError(
      `Not a commit: ${JSON.stringify(commit)} (expected 40 hex characters).`,
      {
        repo
      }
    )
  }
  const allFiles = [...input.files].sort((a, b) => compareCodePoints(a.path, b.path))
  for (let i = 1; i < allFiles.length; i++) {
    if (allFiles[i]!.path === allFiles[i - 1]!.path) {
      throw new ModelbakeError(
        `The listing of commit ${commit} has ${JSON.stringify(allFiles[i]!.path)} twice.`,
        { repo, hint: 'The Hub answered with a broken listing; try again later.' }
      )
    }
  }
  if (allFiles.length === 0) {
    throw new ModelbakeError(
      `The repo has no file at commit ${commit} (revision ${spec.revision}).`,
      {
        repo,
        hint: 'Check the revision: an empty repo or branch has nothing to fetch.'
      }
    )
  }
  const allowGiven = spec.allow ?? input.allow
  const allow = allowGiven !== undefined && allowGiven.length === 0 ? undefined : allowGiven
  const ignore = spec.ignore ?? input.ignore
  const files = filterRepoItems(allFiles, (file) => file.path, allow, ignore)
  if (files.length === 0) {
    const shown = allFiles.slice(0, 10).map((file) => JSON.stringify(file.path))
    const more = allFiles.length > 10 ? `, … (${allFiles.length - 10} more)` : ''
    const from =
      spec.allow !== undefined || spec.ignore !== undefined
        ? `its own patterns${spec.source ? ` (${spec.source})` : ''}`
        : 'the patterns'
    throw new ModelbakeError(
      `No file matches ${from}: ${describePatterns(allow, ignore)}. The repo has ` +
        `${allFiles.length} file${allFiles.length === 1 ? '' : 's'} at commit ${commit}: ` +
        `${shown.join(', ')}${more}.`,
      {
        repo,
        hint:
          'Patterns match the whole path in the repo, "*" included across "/" ("*.json" matches ' +
          '"a/b.json"), case-sensitively; "dir/" means everything under dir.'
      }
    )
  }
  // A file and a folder of the same name cannot both exist in the snapshot.
  const selected = new Set(files.map((file) => file.path))
  for (const file of files) {
    const segments = file.path.split('/')
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/')
      if (selected.has(folder)) {
        throw new ModelbakeError(
          `The repo lists both the file ${JSON.stringify(folder)} and ${JSON.stringify(file.path)}.`,
          { repo, hint: 'Exclude one of them with --ignore.' }
        )
      }
    }
  }
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0)
  return { spec, commit, files, totalBytes, allFiles }
}
