// One blob put at another blob path without a second copy of its bytes where the disk allows it:
// a hard link when both paths are on one filesystem, else a verified copy (a reflink where the
// filesystem can, else copy_file_range: fs.copyFile). Used between the local HF cache and the
// runner's tool cache, and to stage Actions cache archives.
//
// Why hard links and not reflinks: reflinks exist only on btrfs, XFS (reflink=1), bcachefs and APFS;
// on ext4, what most runners use, FICLONE falls back to a full copy, which is the double copy we
// avoid. A hard link works on every POSIX filesystem and costs no bytes. Sharing the inode is safe
// because a blob is immutable and named by its digest: huggingface_hub and modelbake only ever
// create blobs by renaming a finished temporary file into place, never by writing into one.
import { randomBytes } from 'node:crypto'
import { link, mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { cacheError } from '../../cache/hf-cache.js'
import { ModelbakeError } from '../../core/errors.js'
import type { RepoFile } from '../../core/types.js'
import { copyVerifiedBlob } from '../copy-blob.js'

export type Placement = 'linked' | 'copied'

/** Errors of link(2) that mean "not here": another filesystem, or one without hard links. */
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'])

/**
 * Put `source` at `target`, atomically (a reader sees the whole blob or none). The caller has
 * checked that `target` is missing; an existing file there is replaced.
 */
export async function placeBlob(
  source: string,
  target: string,
  file: RepoFile,
  label: string
): Promise<Placement> {
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    throw cacheError(dirname(target), error)
  })
  const temporary = `${target}.${randomBytes(4).toString('hex')}.modelbake.tmp`
  try {
    await link(source, temporary)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (code === 'ENOENT') {
      throw new ModelbakeError(`${file.path}: no blob at ${source}`, {
        repo: label,
        hint: 'run modelbake again: the cache it came from lost that file'
      })
    }
    if (!NO_HARD_LINK.has(code)) throw cacheError(temporary, error)
    await copyVerifiedBlob(source, target, file, label)
    return 'copied'
  }
  try {
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw cacheError(target, error)
  }
  return 'linked'
}
