// Where the Hugging Face cache is, and the names of everything in it (constants.py, file_download.py).
// Pure: the environment is passed in, nothing is read from disk.

import { sep, join } from 'node:path'
import { ModelbakeError, UsageError } from './errors.js'
import { COMMIT_RE, type RepoType } from './types.js'
import { assertSafeRepoPath } from './plan.js'
import { validateRepoId, validateRevision } from './spec.js'

export type Env = Readonly<Record<string, string | undefined>>

/** The first line of `<cache>/CACHEDIR.TAG` (https://bford.info/cachedir/). */
export const CACHEDIR_TAG_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55'
/** What huggingface_hub writes to `<cache>/CACHEDIR.TAG`. */
export const CACHEDIR_TAG_CONTENT =
  `${CACHEDIR_TAG_SIGNATURE}\n` +
  '# This file is a cache directory tag created by huggingface_hub.\n' +
  '# For information about cache directory tags, see:\n' +
  '#\thttps://bford.info/cachedir/\n'

/** A set, non-empty variable; empty counts as unset (CI systems pass empty inputs as ""). */
function setVar(env: Env, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

/** os.path.join for two parts, without normalising anything (so exactly what Python builds). */
function joinRaw(base: string, part: string): string {
  if (part.startsWith(sep)) return part
  return base === '' || base.endsWith(sep) || base.endsWith('/') ? base + part : base + sep + part
}

/**
 * Python's os.path.expanduser: `~` and `~/...` take $HOME (trailing `/` stripped); `~user` would need
 * the password database, which a pure function cannot read, so it is refused.
 */
export function expandUser(path: string, env: Env, what: string): string {
  if (!path.startsWith('~')) return path
  let end = path.indexOf('/', 1)
  if (end < 0) end = path.length
  if (end !== 1) {
    throw new UsageError(`${what} is ${JSON.stringify(path)}: "~user" paths are not supported.`, {
      hint: 'Write the full path of that home folder.'
    })
  }
  const home = setVar(env, 'HOME')
  if (home === undefined) {
    throw new UsageError(`${what} is ${JSON.stringify(path)}, but HOME is not set.`, {
      hint: 'Set HOME or give the cache folder as a full path.'
    })
  }
  return home.replace(/\/+$/, '') + path.slice(end) || '/'
}

/**
 * Python's posixpath.expandvars: `$NAME` and `${NAME}` (NAME of ASCII letters, digits, `_`) take
 * their value from env; unknown variables stay as written; values are not expanded again.
 */
export function expandVars(path: string, env: Env): string {
  if (!path.includes('$')) return path
  return path.replace(/\$(\w+|\{[^}]*\})/g, (match, name: string) => {
    const key = name.startsWith('{') && name.endsWith('}') ? name.slice(1, -1) : name
    const value = Object.hasOwn(env, key) ? env[key] : undefined
    return value === undefined ? match : value
  })
}

/**
 * The hub cache folder, as huggingface_hub finds it: the flag, else HF_HUB_CACHE, else
 * HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
 * ~/.cache/huggingface/hub (home from env.HOME). `~` is expanded (and, for the variables, `$VAR`, in
 * the same two passes as constants.py). A relative result stays relative. Empty values count as unset.
 */
export function resolveCacheDir(flag: string | undefined, env: Env): string {
  if (flag !== undefined && flag !== '') return expandUser(flag, env, 'The cache folder')
  const expand = (path: string, what: string) => expandVars(expandUser(path, env, what), env)
  const hubCache = setVar(env, 'HF_HUB_CACHE') ?? setVar(env, 'HUGGINGFACE_HUB_CACHE')
  if (hubCache !== undefined) {
    const name =
      setVar(env, 'HF_HUB_CACHE') !== undefined ? 'HF_HUB_CACHE' : 'HUGGINGFACE_HUB_CACHE'
    return expand(hubCache, name)
  }
  const hfHomeVar = setVar(env, 'HF_HOME')
  const xdg = setVar(env, 'XDG_CACHE_HOME')
  const hfHome =
    hfHomeVar ??
    joinRaw(
      xdg ?? joinRaw(expandUser('~', env, 'The default cache folder'), '.cache'),
      'huggingface'
    )
  const what = hfHomeVar !== undefined ? 'HF_HOME' : xdg !== undefined ? 'XDG_CACHE_HOME' : 'HOME'
  return expand(joinRaw(expand(hfHome, what), 'hub'), what)
}

/** `models--org--name`, `datasets--org--name`, `spaces--org--name`. */
export function repoFolderName(type: RepoType, repo: string): string {
  const problem = validateRepoId(repo)
  if (problem) throw new ModelbakeError(`Not a repo id: ${JSON.stringify(repo)} (${problem}).`)
  return [`${type}s`, ...repo.split('/')].join('--')
}

/** `<cache>/<repo-folder>` */
export function repoDir(cache: string, type: RepoType, repo: string): string {
  return join(cache, repoFolderName(type, repo))
}

function assertCommit(commit: string): void {
  if (!COMMIT_RE.test(commit)) {
    throw new ModelbakeError(
      `Not a commit: ${JSON.stringify(commit)} (expected 40 hex characters).`
    )
  }
}

/** An etag is one file name in blobs/: no separator, not `.` or `..`, nothing invisible. */
export function assertSafeEtag(etag: string): void {
  if (!/^[A-Za-z0-9_.+=-]+$/.test(etag) || etag === '.' || etag === '..' || etag.length > 200) {
    throw new ModelbakeError(`Not a usable etag: ${JSON.stringify(etag)}.`)
  }
}

/** `<cache>/<repo-folder>/snapshots/<commit>` */
export function snapshotDir(cache: string, type: RepoType, repo: string, commit: string): string {
  assertCommit(commit)
  return join(repoDir(cache, type, repo), 'snapshots', commit)
}

/** `<cache>/<repo-folder>/snapshots/<commit>/<path-in-repo>` (the path checked first). */
export function snapshotFilePath(
  cache: string,
  type: RepoType,
  repo: string,
  commit: string,
  pathInRepo: string
): string {
  assertSafeRepoPath(pathInRepo, repo)
  return join(snapshotDir(cache, type, repo, commit), ...pathInRepo.split('/'))
}

/** `<cache>/<repo-folder>/blobs/<etag>` */
export function blobPath(cache: string, type: RepoType, repo: string, etag: string): string {
  assertSafeEtag(etag)
  return join(repoDir(cache, type, repo), 'blobs', etag)
}

/** `<cache>/<repo-folder>/refs/<revision>`; `refs/pr/1` is the nested file `refs/refs/pr/1`. */
export function refPath(cache: string, type: RepoType, repo: string, revision: string): string {
  const problem = validateRevision(revision)
  if (problem) throw new ModelbakeError(`Not a revision: ${JSON.stringify(revision)} (${problem}).`)
  return join(repoDir(cache, type, repo), 'refs', ...revision.split('/'))
}

/** `<cache>/<repo-folder>/trees/<commit>.json` */
export function treeListingPath(
  cache: string,
  type: RepoType,
  repo: string,
  commit: string
): string {
  assertCommit(commit)
  return join(repoDir(cache, type, repo), 'trees', `${commit}.json`)
}

/** `<cache>/.locks/<repo-folder>/<etag>.lock`, the lock huggingface_hub takes for one blob. */
export function lockPath(cache: string, type: RepoType, repo: string, etag: string): string {
  assertSafeEtag(etag)
  return join(cache, '.locks', repoFolderName(type, repo), `${etag}.lock`)
}

/** `<cache>/CACHEDIR.TAG` */
export function cachedirTagPath(cache: string): string {
  return join(cache, 'CACHEDIR.TAG')
}

/**
 * The target of the symlink `snapshots/<commit>/<pathInRepo>`: `../../blobs/<etag>` plus one `../`
 * per folder of the path (always with `/`, as huggingface_hub's relpath gives on POSIX).
 */
export function relativeLinkTarget(pathInRepo: string, etag: string): string {
  assertSafeRepoPath(pathInRepo)
  assertSafeEtag(etag)
  const depth = pathInRepo.split('/').length - 1
  return `${'../'.repeat(2 + depth)}blobs/${etag}`
}

/** `models--org--name` → the repo it names, or undefined when the folder name is not a repo's. */
export function parseRepoFolder(folder: string): { type: RepoType; repo: string } | undefined {
  const match = /^(models|datasets|spaces)--(.+)$/.exec(folder)
  if (!match) return undefined
  const type = match[1].slice(0, -1) as RepoType
  const repo = match[2].split('--').join('/')
  try {
    if (repoFolderName(type, repo) !== folder) return undefined
  } catch {
    return undefined
  }
  return { type, repo }
}
