// The benchmark: generate the repos, start the local hub in this process, run every measurement
// with each client as its own process, then write results.json, results.md and the chart.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join, relative } from 'node:path'
import { HubStore, startLocalHub } from '../src/localhub/index.js'
import { preparePrograms, ROOT } from './build.js'
import type { ClientContext } from './clients.js'
import { syncDisks, type Bench } from './context.js'
import { buildBenchFixtures, type BenchRepo } from './fixtures.js'
import { measureCold } from './measure-cold.js'
import { measureImage } from './measure-image.js'
import { measureLink } from './measure-link.js'
import { measureProfile } from './measure-profile.js'
import { measureResume } from './measure-resume.js'
import { measureRss } from './measure-rss.js'
import { measureSmall } from './measure-small.js'
import { measureWarm } from './measure-warm.js'
import { killRunningClients } from './spawn.js'
import { wants, type BenchOptions } from './options.js'
import { markdownTable, Rows, type Row } from './report.js'
import { fmt } from './stats.js'

export const RESULT_FILES = {
  json: 'results.json',
  markdown: 'results.md',
  chart: 'cold-throughput.svg',
  profile: 'profile.md'
}

export const NOTES = [
  'Each client is its own process: wall time from spawn to exit (Node start-up and metadata calls included), measured by the benchmark; peak RSS and CPU from the kernel (process.resourceUsage() at exit through a --import preload for Node clients, GNU time for curl).',
  'Clients alternate: each round runs every client once, in an order rotated every round. Medians of the rounds; a ratio is the median of the per-round ratios.',
  'The hub and its CDN run inside the benchmark process (one Node thread serving every client alike) on loopback; the CDN is 127.0.0.2, reached by redirect as on huggingface.co.',
  'The page cache is not dropped (that needs root): the hub reads its objects from memory for every client alike. Each client writes into a fresh folder, deleted after the run, then `sync`, so no run inherits another one’s write-back.',
  'modelbake verifies every file (sha256 of LFS files, git sha1 of the others) while downloading; curl verifies nothing; snapshotDownload verifies nothing either.'
]

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).trim()
  } catch {
    return ''
  }
}

function environment(programs: string, loadAtStart: number[]) {
  const dirty = commandOutput('git', ['status', '--porcelain', '--', 'src'])
  return {
    node: process.version,
    platform: `${process.platform} ${release()}`,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    commit: commandOutput('git', ['rev-parse', '--short=12', 'HEAD']) || null,
    srcModified: dirty !== '',
    curl: commandOutput('curl', ['--version']).split('\n')[0] ?? '',
    modelbake: programs,
    /** 1/5/15-minute load averages: other work on a shared machine shows here. */
    loadAverage: {
      start: loadAtStart.map((n) => +n.toFixed(2)),
      end: loadavg().map((n) => +n.toFixed(2))
    }
  }
}

function describeRepo(repo: BenchRepo) {
  return {
    id: repo.id,
    commit: repo.commit,
    files: repo.files.length,
    totalBytes: repo.totalBytes,
    lfsBytes: repo.lfsBytes
  }
}

export interface BenchOutcome {
  rows: Row[]
  resultsDir: string
}

export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const log = (line: string) => console.log(line)
  const startedAt = new Date()
  const loadAtStart = loadavg()
  await mkdir(options.cacheDir, { recursive: true })
  await mkdir(options.resultsDir, { recursive: true })
  await mkdir(options.workDir, { recursive: true })
  const work = await mkdtemp(join(options.workDir, 'run-'))

  const programs = await preparePrograms(options.cli, options.cacheDir)
  const store = new HubStore(join(options.cacheDir, 'store'))
  let t = Date.now()
  const fixtures = await buildBenchFixtures(store, options)
  log(
    `repos ready in ${((Date.now() - t) / 1000).toFixed(1)} s (store: ${join(options.cacheDir, 'store')}): ` +
      [fixtures.large, fixtures.quarter, fixtures.many]
        .map((r) => `${r.id} ${fmt.bytes(r.totalBytes)}/${r.files.length} files`)
        .join(', ')
  )
  // Generated objects may still be dirty in the page cache: flush them before measuring.
  t = Date.now()
  await syncDisks()
  log(`sync: ${((Date.now() - t) / 1000).toFixed(1)} s; modelbake runs as ${programs.description}`)

  const hub = await startLocalHub({ store })
  const clients: ClientContext = {
    programs,
    hubUrl: hub.url,
    concurrency: options.concurrency,
    env: { PATH: process.env.PATH, HOME: join(work, 'home'), HF_HUB_DISABLE_TELEMETRY: '1' },
    usageFile: join(work, 'usage.json'),
    timeoutMs: options.smoke ? 120_000 : 15 * 60_000
  }
  const bench: Bench = { options, hub, fixtures, clients, rows: new Rows(), raw: {}, work, log }
  // Interrupted: stop the client that is running and leave no GiB-sized folders behind.
  const interrupted = (signal: NodeJS.Signals) => {
    killRunningClients()
    rmSync(work, { recursive: true, force: true })
    console.error(`bench: interrupted (${signal})`)
    process.exit(130)
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  let chart: string | undefined
  let profile: Awaited<ReturnType<typeof measureProfile>> | undefined
  try {
    let cold: Awaited<ReturnType<typeof measureCold>> | undefined
    if (wants(options, 'cold')) {
      cold = await measureCold(bench)
      chart = cold.chart
    }
    if (wants(options, 'link')) await measureLink(bench)
    if (wants(options, 'warm')) await measureWarm(bench)
    if (wants(options, 'resume')) await measureResume(bench)
    if (wants(options, 'rss')) {
      await measureRss(bench, cold && { modelbake: cold.runs.modelbake, hfjs: cold.runs.hfjs })
    }
    if (wants(options, 'small')) await measureSmall(bench)
    if (wants(options, 'image')) await measureImage(bench)
    if (options.profile) profile = await measureProfile(bench)
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    hub.faults = undefined
    await hub.close()
    await rm(work, { recursive: true, force: true })
  }

  const rows = bench.rows.all()
  const table = markdownTable(rows)
  const finishedAt = new Date()
  const env = environment(programs.description, loadAtStart)
  // The benchmark itself keeps about two cores busy: only the load before it started tells of others.
  const busy = env.loadAverage.start[0]! > cpus().length * 0.5
  const results = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    options: {
      sizeBytes: options.sizeBytes,
      shards: options.shards,
      smallFiles: options.smallFiles,
      manyFiles: options.manyFiles,
      runs: options.runs,
      concurrency: options.concurrency,
      smoke: options.smoke,
      cli: options.cli
    },
    environment: env,
    repos: {
      large: describeRepo(fixtures.large),
      quarter: describeRepo(fixtures.quarter),
      many: describeRepo(fixtures.many)
    },
    rows,
    notes: NOTES,
    raw: bench.raw
  }
  const dir = options.resultsDir
  await writeFile(join(dir, RESULT_FILES.json), `${JSON.stringify(results, null, 2)}\n`)
  if (chart) await writeFile(join(dir, RESULT_FILES.chart), chart)
  if (profile) await writeFile(join(dir, RESULT_FILES.profile), profile.markdown)
  const argv = [
    `--size-gib ${+(options.sizeBytes / 1024 ** 3).toFixed(4)}`,
    `--shards ${options.shards}`,
    `--small-files ${options.smallFiles}`,
    `--many-files ${options.manyFiles}`,
    `--runs ${options.runs}`,
    `--concurrency ${options.concurrency}`
  ].join(' ')
  const markdown = [
    '# modelbake benchmark',
    '',
    `${finishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${env.commit ?? '?'}${env.srcModified ? ' (src/ modified)' : ''} · ${env.cpu} · ${env.memoryGiB} GiB · Node ${env.node} · ${options.runs} run(s) each${options.smoke ? ' · **smoke mode: tiny sizes, the numbers mean nothing**' : ''}`,
    '',
    ...(busy
      ? [
          `> Other work was running when the benchmark started (load average ${env.loadAverage.start.join(' / ')} over 1/5/15 min, on ${cpus().length} cores): absolute times are pessimistic; the per-round ratios are the figures to trust.`,
          ''
        ]
      : []),
    table,
    ...(chart ? [`![Cold download throughput over time](${RESULT_FILES.chart})`, ''] : []),
    `Reproduce: \`npm ci && npm run bench -- ${argv}\``,
    '',
    ...NOTES.map((n) => `- ${n}`),
    '',
    ...(profile ? [profile.markdown] : [])
  ].join('\n')
  await writeFile(join(dir, RESULT_FILES.markdown), markdown)

  log('')
  log(table)
  log(`results: ${relative(process.cwd(), join(dir, RESULT_FILES.markdown)) || dir}`)
  if (profile) log(`\n${profile.markdown}`)
  return { rows, resultsDir: dir }
}
