// Verifying digests on a second thread. On the main thread, SHA-256 took 2.5 of the 6.6 s of CPU a
// 4 GiB download spent there (perf, 2 cores), and the main thread was the one that set the pace.
// Bytes are handed over through a ring of shared memory: the main thread copies each piece in
// (~0.1 s per GiB) and goes on at once; the hash thread digests in order and posts the result.
// Nothing is allocated per piece, so this adds no garbage.
import { Worker } from 'node:worker_threads'
import type { RepoFile } from '../core/types.js'
import { digestSetup } from './digest.js'

/** What the ordered hasher needs from a digest: pieces in order, then the hex, maybe later. */
export interface PendingDigest {
  update(bytes: Buffer): void
  result(): Promise<string>
  /** Forget it (a failed download): no result will be asked for. */
  dispose(): void
}

const RING_BYTES = 8 * 1024 * 1024
const HEADER = 16
// Control words: bytes in the ring (written by both sides), and "the hash thread has failed".
const USED = 0
const FAILED = 1
const enum Kind {
  Open = 1,
  Data = 2,
  Final = 3,
  Drop = 4
}
const ALGORITHMS = ['sha256', 'sha1'] as const

// The hash thread: read records in ring order, keep one hash per open digest, post finished ones.
// Plain JavaScript, evaluated as the worker's script, so the bundles need no second file.
const HASH_THREAD = `
const { workerData, parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { ring, size, algorithms } = workerData
const control = new Int32Array(ring, 0, 4)
const bytes = Buffer.from(ring, 64, size)
const words = new Int32Array(ring, 64, size / 4)
const hashes = new Map()
let at = 0
try {
  for (;;) {
    while (Atomics.load(control, ${USED}) === 0) Atomics.wait(control, ${USED}, 0, 1000)
    const id = words[at / 4], kind = words[at / 4 + 1], length = words[at / 4 + 2]
    let next = at + ${HEADER}
    let taken = ${HEADER}
    if (kind === ${Kind.Open}) hashes.set(id, createHash(algorithms[length]))
    else if (kind === ${Kind.Data}) {
      const hash = hashes.get(id)
      const first = Math.min(length, size - next)
      hash.update(bytes.subarray(next, next + first))
      if (first < length) hash.update(bytes.subarray(0, length - first))
      const padded = Math.ceil(length / ${HEADER}) * ${HEADER}
      next = (next + padded) % size
      taken += padded
    } else if (kind === ${Kind.Final}) {
      parentPort.postMessage({ id, hex: hashes.get(id).digest('hex') })
      hashes.delete(id)
    } else hashes.delete(id)
    at = next % size
    Atomics.sub(control, ${USED}, taken)
    Atomics.notify(control, ${USED})
  }
} catch (error) {
  Atomics.store(control, ${FAILED}, 1)
  Atomics.notify(control, ${USED})
  throw error
}
`

/** One hash thread for the run's downloads, started on first use; `close()` ends it. */
export class HashThread {
  private worker?: Worker
  private control!: Int32Array
  private bytes!: Buffer
  private words!: Int32Array
  private at = 0
  private nextId = 1
  private failure?: Error
  private readonly waiting = new Map<
    number,
    { resolve: (hex: string) => void; reject: (error: Error) => void }
  >()

  constructor(private readonly size = RING_BYTES) {
    if (size % HEADER !== 0 || size < 1024) throw new Error('internal: bad hash ring size')
  }

  /** A digest of `file` as the Hub names it (sha256 for LFS files, git's blob sha1 otherwise). */
  digest(file: RepoFile): PendingDigest {
    const setup = digestSetup(file)
    const id = this.nextId++
    this.start()
    this.put(id, Kind.Open, ALGORITHMS.indexOf(setup.hash))
    if (setup.header) this.data(id, Buffer.from(setup.header))
    let settled = false
    return {
      update: (bytes) => this.data(id, bytes),
      result: () => {
        settled = true
        return new Promise<string>((resolve, reject) => {
          if (this.failure) return reject(this.failure)
          this.waiting.set(id, { resolve, reject })
          this.worker?.ref()
          this.put(id, Kind.Final, 0)
        })
      },
      dispose: () => {
        if (settled || this.failure) return
        settled = true
        this.put(id, Kind.Drop, 0)
      }
    }
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (worker) await worker.terminate()
  }

  private start(): void {
    if (this.worker) return
    const ring = new SharedArrayBuffer(64 + this.size)
    this.control = new Int32Array(ring, 0, 4)
    this.bytes = Buffer.from(ring, 64, this.size)
    this.words = new Int32Array(ring, 64, this.size / 4)
    this.at = 0
    this.failure = undefined
    const worker = new Worker(HASH_THREAD, {
      eval: true,
      workerData: { ring, size: this.size, algorithms: ALGORITHMS }
    })
    worker.unref()
    worker.on('message', ({ id, hex }: { id: number; hex: string }) => {
      this.waiting.get(id)?.resolve(hex)
      this.waiting.delete(id)
      // Idle, the thread must not keep the process alive; waited on, it must.
      if (this.waiting.size === 0) worker.unref()
    })
    const fail = (error: Error) => {
      this.failure ??= new Error(`the hash thread stopped: ${error.message}`)
      for (const { reject } of this.waiting.values()) reject(this.failure)
      this.waiting.clear()
      if (this.worker === worker) this.worker = undefined
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)))
    this.worker = worker
  }

  private data(id: number, bytes: Buffer): void {
    // Pieces larger than half the ring go in several records, so that one always fits.
    const most = this.size / 2 - HEADER
    for (let from = 0; from < bytes.length; from += most) {
      const piece = bytes.subarray(from, Math.min(bytes.length, from + most))
      this.put(id, Kind.Data, piece.length, piece)
    }
  }

  /** Append one record, waiting (blocking this thread, briefly) while the ring is too full. */
  private put(id: number, kind: Kind, length: number, payload?: Buffer): void {
    if (this.failure) throw this.failure
    const padded = payload ? Math.ceil(payload.length / HEADER) * HEADER : 0
    const needed = HEADER + padded
    let waitedMs = 0
    while (Atomics.load(this.control, USED) + needed > this.size) {
      if (Atomics.load(this.control, FAILED) === 1 || waitedMs > 60_000) {
        this.failure ??= new Error('the hash thread stopped')
        throw this.failure
      }
      Atomics.wait(this.control, USED, Atomics.load(this.control, USED), 50)
      waitedMs += 50
    }
    const word = this.at / 4
    this.words[word] = id
    this.words[word + 1] = kind
    this.words[word + 2] = length
    let next = (this.at + HEADER) % this.size
    if (payload) {
      const first = Math.min(payload.length, this.size - next)
      payload.copy(this.bytes, next, 0, first)
      if (first < payload.length) payload.copy(this.bytes, 0, first)
      next = (next + padded) % this.size
    }
    this.at = next
    Atomics.add(this.control, USED, needed)
    Atomics.notify(this.control, USED)
  }
}

/** The same interface on this thread (for callers without a hash thread). */
export function digestHere(digest: { update(bytes: Buffer): void; hex(): string }): PendingDigest {
  return {
    update: (bytes) => digest.update(bytes),
    result: async () => digest.hex(),
    dispose: () => undefined
  }
}
