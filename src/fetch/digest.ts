// Digests that verify a download as the Hub names its files: sha256 of the content for LFS files,
// git's blob sha1 ("blob <size>\0" + content) for the others.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { RepoFile } from '../core/types.js'
import { digestOf } from '../core/types.js'

export interface StreamingDigest {
  readonly algorithm: 'sha256' | 'git-sha1'
  readonly expected: string
  update(bytes: Buffer): void
  hex(): string
}

/** The hash that names `file`, and the bytes hashed before its content (git's blob header). */
export function digestSetup(file: RepoFile): { hash: 'sha256' | 'sha1'; header?: string } {
  return digestOf(file).algorithm === 'sha256'
    ? { hash: 'sha256' }
    : { hash: 'sha1', header: `blob ${file.size}\0` }
}

export function digestFor(file: RepoFile): StreamingDigest {
  const { algorithm, hex: expected } = digestOf(file)
  const setup = digestSetup(file)
  const hash = createHash(setup.hash)
  if (setup.header) hash.update(setup.header)
  return {
    algorithm,
    expected,
    update: (bytes) => void hash.update(bytes),
    hex: () => hash.digest('hex')
  }
}

/** The digest of a file on disk, read in 4 MiB chunks (the fastest size measured here). */
export async function fileDigest(path: string, file: RepoFile): Promise<string> {
  const digest = digestFor(file)
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }))
    digest.update(chunk as Buffer)
  return digest.hex()
}
