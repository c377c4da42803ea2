// Writing large files past the page cache (O_DIRECT), from page-aligned memory.
//
// Why: on the VMs this runs on (CI runners, cloud GPU hosts) a buffered write of new data costs the
// CPU a copy into freshly allocated page-cache pages, and the hypervisor a fault for each of them:
// `perf` put 4–11 s of kernel time on writing 4 GiB that way, against 0.3 s for the same bytes
// written direct from memory that is reused (dd, 4 GiB: 5–12 s buffered, 2.4 s direct). Most of what
// a run writes is read later, by a worker or another machine; a bake in the same run reads it back
// from disk instead of memory (1 GiB in 0.6 s here), which costs less than the cache did.
//
// O_DIRECT needs the memory, the file offset and the length aligned to the device's block. Node's
// Buffers promise no alignment, but a WebAssembly.Memory's backing store starts on a page boundary,
// so the slabs here are carved from one. What cannot be written direct (an unaligned tail, a
// filesystem that refuses O_DIRECT, such as tmpfs) is written through the page cache as before.
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

/** Alignment of direct writes: a page, which covers 512-byte and 4 KiB block devices. */
export const DIRECT_ALIGNMENT = 4096
const WASM_PAGE = 64 * 1024

// The one WebAssembly call used here; the project's TypeScript libraries do not declare it.
interface WasmMemoryConstructor {
  new (descriptor: { initial: number; maximum: number }): { buffer: ArrayBuffer }
}
const WasmMemory = (globalThis as { WebAssembly?: { Memory: WasmMemoryConstructor } }).WebAssembly
  ?.Memory

/**
 * Whether to write direct: yes unless MODELBAKE_DIRECT_IO is 0/off/false, for a disk slower than
 * the network (direct writes wait for the disk; the page cache would take a burst and flush later).
 */
export function directWritesWanted(env: Record<string, string | undefined>): boolean {
  const text = env.MODELBAKE_DIRECT_IO?.trim().toLowerCase()
  return !(text === '0' || text === 'off' || text === 'false' || text === 'no')
}

/** Whether this platform has O_DIRECT at all (Linux; not macOS, not Windows). */
const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT

/**
 * `count` buffers of `bytes` each, page-aligned (one WebAssembly.Memory carved up), or plain
 * Buffers where WebAssembly is not available (`node --jitless`): `aligned` tells which.
 */
export function alignedSlabs(count: number, bytes: number): { slabs: Buffer[]; aligned: boolean } {
  if (bytes % WASM_PAGE !== 0) throw new Error('internal: slab size must be a multiple of 64 KiB')
  const pages = (count * bytes) / WASM_PAGE
  let memory: ArrayBuffer | undefined
  try {
    memory = WasmMemory && new WasmMemory({ initial: pages, maximum: pages }).buffer
  } catch {
    memory = undefined // no WebAssembly (node --jitless), or no address space for it
  }
  const slabs: Buffer[] = []
  for (let i = 0; i < count; i++) {
    slabs.push(memory ? Buffer.from(memory, i * bytes, bytes) : Buffer.allocUnsafeSlow(bytes))
  }
  return { slabs, aligned: memory !== undefined }
}

/** Slabs to stage writes in, shared by a run's streams: taken, filled, written, given back. */
export class SlabPool {
  /** Whether writes from these slabs should go direct: wanted, and the memory is aligned. */
  readonly direct: boolean
  private readonly free: Buffer[]
  private readonly waiting: Array<(slab: Buffer) => void> = []

  constructor(count: number, slabBytes: number, options: { direct: boolean }) {
    const { slabs, aligned } = alignedSlabs(count, slabBytes)
    this.free = slabs
    this.direct = options.direct && aligned
  }

  /** A slab, once one is free. */
  take(): Promise<Buffer> {
    const slab = this.free.pop()
    return slab ? Promise.resolve(slab) : new Promise((resolve) => this.waiting.push(resolve))
  }

  give(slab: Buffer): void {
    const waiter = this.waiting.shift()
    if (waiter) waiter(slab)
    else this.free.push(slab)
  }
}

export interface PositionalWriter {
  /**
   * Write `bytes` at `position`: the block-aligned part direct where the memory, the offset and the
   * file allow it, the rest through the page cache.
   */
  write(bytes: Buffer, position: number): Promise<void>
  /** Whether writes still go direct (false once the filesystem refused, or never tried). */
  readonly direct: boolean
  /** Close what this writer opened (the caller's handle stays open). */
  close(): Promise<void>
}

/**
 * Direct writes beside `buffered`, an open handle of `path` that takes what cannot go direct. With
 * `direct` false (not wanted, or the memory is not aligned), or no O_DIRECT here, everything goes to
 * `buffered`.
 */
export async function positionalWriter(
  buffered: FileHandle,
  path: string,
  options: { direct: boolean }
): Promise<PositionalWriter> {
  let direct: FileHandle | undefined
  if (options.direct && O_DIRECT !== undefined) {
    // tmpfs (before Linux 6.6) and some network filesystems refuse O_DIRECT at open (EINVAL).
    direct = await open(path, constants.O_WRONLY | O_DIRECT).catch(() => undefined)
  }
  // A refused handle is closed with the writer, not at once: other writes may be under way on it.
  const refused: FileHandle[] = []
  return {
    get direct() {
      return direct !== undefined
    },
    async write(bytes, position) {
      const whole =
        direct && position % DIRECT_ALIGNMENT === 0 && bytes.byteOffset % DIRECT_ALIGNMENT === 0
          ? bytes.length - (bytes.length % DIRECT_ALIGNMENT)
          : 0
      if (whole > 0) {
        const handle = direct!
        try {
          await writeAll(handle, bytes.subarray(0, whole), position)
        } catch (error) {
          // A filesystem may take O_DIRECT at open and refuse the writes: go on through the cache.
          if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
          if (direct === handle) {
            refused.push(handle)
            direct = undefined
          }
          await writeAll(buffered, bytes.subarray(0, whole), position)
        }
      }
      if (whole < bytes.length) await writeAll(buffered, bytes.subarray(whole), position + whole)
    },
    async close() {
      const handles = [...refused, ...(direct ? [direct] : [])]
      direct = undefined
      refused.length = 0
      await Promise.all(handles.map((handle) => handle.close()))
    }
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done)
    done += bytesWritten
  }
}
