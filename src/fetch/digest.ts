// Digests that verify a download as the Hub names its files: sha256 of the content for LFS files,
// git's blob sha1 ("blob <size>\0" + content) for the others.
import { createHash, type Hash } from 'node:crypto'
import type { RepoFile } from '../core/types.js'
import { digestOf } from '../core/types.js'

export interface StreamingDigest {
  readonly algorithm: 'sha256' | 'git-sha1'
  readonly expected: string
  update(bytes: Buffer): void
  hex(): string
}

export function digestFor(file: RepoFile): StreamingDigest {
  const { algorithm, hex: expected } = digestOf(file)
  let hash: Hash
  if (algorithm === 'sha256') {
    hash = createHash('sha256')
  } else {
    hash = createHash('sha1')
    hash.update(`blob ${file.size}\0`)
  }
  return {
    algorithm,
    expected,
    update: (bytes) => void hash.update(bytes),
    hex: () => hash.digest('hex')
  }
}
