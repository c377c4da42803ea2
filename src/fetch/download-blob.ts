// Download one file into `blobs/<etag>`: parallel ranges streamed to a partial file, hashed on the
// way, verified against the listing's digest, then renamed into place. A crash leaves the partial
// file and a small record of which ranges are on disk, so the next run resumes from there.
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { cacheError } from '../cache/hf-cache.js'
import type { IncomingMessage } from 'node:http'
import type { DirectBody } from '../hub/direct-http.js'
import { ModelbakeError } from '../core/errors.js'
import type { RepoFile } from '../core/types.js'
import { etagOf } from '../core/types.js'
import type { RepoRef } from '../hub/api.js'
import { hubError, repoLabel } from '../hub/api.js'
import {
  header,
  HttpClient,
  isTransient,
  redactUrl,
  throwIfTransient,
  TransientHttpError
} from '../hub/http.js'
import { digestFor } from './digest.js'
import { positionalWriter, SlabPool, type PositionalWriter } from './direct-write.js'
import { digestHere, type HashThread } from './hash-thread.js'
import { Limiter, type MemoryBudget } from './limiter.js'
import { OrderedHasher } from './ordered-hasher.js'
import { RangeWidth } from './range-width.js'
import { childController, settleAll } from './settle.js'

export interface DownloadTuning {
  /** Size of one range request for large files. */
  chunkSize: number
  /** Files larger than this are fetched as parallel ranges. */
  rangeThreshold: number
  /** Ranges of one file in flight at once, when the context gives no RangeWidth. */
  rangesPerFile: number
  /** How often the resume record is refreshed while bytes flow. */
  progressSaveMs: number
}

export const DEFAULT_TUNING: DownloadTuning = {
  // Small enough that the ranges ahead of a file's hash frontier fit in the memory budget (and are
  // hashed from memory, not read back from disk); large enough that a request's latency is small.
  chunkSize: 16 * 1024 * 1024,
  rangeThreshold: 64 * 1024 * 1024,
  rangesPerFile: 8,
  progressSaveMs: 1000
}

export interface BlobDownload {
  ref: RepoRef
  file: RepoFile
  /** `{endpoint}/{repo}/resolve/{commit}/{path}` */
  url: string
  blobPath: string
  /** Position of this file in the run, for scheduling priority. */
  order: number
}

export interface DownloadContext {
  http: HttpClient
  limiter: Limiter
  memory: MemoryBudget
  tuning: DownloadTuning
  hasToken: boolean
  /** Bytes received from the network (for progress). */
  onBytes: (bytes: number) => void
  /** Verifies on a second thread when given; on this one otherwise. */
  hashing?: HashThread
  /** Ranges per large file, widened when streams prove slow; `tuning.rangesPerFile` otherwise. */
  width?: RangeWidth
  /** Aborted when another download of the run failed. */
  signal?: AbortSignal
  /** Where each stream stages its bytes for writing (page-aligned: written past the page cache). */
  slabs: SlabPool
}

const STAGING_SLAB = 1024 * 1024

/**
 * The staging slabs for `streams` streams at once: three each (one filling, two being written),
 * within 4–32 MiB. Fewer than the streams only makes some wait for a write to land.
 */
export function stagingSlabs(streams: number, options: { direct: boolean }): SlabPool {
  return new SlabPool(Math.min(32, Math.max(4, 3 * streams)), STAGING_SLAB, options)
}

export interface DownloadResult {
  /** Bytes fetched over the network by this call. */
  downloadedBytes: number
  /** Bytes found on disk from an interrupted earlier run. */
  resumedBytes: number
}

interface ResumeRecord {
  etag: string
  size: number
  ranges: Array<[number, number]>
}

/** The file names modelbake uses beside a blob while it downloads it. */
export function partialPaths(blobPath: string): { data: string; record: string } {
  return { data: `${blobPath}.modelbake.incomplete`, record: `${blobPath}.modelbake.ranges.json` }
}

/**
 * Download and verify one blob. The caller holds the blob's lock. Integrity failures (digest or size
 * mismatch) are retried from scratch a few times, then reported; nothing unverified is ever renamed
 * to `blobPath`.
 */
export async function downloadBlob(
  job: BlobDownload,
  ctx: DownloadContext
): Promise<DownloadResult> {
  const maxIntegrityRetries = 2
  let total: DownloadResult = { downloadedBytes: 0, resumedBytes: 0 }
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await downloadOnce(job, ctx)
      return {
        downloadedBytes: total.downloadedBytes + result.downloadedBytes,
        resumedBytes: total.resumedBytes + result.resumedBytes
      }
    } catch (error) {
      if (!(error instanceof IntegrityError) || attempt >= maxIntegrityRetries) throw error
      // downloadOnce has discarded the partial file: the next attempt starts from scratch.
      total = { downloadedBytes: total.downloadedBytes + error.downloadedBytes, resumedBytes: 0 }
    }
  }
}

class IntegrityError extends ModelbakeError {
  constructor(
    message: string,
    repo: string,
    readonly downloadedBytes: number
  ) {
    super(message, {
      repo,
      hint: 'the Hub (or something between you and it) served bytes that do not match its own listing; retry later, and report it if it persists'
    })
  }
}

async function downloadOnce(job: BlobDownload, ctx: DownloadContext): Promise<DownloadResult> {
  const { file } = job
  const paths = partialPaths(job.blobPath)
  const resumed = await loadResumeRecord(paths, file)
  const handle = await mkdir(dirname(job.blobPath), { recursive: true })
    .then(() => open(paths.data, resumed ? 'r+' : 'w+'))
    .catch((error: unknown) => {
      throw cacheError(paths.data, error)
    })
  // A file smaller than a slab has no whole aligned slab to write: no need for a direct handle.
  const direct = ctx.slabs.direct && file.size >= STAGING_SLAB
  const writer = await positionalWriter(handle, paths.data, { direct }).catch(
    async (error: unknown) => {
      await handle.close()
      throw cacheError(paths.data, error)
    }
  )
  const digest = ctx.hashing ? ctx.hashing.digest(file) : digestHere(digestFor(file))
  const hasher = new OrderedHasher(digest, handle, ctx.memory)
  const written = new RangeSet(resumed?.ranges ?? [])
  const resumedBytes = written.total()
  let downloadedBytes = 0
  const saver = new RecordSaver(
    paths.record,
    etagOf(file),
    file.size,
    written,
    ctx.tuning.progressSaveMs
  )
  try {
    if (!resumed) await handle.truncate(file.size)
    // What an earlier run left on disk is read back into the hash in its turn.
    for (const [start, end] of written.ranges) hasher.landed(start, end)

    const source = new SourceUrl(job, ctx)
    const progress: StreamProgress = {
      received: (offset, bytes) => hasher.offer(offset, bytes),
      landed: (start, end) => {
        hasher.landed(start, end)
        written.add(start, end)
        downloadedBytes += end - start
        ctx.onBytes(end - start)
        saver.touch()
      }
    }
    const missing = written.missingWithin(file.size)
    ctx.signal?.throwIfAborted()
    const width = ctx.width ?? RangeWidth.fixed(ctx.tuning.rangesPerFile)
    // A large file goes in chunks whenever it may get more than one stream, now or once widened.
    const split = file.size > ctx.tuning.rangeThreshold && width.wide > 1
    const chunks = splitRanges(missing, split ? ctx.tuning.chunkSize : Infinity)
    if (file.size === 0) chunks.push([0, 0])
    // One chunk failing for good stops its siblings; all of them stop before the file is closed.
    const fileAbort = childController(ctx.signal)
    const chunkCtx = { ...ctx, signal: fileAbort.signal }
    // Breadth first across files (chunk index before file order), and no more ranges per file than
    // its share of the streams: every stream then sits at or near its file's hash frontier.
    const fileSlots = new Limiter(width.perFile)
    const unfollow = width.follow((perFile) => fileSlots.resize(perFile))
    await settleAll(
      chunks.map(([start, end], index) =>
        fileSlots.run([index], () =>
          ctx.limiter.run([index, job.order], () =>
            fetchRange(job, chunkCtx, source, writer, start, end, progress)
          )
        )
      ),
      fileAbort
    ).finally(() => {
      unfollow()
      fileAbort.dispose()
    })
    const actual = await hasher.finish(file.size)
    if (actual !== expectedDigest(file)) {
      throw new IntegrityError(
        `${file.path}: ${file.lfs ? 'sha256' : 'git sha1'} mismatch (expected ${expectedDigest(file)}, got ${actual})`,
        repoLabel(job.ref),
        downloadedBytes
      )
    }
    await saver.stop()
    await writer.close()
    await handle.close()
    await rename(paths.data, job.blobPath).catch((error: unknown) => {
      throw cacheError(job.blobPath, error)
    })
    await discardPartial(job.blobPath)
    return { downloadedBytes, resumedBytes }
  } catch (error) {
    hasher.dispose()
    await saver.stop(error instanceof IntegrityError ? 'discard' : 'save')
    await writer.close().catch(() => undefined)
    await handle.close().catch(() => undefined)
    // Keep a partial file only when it holds verified-to-be-resumable bytes.
    if (written.total() === 0 || error instanceof IntegrityError) await discardPartial(job.blobPath)
    const code = (error as NodeJS.ErrnoException).code
    const diskError =
      code && code !== 'ABORT_ERR' && !(error instanceof ModelbakeError) && !isTransient(error)
    throw diskError ? cacheError(paths.data, error) : error
  }
}

function expectedDigest(file: RepoFile): string {
  return file.lfs ? file.lfs.sha256 : file.blobId
}

/** The URL bytes come from: the Hub's resolve URL at first, then the CDN URL it redirected to. */
class SourceUrl {
  private cdnUrl?: string
  constructor(
    private readonly job: BlobDownload,
    private readonly ctx: DownloadContext
  ) {}
  get current(): string {
    return this.cdnUrl ?? this.job.url
  }
  remember(finalUrl: string): void {
    if (finalUrl !== this.job.url) this.cdnUrl = finalUrl
  }
  /** A signed CDN URL expired: go back to the Hub for a fresh one. */
  forget(): void {
    this.cdnUrl = undefined
  }
  get hasToken(): boolean {
    return this.ctx.hasToken
  }
}

async function fetchRange(
  job: BlobDownload,
  ctx: DownloadContext,
  source: SourceUrl,
  writer: PositionalWriter,
  start: number,
  end: number,
  progress: StreamProgress
): Promise<void> {
  let position = start
  await ctx.http.withRetry(
    `${repoLabel(job.ref)}/${job.file.path}`,
    async () => {
      if (position >= end && end > start) return
      ctx.signal?.throwIfAborted()
      const [from, sent] = [position, performance.now()]
      const url = source.current
      const headers: Record<string, string> =
        end > start ? { range: `bytes=${position}-${end - 1}` } : {}
      const response = await ctx.http.sendDirect({ url, headers, signal: ctx.signal })
      const body = response.body
      try {
        if (response.status === 403 && url !== job.url) {
          source.forget()
          throw new TransientHttpError('signed download URL refused (expired?)', 403)
        }
        throwIfTransient(response)
        if (response.status !== 200 && response.status !== 206) {
          const text = await body.text(64 * 1024).catch(() => '')
          throw hubError(job.ref, 'the pinned commit', response, text, ctx.hasToken, job.file.path)
        }
        source.remember(response.url)
        checkHeaders(job, response.status, response.headers, position, end)
        // A server that ignores Range answers 200 with the whole file: skip what we already have.
        let skip = response.status === 200 ? position : 0
        await streamToFile(
          body,
          writer,
          ctx.slabs,
          (bytes) => {
            if (skip > 0) {
              const dropped = Math.min(skip, bytes.length)
              skip -= dropped
              bytes = bytes.subarray(dropped)
              if (bytes.length === 0) return undefined
            }
            if (position + bytes.length > end) {
              throw new IntegrityError(
                `${job.file.path}: the server sent more bytes than the listing's size ${job.file.size}`,
                repoLabel(job.ref),
                0
              )
            }
            const offset = position
            position += bytes.length
            return { offset, bytes }
          },
          progress
        )
        if (position < end) {
          throw new TransientHttpError(
            `connection closed after ${position - start} of ${end - start} bytes of ${job.file.path}`
          )
        }
        ctx.width?.observe(position - from, (performance.now() - sent) / 1000)
      } finally {
        if (!body.readableEnded) body.destroy()
      }
    },
    ctx.signal,
    // Every attempt that brings bytes renews the retry budget: a CDN that cuts the connection
    // every few GB is followed to the end of the file.
    () => position
  )
}

type Placed = { offset: number; bytes: Buffer }

/** What a stream tells as its bytes come in and go to disk. */
interface StreamProgress {
  /** `bytes` for `offset` were received (the views may be kept: they are not reused). */
  received(offset: number, bytes: Buffer): void
  /** [start, end) is on disk. */
  landed(start: number, end: number): void
}

/**
 * Write the body's bytes at their offsets; `place` decides where (or drops them). The bytes are
 * copied into slabs that end on slab-size boundaries of the file, so every slab after a stream's
 * first is a whole aligned block, written past the page cache (direct-write.ts says why); a slab
 * goes back to the pool when its write lands, while the next ones fill. Each piece is reported as
 * received once copied (the hasher takes the bytes at its frontier then, and the socket's buffer is
 * garbage while still young), and as landed with its slab. No write outlives this call; bytes
 * staged when the body fails are still written (a retry or a later run resumes after them).
 */
async function streamToFile(
  body: DirectBody,
  writer: PositionalWriter,
  slabs: SlabPool,
  place: (bytes: Buffer) => Placed | undefined,
  progress: StreamProgress
): Promise<void> {
  const writing = new Set<Promise<void>>()
  let failedWrite: { error: unknown } | undefined
  let staged: { slab: Buffer; offset: number; length: number; end: number } | undefined

  const submit = () => {
    if (!staged) return
    const { slab, offset, length } = staged
    staged = undefined
    if (length === 0) return slabs.give(slab)
    const write = writer
      .write(slab.subarray(0, length), offset)
      .finally(() => slabs.give(slab))
      .then(() => progress.landed(offset, offset + length))
    writing.add(write)
    write.then(
      () => writing.delete(write),
      (error: unknown) => (failedWrite ??= { error })
    )
  }

  try {
    await body.read(async (pieces) => {
      for (const piece of pieces) {
        if (failedWrite) throw failedWrite.error
        const target = place(piece)
        if (!target) continue
        let { offset, bytes } = target
        while (bytes.length > 0) {
          if (staged && offset !== staged.offset + staged.length) submit()
          if (!staged) {
            const slab = await slabs.take()
            const end = (Math.floor(offset / slab.length) + 1) * slab.length
            staged = { slab, offset, length: 0, end }
          }
          const take = Math.min(bytes.length, staged.end - (staged.offset + staged.length))
          bytes.copy(staged.slab, staged.length, 0, take)
          progress.received(offset, bytes.subarray(0, take))
          staged.length += take
          offset += take
          bytes = bytes.subarray(take)
          if (staged.offset + staged.length === staged.end) submit()
        }
      }
    })
    submit()
    await Promise.all(writing)
  } catch (error) {
    submit()
    await Promise.allSettled(writing)
    // A failed write is the disk's failure, never the network's: retrying the body from where it
    // stopped would leave a hole in the file behind bytes the hash has already taken.
    if (failedWrite) throw failedWrite.error
    if (error instanceof ModelbakeError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ABORT_ERR' || (error as Error).name === 'AbortError') throw error
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' || code === 'EACCES') throw error
    // A body cut mid-way: retryable from where we are (what was written is kept).
    if (error instanceof TransientHttpError) throw error
    throw new TransientHttpError(`download interrupted (${code ?? (error as Error).message})`)
  }
}

function checkHeaders(
  job: BlobDownload,
  status: number,
  headers: IncomingMessage['headers'],
  position: number,
  end: number
): void {
  const { file } = job
  const repo = repoLabel(job.ref)
  const lie = (what: string) =>
    new ModelbakeError(`${file.path}: ${what}`, {
      repo,
      hint: 'the Hub disagrees with its own listing; retry, and report it if it persists'
    })
  const linkedSize = header(headers, 'x-linked-size')
  if (linkedSize !== undefined && Number(linkedSize) !== file.size) {
    throw lie(`the Hub says ${linkedSize} bytes, the listing ${file.size}`)
  }
  const etag = normalizeEtag(
    header(headers, 'x-linked-etag') ?? (file.lfs ? undefined : header(headers, 'etag'))
  )
  if (etag !== undefined && etag !== etagOf(file)) {
    throw lie(`the Hub names its content ${etag}, the listing ${etagOf(file)}`)
  }
  if (status === 206) {
    const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(header(headers, 'content-range') ?? '')
    if (
      !range ||
      Number(range[1]) !== position ||
      (range[3] !== '*' && Number(range[3]) !== file.size)
    ) {
      throw lie(
        `unexpected Content-Range "${header(headers, 'content-range') ?? ''}" for bytes ${position}-${end - 1}`
      )
    }
  } else {
    const length = header(headers, 'content-length')
    if (length !== undefined && Number(length) !== file.size) {
      throw new IntegrityError(
        `${file.path}: the server sends ${length} bytes, the listing says ${file.size}`,
        repo,
        0
      )
    }
  }
}

/** `W/"abc"` → `abc` */
export function normalizeEtag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  return value.replace(/^W\//, '').replace(/^"|"$/g, '')
}

async function loadResumeRecord(
  paths: { data: string; record: string },
  file: RepoFile
): Promise<ResumeRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(paths.record, 'utf8')) as ResumeRecord
    const info = await stat(paths.data)
    const valid =
      record.etag === etagOf(file) &&
      record.size === file.size &&
      info.size === file.size &&
      Array.isArray(record.ranges) &&
      record.ranges.every(
        ([s, e]) =>
          Number.isSafeInteger(s) && Number.isSafeInteger(e) && 0 <= s && s <= e && e <= file.size
      )
    if (valid) return record
  } catch {
    // no record, or an unreadable one: start over
  }
  await discardPartial(paths.data.replace(/\.modelbake\.incomplete$/, ''))
  return undefined
}

async function discardPartial(blobPath: string): Promise<void> {
  const paths = partialPaths(blobPath)
  await rm(paths.data, { force: true })
  await rm(paths.record, { force: true })
  // A kill during a record save can leave its temporary file.
  await rm(`${paths.record}.tmp`, { force: true })
}

/** Saves the resume record at most every `intervalMs` while bytes flow, and once at the end. */
class RecordSaver {
  private timer?: NodeJS.Timeout
  private saving: Promise<void> = Promise.resolve()
  private dirty = false
  constructor(
    private readonly path: string,
    private readonly etag: string,
    private readonly size: number,
    private readonly ranges: RangeSet,
    private readonly intervalMs: number
  ) {}
  touch(): void {
    this.dirty = true
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, this.intervalMs)
    this.timer.unref()
  }
  private flush(): void {
    if (!this.dirty) return
    this.dirty = false
    const record: ResumeRecord = { etag: this.etag, size: this.size, ranges: this.ranges.ranges }
    // Write-then-rename: a crash mid-save leaves the previous record, never a torn one.
    this.saving = this.saving
      .then(async () => {
        await writeFile(`${this.path}.tmp`, JSON.stringify(record))
        await rename(`${this.path}.tmp`, this.path)
      })
      // A save that failed (a full disk) leaves no empty temporary record behind.
      .catch(() => rm(`${this.path}.tmp`, { force: true }).catch(() => undefined))
  }
  async stop(mode: 'save' | 'discard' | 'done' = 'done'): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (mode === 'save') this.flush()
    await this.saving
  }
}

/** Sorted, merged [start, end) ranges. */
export class RangeSet {
  ranges: Array<[number, number]>
  constructor(ranges: Array<[number, number]>) {
    this.ranges = []
    for (const [s, e] of ranges) this.add(s, e)
  }
  add(start: number, end: number): void {
    if (end <= start) return
    const all = [...this.ranges, [start, end] as [number, number]].sort((a, b) => a[0] - b[0])
    const merged: Array<[number, number]> = []
    for (const [s, e] of all) {
      const last = merged[merged.length - 1]
      if (last && s <= last[1]) last[1] = Math.max(last[1], e)
      else merged.push([s, e])
    }
    this.ranges = merged
  }
  total(): number {
    return this.ranges.reduce((sum, [s, e]) => sum + (e - s), 0)
  }
  missingWithin(size: number): Array<[number, number]> {
    const gaps: Array<[number, number]> = []
    let cursor = 0
    for (const [s, e] of this.ranges) {
      if (s > cursor) gaps.push([cursor, s])
      cursor = Math.max(cursor, e)
    }
    if (cursor < size) gaps.push([cursor, size])
    return gaps
  }
}

/** Cut ranges into pieces of at most `size` bytes. */
export function splitRanges(
  ranges: Array<[number, number]>,
  size: number
): Array<[number, number]> {
  const pieces: Array<[number, number]> = []
  for (const [start, end] of ranges) {
    for (let s = start; s < end; s = Math.min(end, s + size))
      pieces.push([s, Math.min(end, s + size)])
  }
  return pieces
}

export function describeUrl(url: string): string {
  return redactUrl(url)
}
