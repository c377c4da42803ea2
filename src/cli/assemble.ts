// `modelbake assemble [SPEC...] --to DEST [--locked] [--shards N]`: the last job of a sharded matrix.
import { buildRunOptions } from '../config.js'
import { assemble } from '../pipeline/assemble.js'
import { parseShardCount } from '../pipeline/shard.js'
import { createLogger } from '../report/logger.js'
import { jsonReport } from '../report/json.js'
import { DESTINATION_FLAGS, destinationOptionsOf } from './args.js'
import type { CliIO } from './main.js'
import {
  parseSubcommandArgs,
  readSpecFile,
  readTokenFile,
  reportFailure,
  runSecrets
} from './subcommand.js'

export const ASSEMBLE_HELP = `Usage: modelbake assemble [SPEC...] --to DEST
                          [--models LIST] [--datasets LIST] [--spec-file FILE]
                          [--allow P]... [--ignore P]... [--lock FILE] [--locked] [--shards N]
                          [--endpoint URL] [--token TOKEN] [--json] [--quiet] [image options]

After every \`modelbake ... --shard i/N --to DEST\` job succeeded: plans the same specs again (with
--locked, the lock's commits and no resolution call), checks that every part is at DEST, then
writes what the shards left out. Nothing is downloaded or copied again. DEST is what they wrote to:
  volume:, s3://  checks every selected blob, then writes the snapshots (volume: links, listings,
                  refs; s3://: manifests, listings, refs). --shards N names the shard that should
                  have written a missing blob.
  docker://       needs --shards N and the image options the shards had (--compression,
                  --max-layer-size, --image-path, --base-image, --platform, ...): reads the records
                  the shards pushed (tags TAG-modelbake-shard-I-of-N, left in place), checks every
                  layer, then pushes the config and manifest under TAG; no layer is uploaded again.
With anything missing, nothing is written, and the error names the shards to run again.
`

export async function runAssemble(argv: string[], io: CliIO): Promise<number> {
  let secrets: string[] = []
  try {
    const { values, positionals } = parseSubcommandArgs('assemble', argv, {
      ...DESTINATION_FLAGS,
      to: { type: 'string', multiple: true },
      models: { type: 'string', multiple: true },
      datasets: { type: 'string', multiple: true },
      'spec-file': { type: 'string', multiple: true },
      allow: { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      token: { type: 'string' },
      lock: { type: 'string' },
      locked: { type: 'boolean' },
      shards: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' }
    })
    if (values.help) {
      io.stdout.write(ASSEMBLE_HELP)
      return 0
    }
    const destinationOptions = destinationOptionsOf(values)
    const shards = values.shards === undefined ? undefined : parseShardCount(values.shards)
    const options = buildRunOptions(
      {
        specs: positionals,
        models: values.models,
        datasets: values.datasets,
        specFiles: (values['spec-file'] ?? []).map((name) => ({ name, text: readSpecFile(name) })),
        allow: values.allow,
        ignore: values.ignore,
        endpoint: values.endpoint,
        token: values.token,
        lock: values.lock,
        locked: values.locked,
        to: values.to,
        destinationOptions
      },
      { env: io.env, readTokenFile }
    )
    secrets = runSecrets(options.token, destinationOptions, io.env)
    const logger = createLogger(io.stderr, { quiet: values.quiet, secrets })
    const report = await assemble({ ...options, shards }, { logger })
    for (const repo of report.repos)
      logger.info(
        `${repo.label}@${repo.revision} → ${repo.commit.slice(0, 12)}: ${repo.files} files assembled`
      )
    if (values.json) {
      const { repos, destinations } = jsonReport({
        ...report,
        dryRun: false,
        offline: false,
        cacheDir: ''
      })
      io.stdout.write(`${JSON.stringify({ repos, destinations }, null, 2)}\n`)
    }
    return 0
  } catch (error) {
    return reportFailure(io, error, secrets)
  }
}
