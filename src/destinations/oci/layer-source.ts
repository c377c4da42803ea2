// A planned layer as bytes: the tar stream is generated from its entries (headers in memory, file
// contents read from the cache in chunks), optionally compressed, and hashed on the way. Nothing
// holds a whole layer; a layer can be re-opened at any offset (uploads resume after a failure).
//
// The digests of a layer depend only on its plan (blobs are named by their content), so they are
// remembered for the rest of the process: several destinations in one run measure each layer once.
import { createHash, type Hash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { ModelbakeError } from '../../core/errors.js'
import type { PositionalWriter, SlabPool } from '../../fetch/direct-write.js'
import { compress, GZIP_LEVEL, ZSTD_LEVEL, type Compression } from './compress.js'
import { layerMediaType } from './image.js'
import type { LayerPlan } from './layer-plan.js'
import { END_OF_ARCHIVE, encodeHeader, padding } from './tar.js'

export interface LayerDigests {
  /** Digest and size of the blob as stored (compressed or not). */
  digest: string
  size: number
  /** Digest of the uncompressed tar (the config's rootfs.diff_ids). */
  diffId: string
}

const STREAM_CHUNK = 1024 * 1024
const HASH_CHUNK = 4 * 1024 * 1024
const memo = new Map<string, LayerDigests>()

export class LayerSource {
  readonly mediaType: string

  constructor(
    readonly plan: LayerPlan,
    readonly compression: Compression,
    private readonly env: Record<string, string | undefined> = process.env
  ) {
    this.mediaType = layerMediaType(compression)
  }

  private get memoKey(): string {
    const level =
      this.compression === 'gzip' ? GZIP_LEVEL : this.compression === 'zstd' ? ZSTD_LEVEL : 0
    return `${this.plan.key}:${this.compression}:${level}`
  }

  /** Digests if already known in this process. */
  get known(): LayerDigests | undefined {
    return memo.get(this.memoKey)
  }

  /** Hash the layer (reading it once) unless it was already measured in this process. */
  async measure(signal?: AbortSignal): Promise<LayerDigests> {
    const known = this.known
    if (known) return known
    if (this.compression === 'none') {
      const digest = await hashTar(this.plan, signal)
      return this.remember({ digest, diffId: digest, size: this.plan.size })
    }
    for await (const chunk of this.stream(signal)) void chunk
    return this.known!
  }

  /**
   * The blob's bytes from the start, hashed on the way; when the stream ends, the digests are
   * remembered, or checked against what was measured before (a changed cache file is an error).
   */
  async *stream(signal?: AbortSignal): AsyncIterable<Buffer> {
    const diff = createHash('sha256')
    const blob = this.compression === 'none' ? diff : createHash('sha256')
    let size = 0
    const tar = tap(tarBytes(this.plan, 0, signal), diff)
    const bytes = this.compression === 'none' ? tar : compress(tar, this.compression, this.env)
    for await (const chunk of bytes) {
      if (blob !== diff) blob.update(chunk)
      size += chunk.length
      yield chunk
    }
    const diffId = `sha256:${diff.digest('hex')}`
    const digest = blob === diff ? diffId : `sha256:${blob.digest('hex')}`
    this.remember({ digest, diffId, size })
  }

  /**
   * Write the uncompressed blob through `writer`, hashed on the way, staged in `slabs` (page-aligned,
   * so the writer can go past the page cache): the next slab is read from the cache while this one
   * is hashed, and earlier ones are being written meanwhile (so `slabs` must hold two at least).
   * No buffer is allocated per piece.
   */
  async writeUncompressed(
    writer: PositionalWriter,
    slabs: SlabPool,
    signal?: AbortSignal
  ): Promise<LayerDigests> {
    if (this.compression !== 'none') throw new Error('internal: the layer is compressed')
    const hash = createHash('sha256')
    const cursor = new TarCursor(this.plan)
    const writes = new Set<Promise<void>>()
    let failed: { error: unknown } | undefined
    let filled: Promise<number> | undefined
    let position = 0
    try {
      let slab = await slabs.take()
      filled = cursor.fill(slab, signal)
      for (;;) {
        const length = await filled
        if (length === 0) break
        const current = slab
        slab = await slabs.take()
        filled = cursor.fill(slab, signal)
        hash.update(current.subarray(0, length))
        const write = writer.write(current.subarray(0, length), position).then(
          () => slabs.give(current),
          (error: unknown) => {
            failed ??= { error }
            slabs.give(current)
          }
        )
        writes.add(write)
        void write.then(() => writes.delete(write))
        position += length
        if (failed) throw failed.error
      }
      await Promise.all(writes)
      if (failed) throw failed.error
    } finally {
      // Nothing may still be reading or writing once the caller goes on (it removes the file).
      await Promise.allSettled([...writes, filled])
      await cursor.close()
    }
    if (position !== this.plan.size) {
      throw new Error(
        `internal: layer "${this.plan.holds}" came to ${position} of ${this.plan.size} bytes`
      )
    }
    const digest = `sha256:${hash.digest('hex')}`
    return this.remember({ digest, diffId: digest, size: position })
  }

  /** The blob's bytes from `offset`, not hashed (the receiver checks the digest). */
  async *open(offset = 0, signal?: AbortSignal): AsyncIterable<Buffer> {
    if (this.compression === 'none') {
      yield* tarBytes(this.plan, offset, signal)
      return
    }
    let skip = offset
    for await (const chunk of compress(
      tarBytes(this.plan, 0, signal),
      this.compression,
      this.env
    )) {
      if (skip >= chunk.length) {
        skip -= chunk.length
        continue
      }
      yield skip > 0 ? chunk.subarray(skip) : chunk
      skip = 0
    }
  }

  private remember(digests: LayerDigests): LayerDigests {
    const known = memo.get(this.memoKey)
    if (known && (known.digest !== digests.digest || known.size !== digests.size)) {
      throw new ModelbakeError(
        `the layer "${this.plan.holds}" changed while it was being written (${known.digest} then ${digests.digest})`,
        { hint: 'a file of the cache changed during the run: run modelbake again' }
      )
    }
    memo.set(this.memoKey, digests)
    return digests
  }
}

async function* tap(source: AsyncIterable<Buffer>, hash: Hash): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    hash.update(chunk)
    yield chunk
  }
}

type Segment =
  | { kind: 'bytes'; data: Buffer }
  | { kind: 'file'; path: string; offset: number; length: number; what: string }
  | { kind: 'zeros'; length: number }

function* segments(plan: LayerPlan): Generator<Segment> {
  for (const entry of plan.entries) {
    yield { kind: 'bytes', data: encodeHeader(entry) }
    const size = entry.type === 'file' ? (entry.size ?? 0) : 0
    if (size === 0) continue
    const source = entry.source
    if (!source) throw new Error(`no content for ${entry.path}`)
    if (source.kind === 'bytes') yield { kind: 'bytes', data: source.data }
    else
      yield {
        kind: 'file',
        path: source.path,
        offset: source.offset,
        length: size,
        what: entry.path
      }
    if (padding(size) > 0) yield { kind: 'zeros', length: padding(size) }
  }
  yield { kind: 'bytes', data: END_OF_ARCHIVE }
}

const segmentLength = (s: Segment) => (s.kind === 'bytes' ? s.data.length : s.length)

/** The tar bytes of a layer from `start`, in chunks of at most 1 MiB, each a fresh buffer. */
export async function* tarBytes(
  plan: LayerPlan,
  start = 0,
  signal?: AbortSignal
): AsyncIterable<Buffer> {
  const cursor = new TarCursor(plan, start)
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(STREAM_CHUNK)
      const length = await cursor.fill(chunk, signal)
      if (length === 0) return
      yield chunk.subarray(0, length)
    }
  } finally {
    await cursor.close()
  }
}

/** A layer's tar bytes from `start`, read into the caller's buffers one after another. */
class TarCursor {
  private readonly parts: Generator<Segment>
  private segment?: Segment
  /** Bytes of `segment` already given out (or skipped). */
  private at = 0
  /** Bytes before `start` not yet skipped. */
  private skip: number
  private file?: { path: string; handle: FileHandle }

  constructor(plan: LayerPlan, start = 0) {
    this.parts = segments(plan)
    this.skip = start
  }

  /** Fill `slab` from where the last fill stopped; the length filled, 0 at the end. */
  async fill(slab: Buffer, signal?: AbortSignal): Promise<number> {
    let filled = 0
    while (filled < slab.length) {
      signal?.throwIfAborted()
      if (!this.segment || this.at === segmentLength(this.segment)) {
        const next = this.parts.next()
        if (next.done) break
        this.segment = next.value
        this.at = Math.min(this.skip, segmentLength(next.value))
        this.skip -= this.at
        continue
      }
      const segment = this.segment
      const take = Math.min(slab.length - filled, segmentLength(segment) - this.at)
      if (segment.kind === 'bytes') segment.data.copy(slab, filled, this.at, this.at + take)
      else if (segment.kind === 'zeros') slab.fill(0, filled, filled + take)
      else {
        const handle = await this.handleFor(segment)
        const { bytesRead } = await handle.read(slab, filled, take, segment.offset + this.at)
        if (bytesRead === 0) {
          throw new ModelbakeError(
            `${segment.path} is shorter than its listed size (${segment.what})`,
            { hint: 'the cache changed since it was warmed: run modelbake again' }
          )
        }
        filled += bytesRead
        this.at += bytesRead
        continue
      }
      filled += take
      this.at += take
    }
    return filled
  }

  async close(): Promise<void> {
    const file = this.file
    this.file = undefined
    await file?.handle.close()
  }

  private async handleFor(segment: Extract<Segment, { kind: 'file' }>): Promise<FileHandle> {
    if (this.file?.path === segment.path) return this.file.handle
    await this.close()
    const handle = await openCached(segment.path)
    this.file = { path: segment.path, handle }
    return handle
  }
}

function openCached(path: string): Promise<FileHandle> {
  return open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ModelbakeError(`cannot read ${path} (${error.code ?? error.message})`, {
      hint: 'the cache lost a blob since it was warmed: run modelbake again without --offline'
    })
  })
}

/** sha256 of the tar bytes, reusing one buffer: the fastest way to learn an uncompressed digest. */
async function hashTar(plan: LayerPlan, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(HASH_CHUNK)
  const cursor = new TarCursor(plan)
  try {
    let length: number
    while ((length = await cursor.fill(buffer, signal)) > 0) hash.update(buffer.subarray(0, length))
  } finally {
    await cursor.close()
  }
  return `sha256:${hash.digest('hex')}`
}
