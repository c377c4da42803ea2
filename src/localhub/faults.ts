// Injected failures, drawn from a seeded PRNG so that a failing run can be replayed.

export type FaultRoute = 'api' | 'resolve' | 'cdn'

export interface FaultConfig {
  seed?: number
  /** Probability of answering 500/502/503/504 instead of the real answer. */
  error5xx?: number
  /** Probability of answering 429 with Retry-After. */
  rateLimit429?: number
  retryAfterSeconds?: number
  /** Probability of sending the headers and part of the body, then destroying the socket. */
  cutMidBody?: number
  /** Probability of flipping one byte of the body (length unchanged). */
  corrupt?: number
  /** Delay before answering, on every request of the selected routes. */
  slowMs?: number
  /** Pace every body of the selected routes to this rate (lets a test kill a client mid-file). */
  bytesPerSecond?: number
  /** Routes the faults apply to; all when absent. */
  routes?: FaultRoute[]
}

export interface FaultCounts {
  total: number
  error5xx: number
  rateLimit429: number
  cutMidBody: number
  corrupt: number
  slow: number
}

/** What to do to one request, decided when it arrives. */
export interface FaultPlan {
  delayMs: number
  status?: 429 | 500 | 502 | 503 | 504
  retryAfterSeconds: number
  /** Fraction (0..1) of the body to send before cutting; undefined = no cut. */
  cutAt?: number
  /** Fraction (0..1) of the body where one byte is flipped; undefined = intact. */
  corruptAt?: number
  /** Pace the body to this many bytes per second; undefined = full speed. */
  bytesPerSecond?: number
}

export function zeroCounts(): FaultCounts {
  return { total: 0, error5xx: 0, rateLimit429: 0, cutMidBody: 0, corrupt: 0, slow: 0 }
}

/** mulberry32: tiny, fast, and good enough to spread faults reproducibly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SERVER_ERRORS = [500, 502, 503, 504] as const

export class FaultInjector {
  readonly counts: FaultCounts = zeroCounts()
  private random: () => number

  constructor(readonly config: FaultConfig | undefined) {
    this.random = mulberry32(config?.seed ?? 1)
  }

  /** Draws the same number of values for every request, so one fault does not shift the others. */
  plan(route: FaultRoute): FaultPlan | undefined {
    const config = this.config
    if (!config || (config.routes && !config.routes.includes(route))) return undefined
    const [r429, r5xx, which5xx, rCut, cutAt, rCorrupt, corruptAt] = Array.from({ length: 7 }, () =>
      this.random()
    ) as [number, number, number, number, number, number, number]
    const plan: FaultPlan = {
      delayMs: config.slowMs ?? 0,
      retryAfterSeconds: config.retryAfterSeconds ?? 1,
      bytesPerSecond: config.bytesPerSecond
    }
    if (r429 < (config.rateLimit429 ?? 0)) plan.status = 429
    else if (r5xx < (config.error5xx ?? 0)) {
      plan.status = SERVER_ERRORS[Math.floor(which5xx * SERVER_ERRORS.length)]!
    } else {
      if (rCut < (config.cutMidBody ?? 0)) plan.cutAt = cutAt
      if (rCorrupt < (config.corrupt ?? 0)) plan.corruptAt = corruptAt
    }
    if (plan.delayMs > 0) this.count('slow')
    if (plan.status === 429) this.count('rateLimit429')
    else if (plan.status) this.count('error5xx')
    return plan
  }

  count(kind: Exclude<keyof FaultCounts, 'total'>): void {
    this.counts[kind]++
    this.counts.total++
  }
}
