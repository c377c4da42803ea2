// Content-addressed file contents on disk: objects/<sha256>. Everything is streamed so that
// benchmark repos of several GB never sit in memory.
import { createCipheriv, createHash, randomBytes, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'

export interface ObjectInfo {
  sha256: string
  size: number
  /** git blob sha1 of the content; only computed when asked (non-LFS files). */
  gitSha1?: string
}

const CHUNK_BYTES = 4 * 1024 * 1024

/** sha1 of `blob <size>\0<content>`: what git (and the Hub's `oid`) calls a blob. */
export function gitBlobSha1(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** Deterministic pseudo-random bytes: the AES-256-CTR keystream keyed by the seed. */
export async function* keystream(seed: string, size: number): AsyncGenerator<Buffer> {
  const key = createHash('sha256').update(`modelbake-localhub-seed:${seed}`).digest()
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  const zeros = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(size, 1)))
  let left = size
  while (left > 0) {
    const n = Math.min(left, zeros.length)
    yield cipher.update(n === zeros.length ? zeros : zeros.subarray(0, n))
    left -= n
  }
}

/** The first `size` bytes of a deterministic keystream, in memory (for small fixtures). */
export async function keystreamBuffer(seed: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of keystream(seed, size)) parts.push(chunk)
  return Buffer.concat(parts, size)
}

export class ObjectStore {
  readonly dir: string
  private readonly sizes = new Map<string, number>()
  private ready: Promise<void> | undefined

  constructor(root: string) {
    this.dir = join(root, 'objects')
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256)
  }

  /** Size of a stored object, from memory when known (the CDN asks on every request). */
  async sizeOf(sha256: string): Promise<number | undefined> {
    const known = this.sizes.get(sha256)
    if (known !== undefined) return known
    try {
      const info = await stat(this.pathOf(sha256))
      this.sizes.set(sha256, info.size)
      return info.size
    } catch {
      return undefined
    }
  }

  async putBuffer(content: Buffer, wantGitSha1: boolean): Promise<ObjectInfo> {
    await this.ensureDirs()
    const sha256 = sha256Hex(content)
    const target = this.pathOf(sha256)
    if ((await this.sizeOf(sha256)) !== content.length) {
      const tmp = this.tmpPath()
      await writeFile(tmp, content)
      await rename(tmp, target)
    }
    this.sizes.set(sha256, content.length)
    return { sha256, size: content.length, ...(wantGitSha1 && { gitSha1: gitBlobSha1(content) }) }
  }

  /**
   * Pseudo-random content of `size` bytes. Generating and hashing GBs takes seconds, so the
   * result is remembered in generated/<key>.json and reused when the store folder is reused.
   */
  async putGenerated(seed: string, size: number, wantGitSha1: boolean): Promise<ObjectInfo> {
    await this.ensureDirs()
    const memo = join(this.dir, '..', 'generated', `${sha256Hex(`${size}\0${seed}`)}.json`)
    try {
      const known = JSON.parse(await readFile(memo, 'utf8')) as ObjectInfo
      if ((await this.sizeOf(known.sha256)) === size && (!wantGitSha1 || known.gitSha1)) {
        return known
      }
    } catch {
      // not generated before (or the memo is stale): generate below
    }
    const info = await this.putStream(keystream(seed, size), size, wantGitSha1)
    await writeFile(memo, JSON.stringify(info))
    return info
  }

  /** A file from disk: hashed while read, then hard-linked (or copied) into the store. */
  async putFile(path: string, wantGitSha1: boolean): Promise<ObjectInfo> {
    await this.ensureDirs()
    const { size } = await stat(path)
    const hashes = startHashes(size, wantGitSha1)
    await pipeline(createReadStream(path, { highWaterMark: CHUNK_BYTES }), async (source) => {
      for await (const chunk of source as AsyncIterable<Buffer>) updateHashes(hashes, chunk)
    })
    const info = finishHashes(hashes, size)
    if ((await this.sizeOf(info.sha256)) !== size) {
      const tmp = this.tmpPath()
      try {
        await link(path, tmp)
      } catch {
        await copyFile(path, tmp)
      }
      await rename(tmp, this.pathOf(info.sha256))
    }
    this.sizes.set(info.sha256, size)
    return info
  }

  /** Bytes produced by `source` (exactly `size` of them), hashed while written. */
  async putStream(
    source: AsyncIterable<Buffer>,
    size: number,
    wantGitSha1: boolean
  ): Promise<ObjectInfo> {
    await this.ensureDirs()
    const hashes = startHashes(size, wantGitSha1)
    const tmp = this.tmpPath()
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            updateHashes(hashes, chunk)
            yield chunk
          }
        },
        createWriteStream(tmp, { highWaterMark: CHUNK_BYTES })
      )
      const info = finishHashes(hashes, size)
      if (hashes.written !== size) {
        throw new Error(`object stream gave ${hashes.written} bytes, expected ${size}`)
      }
      await rename(tmp, this.pathOf(info.sha256))
      this.sizes.set(info.sha256, size)
      return info
    } finally {
      await rm(tmp, { force: true })
    }
  }

  /** Streams a stored object's bytes (optionally only the first `limit` of them). */
  read(sha256: string, limit?: number): AsyncIterable<Buffer> {
    if (limit === 0) return (async function* () {})()
    return createReadStream(this.pathOf(sha256), {
      highWaterMark: CHUNK_BYTES,
      ...(limit !== undefined && { end: limit - 1 })
    })
  }

  private tmpPath(): string {
    return join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`)
  }

  private ensureDirs(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true })
      await mkdir(join(this.dir, '..', 'generated'), { recursive: true })
    })()
    return this.ready
  }
}

interface RunningHashes {
  sha256: Hash
  gitSha1?: Hash
  written: number
}

function startHashes(size: number, wantGitSha1: boolean): RunningHashes {
  return {
    sha256: createHash('sha256'),
    ...(wantGitSha1 && { gitSha1: createHash('sha1').update(`blob ${size}\0`) }),
    written: 0
  }
}

function updateHashes(hashes: RunningHashes, chunk: Buffer): void {
  hashes.sha256.update(chunk)
  hashes.gitSha1?.update(chunk)
  hashes.written += chunk.length
}

function finishHashes(hashes: RunningHashes, size: number): ObjectInfo {
  return {
    sha256: hashes.sha256.digest('hex'),
    size,
    ...(hashes.gitSha1 && { gitSha1: hashes.gitSha1.digest('hex') })
  }
}
