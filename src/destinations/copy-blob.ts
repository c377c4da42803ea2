// One blob from the local cache to the volume: copied under a temporary name (a reflink where the
// filesystem can, else copy_file_range: both through fs.copyFile), checked against its digest, then
// renamed into place. Nothing unverified ever carries a blob's name.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { cacheError } from '../cache/hf-cache.js'
import { ModelbakeError } from '../core/errors.js'
import { digestOf, type RepoFile } from '../core/types.js'
import { fileDigest } from '../fetch/digest.js'

export async function copyVerifiedBlob(
  source: string,
  target: string,
  file: RepoFile,
  label: string
): Promise<void> {
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    throw cacheError(dirname(target), error)
  })
  const temporary = `${target}.${randomBytes(4).toString('hex')}.modelbake.tmp`
  try {
    try {
      await copyFile(source, temporary, constants.COPYFILE_FICLONE)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(source))) {
        throw new ModelbakeError(`${file.path}: the local cache has no blob ${source}`, {
          repo: label,
          hint: 'run modelbake again without --offline to fetch it'
        })
      }
      throw cacheError(temporary, error)
    }
    const size = (await stat(temporary)).size
    const expected = digestOf(file).hex
    const actual = size === file.size ? await fileDigest(temporary, file) : `${size} bytes`
    if (actual !== expected) {
      throw new ModelbakeError(
        `${file.path}: the copy on the volume does not match its digest (expected ${expected}, got ${actual})`,
        {
          repo: label,
          hint: `the local blob ${source} or the volume is damaged: delete that blob and run again`
        }
      )
    }
    await rename(temporary, target).catch((error: unknown) => {
      throw cacheError(target, error)
    })
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}
