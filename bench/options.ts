// `npm run bench -- [options]`: argv → BenchOptions. Pure; every bad value is refused by name.
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type ClientBuild = 'bundle' | 'tsx' | 'dist'

export interface BenchOptions {
  /** Total bytes of the large model's shards. */
  sizeBytes: number
  shards: number
  /** Non-LFS files beside the shards (config, tokenizer, …). */
  smallFiles: number
  /** Files of the "many small files" repo. */
  manyFiles: number
  runs: number
  concurrency: number
  /** The "link" measurement paces each CDN connection to this many bytes/s (0: not measured). */
  streamBytesPerSecond: number
  smoke: boolean
  /** One extra modelbake cold run under `node --cpu-prof`, summarised in the results. */
  profile: boolean
  /** How modelbake is started: a fresh esbuild bundle of src/ (default), tsx on src/, or dist/. */
  cli: ClientBuild
  /** Where generated repos and bundles are kept between benchmark runs. */
  cacheDir: string
  resultsDir: string
  /** Where each client writes (fresh folders, deleted after each run). */
  workDir: string
  /** Only these measurements (ids), or all when empty. */
  only: string[]
  help: boolean
}

export const GIB = 1024 ** 3
export const MIB = 1024 ** 2

export const USAGE = `npm run bench -- [options]

  --size-gib N       total size of the large model's shards (default 4; the RSS check also
                     uses a model a quarter of that size)
  --shards N         number of shards (default 4)
  --small-files N    small files beside the shards (default 20)
  --many-files N     files of the "many small files" repo (default 100)
  --runs N           runs of each client, alternated, medians reported (default 5)
  --concurrency N    modelbake --concurrency and curl --parallel-max (default 8)
  --stream-mbps N    the link measurement: each CDN connection paced to N MB/s, as one
                     stream from a CDN is over a real network (default 40: 8 streams stay
                     below what 2 cores can verify and write; 0 leaves it out)
  --smoke            tiny sizes and 1 run: checks that everything runs (CI)
  --profile          one more modelbake cold run under node --cpu-prof, summarised
  --cli KIND         bundle (esbuild bundle of src/, default), tsx (sources), dist (dist/cli.js)
  --only IDS         comma-separated measurement ids: cold, link, warm, resume, rss, small, image
  --cache-dir DIR    generated repos and bundles (default: $TMPDIR/modelbake-bench,
                     or MODELBAKE_BENCH_CACHE)
  --results-dir DIR  default bench/results
  --work-dir DIR     where clients download to (default: $TMPDIR/modelbake-bench-work)
`

export const MEASUREMENT_IDS = ['cold', 'link', 'warm', 'resume', 'rss', 'small', 'image'] as const

export class BenchUsageError extends Error {}

export function parseBenchArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  defaults: { resultsDir: string }
): BenchOptions {
  const values = new Map<string, string>()
  const flags = new Set<string>()
  const withValue = new Set([
    '--size-gib',
    '--shards',
    '--small-files',
    '--many-files',
    '--runs',
    '--concurrency',
    '--stream-mbps',
    '--cli',
    '--only',
    '--cache-dir',
    '--results-dir',
    '--work-dir'
  ])
  const bare = new Set(['--smoke', '--profile', '--help', '-h'])
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    if (withValue.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
      if (value === undefined) throw new BenchUsageError(`${name} needs a value`)
      values.set(name, value)
    } else if (bare.has(arg)) flags.add(arg)
    else throw new BenchUsageError(`unknown option ${arg}`)
  }
  const smoke = flags.has('--smoke')
  const number = (name: string, fallback: number, check: (n: number) => boolean): number => {
    const text = values.get(name)
    if (text === undefined) return fallback
    const n = Number(text)
    if (!Number.isFinite(n) || !check(n)) throw new BenchUsageError(`bad ${name}: ${text}`)
    return n
  }
  const positiveInt = (n: number) => Number.isInteger(n) && n >= 1
  const sizeGib = number('--size-gib', smoke ? 16 / 1024 : 4, (n) => n > 0 && n <= 1024)
  const cli = values.get('--cli') ?? 'bundle'
  if (cli !== 'bundle' && cli !== 'tsx' && cli !== 'dist') {
    throw new BenchUsageError(`bad --cli: ${cli} (bundle, tsx or dist)`)
  }
  const only = (values.get('--only') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  for (const id of only) {
    if (!(MEASUREMENT_IDS as readonly string[]).includes(id)) {
      throw new BenchUsageError(`bad --only: ${id} (one of ${MEASUREMENT_IDS.join(', ')})`)
    }
  }
  const options: BenchOptions = {
    sizeBytes: Math.round(sizeGib * GIB),
    shards: number('--shards', 4, positiveInt),
    smallFiles: number('--small-files', 20, (n) => Number.isInteger(n) && n >= 0),
    manyFiles: number('--many-files', 100, positiveInt),
    runs: number('--runs', smoke ? 1 : 5, positiveInt),
    concurrency: number('--concurrency', 8, positiveInt),
    streamBytesPerSecond:
      number('--stream-mbps', smoke ? 20 : 40, (n) => n >= 0 && n <= 100_000) * 1_000_000,
    smoke,
    profile: flags.has('--profile'),
    cli,
    cacheDir:
      values.get('--cache-dir') ?? env.MODELBAKE_BENCH_CACHE ?? join(tmpdir(), 'modelbake-bench'),
    resultsDir: values.get('--results-dir') ?? defaults.resultsDir,
    workDir: values.get('--work-dir') ?? join(tmpdir(), 'modelbake-bench-work'),
    only,
    help: flags.has('--help') || flags.has('-h')
  }
  if (options.shards * 1024 > options.sizeBytes) {
    throw new BenchUsageError('--size-gib is too small for that many --shards')
  }
  return options
}

export function wants(options: BenchOptions, id: (typeof MEASUREMENT_IDS)[number]): boolean {
  return options.only.length === 0 || options.only.includes(id)
}
