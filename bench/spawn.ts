// Every client runs as its own process and is measured the same way: wall time from spawn to
// exit (taken in this process), peak RSS and CPU time (a preload for Node clients, GNU time for
// the others), and optionally the bytes it has put on disk, sampled every ~100 ms.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, type Dirent } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './build.js'

export interface Usage {
  maxRssKiB: number
  userSeconds: number
  systemSeconds: number
}

export interface Measured {
  code: number | null
  signal: NodeJS.Signals | null
  wallSeconds: number
  /** Undefined when the process was killed or no measuring tool was available. */
  usage?: Usage
  /** [milliseconds since spawn, bytes allocated on disk under the sampled folder]. */
  samples: Array<[number, number]>
  stdout: string
  stderr: string
}

export interface SpawnParams {
  /** A Node program (`node` + these arguments, with the usage preload), or any command. */
  node?: string[]
  command?: string[]
  env: Record<string, string | undefined>
  /** Sample the bytes on disk under this folder while the process runs. */
  sampleDir?: string
  sampleEveryMs?: number
  /** Given the child as soon as it runs (a test of resumption kills it). */
  onSpawn?: (child: ChildProcess) => void
  timeoutMs?: number
  /** A file for the usage record (deleted afterwards). */
  usageFile: string
}

const PRELOAD = pathToFileURL(join(ROOT, 'bench', 'usage-preload.mjs')).href
const GNU_TIME = '/usr/bin/time'
const KEEP_OUTPUT = 1 << 20

const running = new Set<ChildProcess>()

/** Stops every client still running (the benchmark itself was interrupted). */
export function killRunningClients(): void {
  for (const child of running) child.kill('SIGKILL')
}

export async function runMeasured(params: SpawnParams): Promise<Measured> {
  const { usageFile } = params
  await rm(usageFile, { force: true })
  let argv: string[]
  const env = { ...params.env }
  if (params.node) {
    argv = [process.execPath, '--import', PRELOAD, ...params.node]
    env.MODELBAKE_BENCH_USAGE_FILE = usageFile
  } else if (params.command) {
    // GNU time (when there) measures RSS the same way the kernel reports it to the preload.
    argv = existsSync(GNU_TIME)
      ? [GNU_TIME, '-f', '%M %U %S', '-o', usageFile, ...params.command]
      : params.command
  } else throw new Error('runMeasured: node or command')

  const sampler = params.sampleDir
    ? startDiskSampler(params.sampleDir, params.sampleEveryMs ?? 100)
    : undefined
  const started = performance.now()
  const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  child.on('exit', () => running.delete(child))
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => {
    if (stdout.length < KEEP_OUTPUT) stdout += d.toString()
  })
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < KEEP_OUTPUT) stderr += d.toString()
  })
  const timer = params.timeoutMs
    ? setTimeout(() => child.kill('SIGKILL'), params.timeoutMs)
    : undefined
  params.onSpawn?.(child)
  const { code, signal, wallSeconds } = await new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    wallSeconds: number
  }>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      resolve({ code, signal, wallSeconds: (performance.now() - started) / 1000 })
    )
  })
  if (timer) clearTimeout(timer)
  // Output is complete once the pipes close.
  if (child.stdout!.readable || child.stderr!.readable) {
    await new Promise<void>((resolve) => child.on('close', () => resolve()))
  }
  const samples = sampler ? sampler.stop() : []
  const usage = await readUsage(usageFile, Boolean(params.node))
  await rm(usageFile, { force: true })
  return { code, signal, wallSeconds, ...(usage && { usage }), samples, stdout, stderr }
}

async function readUsage(file: string, fromPreload: boolean): Promise<Usage | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  if (fromPreload) return JSON.parse(text) as Usage
  // GNU time: "Command exited with non-zero status N" may come first; the figures are last.
  const last = text.trim().split('\n').pop() ?? ''
  const [rss, user, system] = last.split(/\s+/).map(Number)
  if (![rss, user, system].every((n) => Number.isFinite(n))) return undefined
  return { maxRssKiB: rss!, userSeconds: user!, systemSeconds: system! }
}

/**
 * Bytes allocated (st_blocks × 512, so sparse files count what is written) under a folder.
 * Synchronous on purpose: a sample takes microseconds, and asynchronous calls would wait in the
 * thread pool behind the hub's file reads, so the time of a sample would drift from its value.
 */
export function allocatedBytes(dir: string): number {
  let total = 0
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += allocatedBytes(path)
    else if (entry.isFile()) {
      try {
        total += lstatSync(path).blocks * 512
      } catch {
        // renamed or removed since the listing
      }
    }
  }
  return total
}

export function startDiskSampler(
  dir: string,
  everyMs: number
): { stop(): Array<[number, number]> } {
  const samples: Array<[number, number]> = [[0, 0]]
  const started = performance.now()
  const tick = () => {
    const bytes = allocatedBytes(dir)
    samples.push([Math.round(performance.now() - started), bytes])
  }
  const timer = setInterval(tick, everyMs)
  return {
    stop() {
      clearInterval(timer)
      tick()
      return samples
    }
  }
}
