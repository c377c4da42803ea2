// `s3://BUCKET/PREFIX` and the keys under it. Keys mirror the cache layout:
//   PREFIX/<repo-folder>/blobs/<etag>              each blob once (metadata: sha256)
//   PREFIX/<repo-folder>/manifests/<commit>.json   the snapshot: path → blob (S3 has no symlinks)
//   PREFIX/<repo-folder>/trees/<commit>.json       the commit's listing, as in the cache
//   PREFIX/<repo-folder>/refs/<revision>           the commit, as in the cache
// Every key is built from checked segments: none may be empty, `.` or `..`, or hold a backslash or
// a control character, so that no key can climb out of the prefix (some servers and proxies
// normalise `/../` in paths).
import { assertSafeEtag, repoFolderName } from '../../core/cache-dir.js'
import { ModelbakeError, UsageError } from '../../core/errors.js'
import { validateRevision } from '../../core/spec.js'
import { COMMIT_RE, type RepoType } from '../../core/types.js'

export interface S3Location {
  bucket: string
  /** '' or segments joined by '/', without leading or trailing '/'. */
  prefix: string
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** `BUCKET/PREFIX` (what follows `s3://`) → a location; throws a UsageError for what S3 would refuse or
 * what could escape the prefix. */
export function parseS3Target(target: string): S3Location {
  const text = target.trim()
  const slash = text.indexOf('/')
  const bucket = slash < 0 ? text : text.slice(0, slash)
  const rawPrefix = slash < 0 ? '' : text.slice(slash + 1).replace(/\/+$/, '')
  if (!BUCKET_RE.test(bucket) || bucket.includes('..')) {
    throw new UsageError(`invalid S3 bucket name ${JSON.stringify(bucket)}`, {
      hint: 'use s3://BUCKET/PREFIX with a bucket of 3-63 lower-case letters, digits, dots and hyphens'
    })
  }
  if (rawPrefix !== '') {
    const problem = rawPrefix.split('/').map(segmentProblem).find(Boolean)
    if (problem) {
      throw new UsageError(`invalid S3 prefix ${JSON.stringify(rawPrefix)}: ${problem}`, {
        hint: 'use a prefix such as hf/hub, without empty, "." or ".." parts'
      })
    }
  }
  return { bucket, prefix: rawPrefix }
}

export function formatLocation(location: S3Location, key?: string): string {
  const base = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`
  if (key === undefined) return base
  return `s3://${location.bucket}/${key}`
}

function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'it has an empty part'
  if (segment === '.' || segment === '..') return `it has a "${segment}" part`
  if (segment.includes('\\')) return 'it contains a backslash'
  if (/\p{Cc}/u.test(segment)) return 'it contains a control character'
  if (Buffer.byteLength(segment) > 255) return 'a part is longer than 255 bytes'
  return undefined
}

/** Join checked segments under the prefix. */
export function joinKey(location: S3Location, segments: readonly string[]): string {
  for (const segment of segments) {
    const problem = segmentProblem(segment)
    if (problem) {
      throw new ModelbakeError(
        `refusing S3 key part ${JSON.stringify(segment)} under ${formatLocation(location)}: ${problem}`,
        { hint: 'a key must stay under the prefix; this is a bug or a tampered manifest' }
      )
    }
  }
  const key = [...(location.prefix ? [location.prefix] : []), ...segments].join('/')
  if (Buffer.byteLength(key) > 1024) {
    throw new ModelbakeError(`S3 key too long (${Buffer.byteLength(key)} bytes): ${key}`, {
      hint: 'S3 keys are limited to 1024 bytes: choose a shorter prefix'
    })
  }
  return key
}

export interface RepoKeyRef {
  type: RepoType
  repo: string
}

export const keys = {
  repoPrefix(location: S3Location, ref: RepoKeyRef): string {
    return `${joinKey(location, [repoFolderName(ref.type, ref.repo)])}/`
  },
  blob(location: S3Location, ref: RepoKeyRef, etag: string): string {
    assertSafeEtag(etag)
    return joinKey(location, [repoFolderName(ref.type, ref.repo), 'blobs', etag])
  },
  manifest(location: S3Location, ref: RepoKeyRef, commit: string): string {
    assertCommit(commit)
    return joinKey(location, [repoFolderName(ref.type, ref.repo), 'manifests', `${commit}.json`])
  },
  tree(location: S3Location, ref: RepoKeyRef, commit: string): string {
    assertCommit(commit)
    return joinKey(location, [repoFolderName(ref.type, ref.repo), 'trees', `${commit}.json`])
  },
  ref(location: S3Location, ref: RepoKeyRef, revision: string): string {
    const problem = validateRevision(revision)
    if (problem || COMMIT_RE.test(revision))
      throw new ModelbakeError(`not a ref name: ${JSON.stringify(revision)}`)
    return joinKey(location, [repoFolderName(ref.type, ref.repo), 'refs', ...revision.split('/')])
  }
}

function assertCommit(commit: string): void {
  if (!COMMIT_RE.test(commit))
    throw new ModelbakeError(`not a commit: ${JSON.stringify(commit)} (expected 40 hex characters)`)
}
