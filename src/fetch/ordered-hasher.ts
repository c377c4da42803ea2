// Hash a file whose bytes arrive out of order (parallel ranges) in one pass where memory allows.
// Bytes at the hash frontier are hashed as they arrive; bytes ahead of it are kept in memory within a
// budget, and beyond the budget they are read back from the file once their write has landed.
// Arriving and landing are told apart: bytes are offered when received, so those at the frontier
// are hashed (and their buffers dropped) at once rather than after the disk's round trip.
import type { FileHandle } from 'node:fs/promises'
import type { PendingDigest } from './hash-thread.js'
import type { MemoryBudget } from './limiter.js'

const READ_BACK_PIECE = 4 * 1024 * 1024

export class OrderedHasher {
  private hashed = 0
  private readonly buffered = new Map<number, Buffer>()
  /** Sorted, merged [start, end) ranges known to be on disk beyond the frontier. */
  private written: Array<[number, number]> = []
  private pumping: Promise<void> | undefined
  private readBack: Buffer | undefined
  private failure: unknown

  constructor(
    private readonly digest: PendingDigest,
    private readonly file: FileHandle,
    private readonly budget: MemoryBudget
  ) {}

  get frontier(): number {
    return this.hashed
  }

  /**
   * `bytes` of the file at `offset` were received (their write may not have landed yet). Kept when
   * ahead of the frontier and within the budget, so the buffer must not be reused by the caller.
   */
  offer(offset: number, bytes: Buffer): void {
    if (bytes.length === 0) return
    if (!this.pumping && offset === this.hashed) {
      this.digest.update(bytes)
      this.hashed += bytes.length
    } else if (offset >= this.hashed && this.budget.take(bytes.length)) {
      this.buffered.set(offset, bytes)
    }
    this.kick()
  }

  /** The bytes in [start, end) are on disk: those not kept in memory can be read back. */
  landed(start: number, end: number): void {
    if (end > this.hashed) this.markWritten(start, end)
    this.kick()
  }

  /** Wait until every byte up to `size` is hashed; then the digest's hex is final. */
  async finish(size: number): Promise<string> {
    this.kick()
    while (this.pumping) await this.pumping
    if (this.failure) throw this.failure
    if (this.hashed !== size) throw new Error(`internal: hashed ${this.hashed} of ${size} bytes`)
    return this.digest.result()
  }

  /** Free what is buffered (on failure). */
  dispose(): void {
    this.digest.dispose()
    for (const bytes of this.buffered.values()) this.budget.give(bytes.length)
    this.buffered.clear()
  }

  private kick(): void {
    if (this.pumping || this.failure) return
    if (!this.buffered.has(this.hashed) && this.writtenEnd(this.hashed) === undefined) return
    this.pumping = this.pump()
      .catch((error: unknown) => {
        this.failure = error
      })
      .finally(() => {
        this.pumping = undefined
        this.kick()
      })
  }

  private async pump(): Promise<void> {
    for (;;) {
      const bytes = this.buffered.get(this.hashed)
      if (bytes) {
        this.buffered.delete(this.hashed)
        this.budget.give(bytes.length)
        this.digest.update(bytes)
        this.hashed += bytes.length
        continue
      }
      const end = this.writtenEnd(this.hashed)
      if (end === undefined) return
      const stop = Math.min(end, this.nextBufferedAfter(this.hashed) ?? end)
      // One read-back buffer per file, reused: a fresh one per piece is garbage at disk speed.
      this.readBack ??= Buffer.allocUnsafe(READ_BACK_PIECE)
      const piece = this.readBack.subarray(0, Math.min(READ_BACK_PIECE, stop - this.hashed))
      const { bytesRead } = await this.file.read(piece, 0, piece.length, this.hashed)
      if (bytesRead <= 0) throw new Error('internal: read back past the end of the partial file')
      this.digest.update(piece.subarray(0, bytesRead))
      this.hashed += bytesRead
    }
  }

  private markWritten(start: number, end: number): void {
    const ranges = this.written.filter(([, e]) => e > this.hashed)
    ranges.push([start, end])
    ranges.sort((a, b) => a[0] - b[0])
    const merged: Array<[number, number]> = []
    for (const range of ranges) {
      const last = merged[merged.length - 1]
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
      else merged.push([range[0], range[1]])
    }
    this.written = merged
  }

  private writtenEnd(offset: number): number | undefined {
    for (const [start, end] of this.written) if (start <= offset && offset < end) return end
    return undefined
  }

  private nextBufferedAfter(offset: number): number | undefined {
    let next: number | undefined
    for (const key of this.buffered.keys())
      if (key > offset && (next === undefined || key < next)) next = key
    return next
  }
}
