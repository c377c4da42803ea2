// `modelbake pull s3://BUCKET/PREFIX [SPEC...]`: what a worker runs at start-up to rebuild its HF cache
// from what `modelbake --to s3://BUCKET/PREFIX` published. No Hub call is made.
import { resolveCacheDir } from '../core/cache-dir.js'
import { UsageError } from '../core/errors.js'
import { mergeSpecs, parseSpec, parseSpecDocument, specsFromEnv } from '../core/spec.js'
import type { RepoSpec } from '../core/types.js'
import { parseConcurrency, retryFromEnv } from '../config.js'
import { directWritesWanted } from '../fetch/direct-write.js'
import { s3ConfigFrom } from '../destinations/s3/index.js'
import { parseS3Target } from '../destinations/s3/location.js'
import { pullFromS3 } from '../destinations/s3/pull.js'
import { formatBytes } from '../report/format.js'
import { createLogger } from '../report/logger.js'
import type { CliIO } from './main.js'
import { parseSubcommandArgs, reportFailure } from './subcommand.js'

export const PULL_HELP = `modelbake pull — rebuild a verified HF cache from snapshots published to S3

Usage:
  modelbake pull s3://BUCKET/PREFIX [SPEC ...] [--models LIST] [--datasets LIST]
                 [--allow PATTERN]... [--ignore PATTERN]... [--cache-dir DIR]
                 [--s3-endpoint URL] [--s3-region REGION] [--concurrency N] [--json] [--quiet]

  SPEC is org/name[:revision] or datasets/org/name[:revision], as for modelbake itself. With no
  spec: RUNPOD_HUGGINGFACE_MODEL, HUGGINGFACE_MODEL(S), ... as for modelbake; with none of those
  either, every snapshot and ref under the prefix. Without --allow/--ignore, a snapshot is pulled as
  it was published; with them, every listed file they select must have been published.

  Every blob is checked against its digest before it gets its name; refs are written last.
  The cache folder defaults as for modelbake (HF_HUB_CACHE, HF_HOME, ~/.cache/huggingface/hub).
  S3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_REGION,
  AWS_ENDPOINT_URL (or --s3-endpoint; custom endpoints use path-style addressing). Without
  credentials, requests are anonymous (public buckets).

Example (a worker's start-up):
  modelbake pull s3://my-bucket/hf acme/model:main --cache-dir /root/.cache/huggingface/hub
`

const OPTIONS = {
  models: { type: 'string', multiple: true },
  datasets: { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' }
} as const

export async function runPull(argv: string[], io: CliIO): Promise<number> {
  let secrets: string[] = []
  try {
    const { values, positionals } = parseSubcommandArgs('pull', argv, OPTIONS)
    if (values.help) {
      io.stdout.write(PULL_HELP)
      return 0
    }
    const [source, ...specTexts] = positionals
    if (!source || !source.startsWith('s3://')) {
      throw new UsageError('modelbake pull needs an s3://BUCKET/PREFIX to pull from', {
        hint: 'e.g. modelbake pull s3://my-bucket/hf acme/model --cache-dir DIR'
      })
    }
    const location = parseS3Target(source.slice('s3://'.length))
    const specs = pullSpecs(specTexts, values.models, values.datasets, io.env)
    const config = s3ConfigFrom({
      env: io.env,
      s3Endpoint: values['s3-endpoint'],
      s3Region: values['s3-region']
    })
    secrets = [config.credentials?.secretAccessKey, config.credentials?.sessionToken].filter(
      (s): s is string => Boolean(s)
    )
    const logger = createLogger(io.stderr, { quiet: values.quiet, secrets })
    const clean = (patterns: string[] | undefined) => {
      const kept = patterns?.map((p) => p.trim()).filter((p) => p !== '')
      return kept && kept.length > 0 ? kept : undefined
    }
    const report = await pullFromS3({
      location,
      config,
      cacheDir: resolveCacheDir(values['cache-dir']?.trim() || undefined, io.env),
      specs,
      allow: clean(values.allow),
      ignore: clean(values.ignore),
      concurrency: parseConcurrency(values.concurrency),
      retry: retryFromEnv(io.env),
      directWrites: directWritesWanted(io.env),
      logger
    })
    logger.info(
      `pulled ${report.repos.length} snapshot(s) from ${report.source}: ` +
        `${formatBytes(report.downloadedBytes)} downloaded, ${formatBytes(report.reusedBytes)} already in ${report.cacheDir}`
    )
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    return 0
  } catch (error) {
    return reportFailure(io, error, secrets)
  }
}

function pullSpecs(
  texts: string[],
  models: string[] | undefined,
  datasets: string[] | undefined,
  env: CliIO['env']
): RepoSpec[] {
  const specs: RepoSpec[] = texts.map((text, i) =>
    parseSpec(text.trim(), { source: `argument ${i + 2}` })
  )
  for (const text of models ?? [])
    specs.push(...parseSpecDocument(text, { type: 'model', source: 'models' }))
  for (const text of datasets ?? [])
    specs.push(...parseSpecDocument(text, { type: 'dataset', source: 'datasets' }))
  return specs.length > 0 ? mergeSpecs(specs) : specsFromEnv(env)
}
