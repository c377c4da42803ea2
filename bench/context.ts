// What every measurement gets: the options, the hub and its repos, how to start clients, fresh
// folders, and the hub's request log read as "what did that run ask for".
import { spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { LocalHub, RequestLogEntry } from '../src/localhub/index.js'
import type { ClientContext, ClientRun } from './clients.js'
import type { BenchFixtures } from './fixtures.js'
import type { BenchOptions } from './options.js'
import type { Rows } from './report.js'

export interface Bench {
  options: BenchOptions
  hub: LocalHub
  fixtures: BenchFixtures
  clients: ClientContext
  rows: Rows
  /** Raw figures of every run, by measurement, for results.json. */
  raw: Record<string, unknown>
  /** Folder for this benchmark run's client output (removed at the end). */
  work: string
  log(line: string): void
}

let counter = 0

/** A new empty folder under the work folder. */
export async function freshDir(bench: Bench, name: string): Promise<string> {
  const dir = join(bench.work, `${String(++counter).padStart(3, '0')}-${name}`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  return dir
}

/**
 * Remove a client's output, then `sync`: the next run starts with no dirty pages of this one
 * still being written back. (Dropping the page cache would need root; the hub's objects stay
 * cached for every client alike.)
 */
export async function discard(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await syncDisks()
}

export function syncDisks(): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('sync', [], { stdio: 'ignore' })
    child.on('error', () => resolve())
    child.on('exit', () => resolve())
  })
}

export interface HubActivity {
  requests: number
  /** Requests to the hub origin (API and resolve): what the issue calls metadata calls. */
  hubCalls: number
  apiCalls: number
  resolveCalls: number
  cdnCalls: number
  /** Bytes of file contents sent (2xx bodies of resolve and the CDN). */
  fileBodyBytes: number
}

export function hubActivity(requests: readonly RequestLogEntry[]): HubActivity {
  const isApi = (r: RequestLogEntry) => r.origin === 'hub' && r.path.startsWith('/api/')
  const isFileBody = (r: RequestLogEntry) =>
    r.status >= 200 && r.status < 300 && (r.origin === 'cdn' || !isApi(r))
  return {
    requests: requests.length,
    hubCalls: requests.filter((r) => r.origin === 'hub').length,
    apiCalls: requests.filter(isApi).length,
    resolveCalls: requests.filter((r) => r.origin === 'hub' && !isApi(r)).length,
    cdnCalls: requests.filter((r) => r.origin === 'cdn').length,
    fileBodyBytes: requests.filter(isFileBody).reduce((s, r) => s + r.bodyBytes, 0)
  }
}

/** Run a client with a clean request log; returns the run and what it asked the hub for. */
export async function withActivity<T extends ClientRun>(
  bench: Bench,
  start: () => Promise<T>
): Promise<T & { activity: HubActivity }> {
  bench.hub.resetRequests()
  const run = await start()
  return { ...run, activity: hubActivity(bench.hub.requests) }
}

/** The figures of one run that results.json keeps. */
export function summarizeRun(run: ClientRun & { activity?: HubActivity }) {
  return {
    client: run.client,
    code: run.code,
    signal: run.signal,
    wallSeconds: round(run.wallSeconds, 4),
    maxRssKiB: run.usage?.maxRssKiB ?? null,
    cpuSeconds: run.usage ? round(run.usage.userSeconds + run.usage.systemSeconds, 3) : null,
    ...(run.activity && { activity: run.activity }),
    ...(run.report && {
      downloadedBytes: run.report.repos.reduce((s, r) => s + r.downloadedBytes, 0),
      reusedBytes: run.report.repos.reduce((s, r) => s + r.reusedBytes, 0)
    })
  }
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
