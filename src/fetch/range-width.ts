// How many ranges of each large file are in flight at once. Where the CPU is the limit (loopback,
// a fast mirror), more streams per file only cost: 4 × 1 GiB on 8 streams took 9.3 s of CPU at one
// stream per file, 10.5 s at two. Where one connection is capped (a CDN over the internet), they
// are the whole gain: 4 × 256 MiB over connections paced to 40 MB/s, 7.0 s at one stream per file,
// 3.9 s at two. So a run starts narrow and widens, for good, once a range shows a slow stream while
// the machine has CPU to spare (a slow stream on a busy machine is the machine's doing).
import { cpus } from 'node:os'

/** A stream slower than this is taken to be capped by the network, not by this machine. */
export const SLOW_STREAM_BYTES_PER_SECOND = 128 * 1000 * 1000
/** From this many large files on, a narrow run fetches each as one stream. */
const MANY_LARGE_FILES = 4
/** Ranges shorter than this say too little about a stream's speed. */
const MIN_SAMPLE_BYTES = 4 * 1024 * 1024
/** Below this share of idle CPU, slow streams are blamed on the machine. (Loopback runs here were
 * at 0–23% idle while their first ranges ran below SLOW_STREAM; a capped link leaves most idle.) */
const MIN_IDLE_SHARE = 0.4
/** The idle share is measured over at least this long (per core); a shorter window says nothing. */
const MIN_WINDOW_MS = 250

/** The share of this machine's CPU time that was idle since the last call. */
export type IdleSampler = () => number

export class RangeWidth {
  private widened = false
  private readonly followers = new Set<(perFile: number) => void>()

  /**
   * `narrow`: ranges per file to start with; `wide`: per file once a stream is seen to be slow.
   * `idleShare`: how idle the machine has been (a slow stream on a busy one does not widen).
   * `slowBytesPerSecond`: below this a stream counts as slow.
   */
  constructor(
    readonly narrow: number,
    readonly wide: number,
    private readonly idleShare: IdleSampler = cpuIdleSampler(),
    private readonly slowBytesPerSecond = SLOW_STREAM_BYTES_PER_SECOND
  ) {}

  /**
   * The run's `streams` shared among `largeFiles`. Narrow: with a few large files, they share the
   * streams; from MANY_LARGE_FILES on, one stream each (as fast, and cheaper, on loopback). Wide:
   * every stream in use, shared.
   */
  static forRun(streams: number, largeFiles: number, idleShare?: IdleSampler): RangeWidth {
    const files = Math.max(1, largeFiles)
    const wide = Math.max(1, Math.ceil(streams / files))
    const narrow = files >= MANY_LARGE_FILES ? 1 : Math.max(1, Math.floor(streams / files))
    return new RangeWidth(narrow, wide, idleShare)
  }

  /** Always `perFile` ranges: nothing to watch, so no CPU counters are read. */
  static fixed(perFile: number): RangeWidth {
    return new RangeWidth(perFile, perFile, () => 0)
  }

  get perFile(): number {
    return this.widened ? this.wide : this.narrow
  }

  /** A range brought `bytes` in `seconds` (from its request to its last byte). */
  observe(bytes: number, seconds: number): void {
    if (this.widened || this.narrow === this.wide) return
    if (bytes < MIN_SAMPLE_BYTES || seconds <= 0 || bytes / seconds >= this.slowBytesPerSecond)
      return
    if (this.idleShare() < MIN_IDLE_SHARE) return
    this.widened = true
    for (const follower of this.followers) follower(this.wide)
  }

  /** Call `resize` with the new width when it widens, until the returned function is called. */
  follow(resize: (perFile: number) => void): () => void {
    this.followers.add(resize)
    return () => this.followers.delete(resize)
  }
}

/**
 * Idle share of all cores over the last window of at least MIN_WINDOW_MS, from the kernel's per-core
 * counters (os.cpus()). Until a first window has passed, the machine counts as busy.
 */
export function cpuIdleSampler(read: () => ReturnType<typeof cpus> = cpus): IdleSampler {
  const totals = () => {
    const cores = read()
    let idle = 0
    let all = 0
    for (const { times } of cores) {
      idle += times.idle
      all += times.user + times.nice + times.sys + times.idle + times.irq
    }
    return { idle, all, cores: cores.length }
  }
  let last = totals()
  let share = 0
  return () => {
    const now = totals()
    const all = now.all - last.all
    if (all >= MIN_WINDOW_MS * Math.max(1, now.cores)) {
      share = (now.idle - last.idle) / all
      last = now
    }
    return share
  }
}
