// The Hugging Face cache on disk, written exactly as huggingface_hub writes it:
//   <root>/CACHEDIR.TAG
//   <root>/<models--org--name>/blobs/<etag>
//   <root>/<models--org--name>/snapshots/<commit>/<path>  → ../../blobs/<etag> (relative symlink)
//   <root>/<models--org--name>/refs/<revision>             (the commit, no newline)
//   <root>/<models--org--name>/trees/<commit>.json
// Every write goes to a temporary name first and is renamed into place, so readers never see a
// half-written file, link, ref or listing.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { relativeLinkTarget, repoFolderName } from '../core/cache-dir.js'
import { ModelbakeError } from '../core/errors.js'
import {
  isTreeListingWritable,
  parseTreeListing,
  serializeTreeListing
} from '../core/tree-listing.js'
import type { RepoFile, RepoType } from '../core/types.js'
import { etagOf } from '../core/types.js'

export interface CacheRepo {
  type: RepoType
  repo: string
}

const CACHEDIR_TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag: backup and archiving tools may skip this folder.\n' +
  '# It marks a Hugging Face hub cache (written here by modelbake). See https://bford.info/cachedir/\n'

/** The temporary names link() and the symlink probe use: a killed run can leave them behind. */
const LEFTOVER = /\.[0-9a-f]{8}\.modelbake\.tmp$|^\.modelbake-symlink-probe-[0-9a-f]{8}$/

export class HfCache {
  /** undefined until probed: whether this filesystem takes symlinks (else files are copied). */
  private symlinks: boolean | undefined

  constructor(readonly root: string) {}

  repoDir(repo: CacheRepo): string {
    return join(this.root, repoFolderName(repo.type, repo.repo))
  }
  blobPath(repo: CacheRepo, etag: string): string {
    return join(this.repoDir(repo), 'blobs', etag)
  }
  snapshotDir(repo: CacheRepo, commit: string): string {
    return join(this.repoDir(repo), 'snapshots', commit)
  }
  snapshotFile(repo: CacheRepo, commit: string, path: string): string {
    return join(this.snapshotDir(repo, commit), ...path.split('/'))
  }
  refPath(repo: CacheRepo, revision: string): string {
    return join(this.repoDir(repo), 'refs', ...revision.split('/'))
  }
  treeListingPath(repo: CacheRepo, commit: string): string {
    return join(this.repoDir(repo), 'trees', `${commit}.json`)
  }
  lockPath(repo: CacheRepo, etag: string): string {
    // Not huggingface_hub's `<etag>.lock` (an flock file it never deletes): ours is an O_EXCL lock.
    return join(this.root, '.locks', repoFolderName(repo.type, repo.repo), `${etag}.modelbake.lock`)
  }

  /** Create the root and its CACHEDIR.TAG. Fails clearly when the root is not a usable folder. */
  async prepare(): Promise<void> {
    try {
      await makeDirectory(this.root)
      const info = await stat(this.root)
      if (!info.isDirectory())
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
      await writeFile(join(this.root, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch(
        (error) => {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        }
      )
    } catch (error) {
      throw cacheError(this.root, error)
    }
  }

  async readRef(repo: CacheRepo, revision: string): Promise<string | undefined> {
    try {
      const text = (await readFile(this.refPath(repo, revision), 'utf8')).trim()
      return /^[0-9a-f]{40}$/.test(text) ? text : undefined
    } catch {
      return undefined
    }
  }

  /** refs/<revision> holds the commit with no trailing newline; refs/pr/1 is a nested file. */
  async writeRef(repo: CacheRepo, revision: string, commit: string): Promise<void> {
    if (revision === commit) {
      // huggingface_hub writes no ref for a commit, and its scan accepts a repo without refs/;
      // huggingface.js drops such a repo from its scan. An empty refs/ satisfies both.
      await mkdir(join(this.repoDir(repo), 'refs'), { recursive: true })
      return
    }
    const path = this.refPath(repo, revision)
    if ((await this.readRef(repo, revision)) === commit) return
    await atomicWrite(path, commit)
  }

  async readTreeListing(repo: CacheRepo, commit: string): Promise<RepoFile[] | undefined> {
    try {
      return parseTreeListing(await readFile(this.treeListingPath(repo, commit), 'utf8'))
    } catch {
      return undefined
    }
  }

  /** Written exactly as huggingface_hub would, or (like it) not at all when it could not be. */
  async writeTreeListing(repo: CacheRepo, commit: string, files: RepoFile[]): Promise<void> {
    if (!isTreeListingWritable(files)) return
    const text = serializeTreeListing(files)
    const path = this.treeListingPath(repo, commit)
    const existing = await readFile(path, 'utf8').catch(() => undefined)
    if (existing !== text) await atomicWrite(path, text)
  }

  /** Whether the blob is present with the listed size (its digest was checked when it was written). */
  async hasBlob(repo: CacheRepo, file: RepoFile): Promise<boolean> {
    try {
      const info = await stat(this.blobPath(repo, etagOf(file)))
      return info.isFile() && info.size === file.size
    } catch {
      return false
    }
  }

  /** Whether the snapshot path already leads to the right blob. */
  async isLinked(repo: CacheRepo, commit: string, file: RepoFile): Promise<boolean> {
    const path = this.snapshotFile(repo, commit, file.path)
    try {
      const info = await lstat(path)
      if (info.isSymbolicLink())
        return (await readlink(path)) === relativeLinkTarget(file.path, etagOf(file))
      // A copy (filesystems without symlinks): trust it when the size matches.
      return info.isFile() && info.size === file.size
    } catch {
      return false
    }
  }

  /** Point `snapshots/<commit>/<path>` at its blob: a relative symlink, or a copy where links fail. */
  async link(repo: CacheRepo, commit: string, file: RepoFile): Promise<void> {
    const path = this.snapshotFile(repo, commit, file.path)
    await mkdir(dirname(path), { recursive: true })
    await putInPlace(path, async (temporary) => {
      if (await this.symlinksWork(dirname(path))) {
        await symlink(relativeLinkTarget(file.path, etagOf(file)), temporary)
      } else {
        await copyFile(this.blobPath(repo, etagOf(file)), temporary, constants.COPYFILE_FICLONE)
      }
    })
  }

  /**
   * Remove what a run killed while linking left in a snapshot folder: temporary links
   * (`<name>.<8 hex>.modelbake.tmp`) and symlink probes, except at the paths in `keep` (files of
   * the repo that happen to have such names).
   */
  async sweepSnapshot(repo: CacheRepo, commit: string, keep: ReadonlySet<string>): Promise<void> {
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name
        if (entry.isDirectory()) await walk(join(dir, entry.name), path)
        else if (LEFTOVER.test(entry.name) && !keep.has(path))
          await rm(join(dir, entry.name), { force: true })
      }
    }
    await walk(this.snapshotDir(repo, commit), '')
  }

  /**
   * Remove the temporary files (`<name>.<8 hex>.modelbake.tmp`) that a run killed while writing a
   * ref or a listing left in refs/ and trees/: huggingface_hub reads every file in refs/ as a ref.
   */
  async sweepRefsAndListings(repo: CacheRepo): Promise<void> {
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (entry.isDirectory()) await walk(join(dir, entry.name))
        else if (LEFTOVER.test(entry.name)) await rm(join(dir, entry.name), { force: true })
      }
    }
    await walk(join(this.repoDir(repo), 'refs'))
    await walk(join(this.repoDir(repo), 'trees'))
  }

  /** After a failed run: remove the folders it created for this repo if they hold nothing. */
  async removeIfEmpty(repo: CacheRepo): Promise<void> {
    const folder = repoFolderName(repo.type, repo.repo)
    for (const dir of [
      join(this.repoDir(repo), 'blobs'),
      this.repoDir(repo),
      join(this.root, '.locks', folder),
      join(this.root, '.locks')
    ]) {
      await rmdir(dir).catch(() => undefined)
    }
  }

  /** Files (paths in the repo) present under a snapshot folder, for offline runs without a listing. */
  async listSnapshot(
    repo: CacheRepo,
    commit: string
  ): Promise<Array<{ path: string; size: number }>> {
    const root = this.snapshotDir(repo, commit)
    const found: Array<{ path: string; size: number }> = []
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name)
        const path = prefix ? `${prefix}/${entry.name}` : entry.name
        if (entry.isDirectory()) await walk(full, path)
        else {
          const info = await stat(full).catch(() => undefined)
          if (info?.isFile()) found.push({ path, size: info.size })
        }
      }
    }
    await walk(root, '').catch(() => undefined)
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  private async symlinksWork(dir: string): Promise<boolean> {
    if (this.symlinks !== undefined) return this.symlinks
    const probe = join(dir, `.modelbake-symlink-probe-${randomBytes(4).toString('hex')}`)
    try {
      await symlink('probe-target', probe)
      this.symlinks = true
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
        throw error
      this.symlinks = false
    } finally {
      await rm(probe, { force: true })
    }
    return this.symlinks
  }
}

export async function atomicWrite(path: string, text: string): Promise<void> {
  try {
    await makeDirectory(dirname(path))
  } catch (error) {
    throw cacheError(path, error)
  }
  await putInPlace(path, (temporary) => writeFile(temporary, text))
}

/**
 * Make `path` appear whole: `make` writes a temporary name beside it, which is then renamed over it.
 * A sweep of leftovers (sweepSnapshot, sweepRefsAndListings) by another run, or by this one for
 * another revision of the repo, may take the temporary name for a dead run's between the two: then
 * it is made again under a new name, a few times.
 */
export async function putInPlace(
  path: string,
  make: (temporary: string) => Promise<void>
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const temporary = `${path}.${randomBytes(4).toString('hex')}.modelbake.tmp`
    try {
      await make(temporary)
      await rename(temporary, path)
      return
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined)
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue
      throw cacheError(path, error)
    }
  }
}

/**
 * mkdir -p that reports the real reason: Node's recursive mkdir answers ENOENT when a folder cannot
 * be created for another one (a read-only filesystem, say), so on ENOENT each level is made in turn.
 */
export async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error
    await makeDirectory(dirname(path))
    await mkdir(path).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again
    })
  }
}

/** A write that failed on disk; `what` names the place to choose instead, in the hint. */
export class DiskError extends ModelbakeError {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    cause: unknown,
    readonly what = 'cache folder (--cache-dir)'
  ) {
    super(`cannot write ${path} (${code ?? (cause as Error).message})`, {
      hint: diskHint(code, what),
      cause
    })
    this.name = 'DiskError'
  }

  /** The same error, for a place other than the cache (a destination, the lock file). */
  about(what: string): DiskError {
    return new DiskError(this.path, this.code, this.cause, what)
  }
}

function diskHint(code: string | undefined, what: string): string {
  switch (code) {
    case 'ENOSPC':
      return `the disk is full: free space or choose another ${what}`
    case 'EDQUOT':
      return `the disk quota is exhausted: free space or choose another ${what}`
    case 'EACCES':
    case 'EPERM':
      return `no permission to write there: choose a writable ${what}`
    case 'EROFS':
      return `the filesystem is read-only: choose a writable ${what}`
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where a folder should be: choose another ${what} or remove that file`
    default:
      return `check the ${what} and retry`
  }
}

/** Disk errors as a person should read them: what, where, what to do. */
export function cacheError(path: string, error: unknown, what?: string): Error {
  if (error instanceof DiskError && what) return error.about(what)
  if (error instanceof ModelbakeError) return error
  return new DiskError(path, (error as NodeJS.ErrnoException).code, error, what)
}

/** A disk error from writing `what` (a destination, the lock file) names it in its hint. */
export function diskErrorAbout(error: unknown, what: string): unknown {
  return error instanceof DiskError ? error.about(what) : error
}
