// The clients under test and the baselines, each as the command line a user would type.
import type { ChildProcess } from 'node:child_process'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Programs } from './build.js'
import { resolveUrl, type BenchRepo } from './fixtures.js'
import { runMeasured, type Measured } from './spawn.js'

export type ClientId = 'modelbake' | 'curl-parallel' | 'curl-single' | 'hfjs' | 'tar-openssl'

export const CLIENT_LABELS: Record<ClientId, string> = {
  modelbake: 'modelbake',
  'curl-parallel': 'curl --parallel',
  'curl-single': 'curl, one stream',
  hfjs: '@huggingface/hub snapshotDownload',
  'tar-openssl': 'tar -c | openssl dgst -sha256'
}

export interface ClientContext {
  programs: Programs
  hubUrl: string
  concurrency: number
  /** The whole environment of every client: nothing of the developer's (tokens, HF_*) leaks in. */
  env: Record<string, string | undefined>
  usageFile: string
  timeoutMs: number
}

/** `--json` report of one modelbake run, as far as the benchmark reads it. */
export interface ModelbakeReport {
  repos: Array<{ repo: string; downloadedBytes: number; reusedBytes: number; seconds: number }>
}

export interface ClientRun extends Measured {
  client: ClientId
  report?: ModelbakeReport
}

export interface ModelbakeParams {
  repo: BenchRepo
  cacheDir: string
  offline?: boolean
  extraArgs?: string[]
  /** Node flags before the program (e.g. --cpu-prof). */
  nodeFlags?: string[]
  sample?: boolean
  onSpawn?: (child: ChildProcess) => void
}

export async function runModelbake(ctx: ClientContext, p: ModelbakeParams): Promise<ClientRun> {
  const args = [
    p.repo.id,
    ...(p.offline ? ['--offline'] : ['--endpoint', ctx.hubUrl]),
    '--cache-dir',
    p.cacheDir,
    '--concurrency',
    String(ctx.concurrency),
    '--json',
    '--quiet',
    ...(p.extraArgs ?? [])
  ]
  const run = await runMeasured({
    node: [...(p.nodeFlags ?? []), ...ctx.programs.modelbake.nodeArgs, ...args],
    env: ctx.env,
    usageFile: ctx.usageFile,
    timeoutMs: ctx.timeoutMs,
    ...(p.sample && { sampleDir: p.cacheDir }),
    ...(p.onSpawn && { onSpawn: p.onSpawn })
  })
  let report: ModelbakeReport | undefined
  if (run.code === 0) {
    try {
      report = JSON.parse(run.stdout) as ModelbakeReport
    } catch {
      // left undefined: the caller reports the run as failed
    }
  }
  return { ...run, client: 'modelbake', ...(report && { report }) }
}

/** curl fetching every file of the repo to `destDir` through the resolve URLs (redirects followed). */
export async function runCurl(
  ctx: ClientContext,
  p: { repo: BenchRepo; destDir: string; parallel: boolean; sample?: boolean }
): Promise<ClientRun> {
  const files = p.repo.files.flatMap((f) => [
    '-o',
    join(p.destDir, f.path),
    resolveUrl(ctx.hubUrl, p.repo, f.path)
  ])
  const parallel = p.parallel ? ['--parallel', '--parallel-max', String(ctx.concurrency)] : []
  const run = await runMeasured({
    command: ['curl', '-sS', '--fail', '-L', '--create-dirs', ...parallel, ...files],
    env: ctx.env,
    usageFile: ctx.usageFile,
    timeoutMs: ctx.timeoutMs,
    ...(p.sample && { sampleDir: p.destDir })
  })
  return { ...run, client: p.parallel ? 'curl-parallel' : 'curl-single' }
}

export async function runHfjs(
  ctx: ClientContext,
  p: { repo: BenchRepo; cacheDir: string; sample?: boolean }
): Promise<ClientRun> {
  const run = await runMeasured({
    node: [...ctx.programs.hfjs.nodeArgs, p.repo.id, ctx.hubUrl, p.cacheDir],
    env: ctx.env,
    usageFile: ctx.usageFile,
    timeoutMs: ctx.timeoutMs,
    ...(p.sample && { sampleDir: p.cacheDir })
  })
  return { ...run, client: 'hfjs' }
}

/** The image build's baseline: one pass that reads every file of the snapshot and digests it. */
export async function runTarOpenssl(ctx: ClientContext, p: { dir: string }): Promise<ClientRun> {
  const run = await runMeasured({
    command: ['sh', '-c', 'tar -chf - -C "$1" . | openssl dgst -sha256', 'sh', p.dir],
    env: ctx.env,
    usageFile: ctx.usageFile,
    timeoutMs: ctx.timeoutMs
  })
  return { ...run, client: 'tar-openssl' }
}

/** Sum of the sizes of the regular files under a folder (links not followed). */
export async function bytesInFiles(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await bytesInFiles(path)
    else if (entry.isFile()) total += (await lstat(path)).size
  }
  return total
}

/** A one-line reason a run failed, for the error the benchmark stops with. */
export function failure(run: ClientRun): string | undefined {
  if (run.code === 0) return undefined
  const why = run.signal ? `killed by ${run.signal}` : `exit ${run.code}`
  const tail = run.stderr.trim().split('\n').slice(-3).join(' | ')
  return `${CLIENT_LABELS[run.client]}: ${why}${tail ? `: ${tail}` : ''}`
}
