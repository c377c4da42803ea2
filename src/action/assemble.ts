// `mode: assemble`: the Action as the last job of a sharded matrix, as `modelbake assemble` is for the
// CLI (src/pipeline/assemble.ts). What may go with it, said in the Action's terms before any network
// call, and the report the outputs and summary are made from: the snapshots at the destination.
import type { RawOptions } from '../config.js'
import { UsageError } from '../core/errors.js'
import type { AssembleReport } from '../pipeline/assemble.js'
import type { RunReport } from '../pipeline/run.js'
import { parseShardCount } from '../pipeline/shard.js'
import { Inputs } from './constants.js'
import type { Mode } from './inputs.js'

export interface ModeCheck {
  /** `shards`, parsed (assemble only). */
  shards?: number
  /** Inputs that have no effect in this mode. */
  warnings: string[]
}

const ASSEMBLE = `\`${Inputs.Mode}: assemble\``

/** Where shard jobs can leave their share for an assemble job: blob stores, and registries. */
const ASSEMBLE_SCHEMES = ['volume:', 's3://', 'docker://'] as const

/** The inputs that do not go with `mode`, refused with what to write instead. */
export function checkModeInputs(mode: Mode, raw: RawOptions, shards?: string): ModeCheck {
  if (mode === 'run') {
    if (shards !== undefined)
      throw new UsageError(`the \`${Inputs.Shards}\` input is read by ${ASSEMBLE} only`, {
        hint: `a job of the matrix takes \`${Inputs.Shard}: i/N\`; the last job, with ${ASSEMBLE}, takes \`${Inputs.Shards}: N\``
      })
    return { warnings: [] }
  }
  if (raw.shard?.trim())
    throw new UsageError(`\`${Inputs.Shard}\` and ${ASSEMBLE} do not go together`, {
      hint:
        `the assemble job runs once, after every \`${Inputs.Shard}: i/N\` job succeeded: remove ` +
        `\`${Inputs.Shard}\` from it (\`${Inputs.Shards}: N\` names the shard that should have written a missing blob)`
    })
  if (raw.offline)
    throw new UsageError(
      `${ASSEMBLE} reads the commits’ listings from the Hub: it cannot run offline`,
      {
        hint: `remove \`${Inputs.Offline}: true\` (with \`${Inputs.Locked}: true\`, only the listings are read)`
      }
    )
  const destinations = (raw.to ?? []).map((text) => text.trim()).filter((text) => text !== '')
  if (destinations.length !== 1)
    throw new UsageError(
      destinations.length === 0
        ? `${ASSEMBLE} needs the \`${Inputs.To}\` input: the destination the shard jobs published to`
        : `${ASSEMBLE} writes to one destination, and \`${Inputs.To}\` names ${destinations.length}`,
      {
        hint: `set \`${Inputs.To}\` as in the shard jobs: one volume:DIR, s3://BUCKET/PREFIX or docker://REGISTRY/REPO:TAG`
      }
    )
  const [destination] = destinations
  if (!ASSEMBLE_SCHEMES.some((scheme) => destination!.startsWith(scheme)))
    throw new UsageError(`${ASSEMBLE} cannot write to ${destination}`, {
      hint: `shard jobs and assemble share a blob store or a registry: \`${Inputs.To}: volume:DIR\`, \`${Inputs.To}: s3://BUCKET/PREFIX\` or \`${Inputs.To}: docker://REGISTRY/REPO:TAG\``
    })
  const warnings = raw.cacheDir?.trim()
    ? [
        `\`${Inputs.CacheDir}\` is not used by ${ASSEMBLE}: it reads no blob, and writes the snapshots at \`${Inputs.To}\` only`
      ]
    : []
  return {
    ...(shards !== undefined ? { shards: parseShardCount(shards, `\`${Inputs.Shards}\``) } : {}),
    warnings
  }
}

/**
 * The assemble report in the shape of a run's, for the same outputs and summary: each repo's
 * snapshot is the one at the destination (a folder on the volume, an s3:// URL; assemble() says
 * so), nothing was downloaded, and there is no local cache.
 */
export function assembledRunReport(report: AssembleReport): RunReport {
  return {
    repos: report.repos,
    destinations: report.destinations,
    dryRun: false,
    offline: false,
    cacheDir: '',
    ...(report.lockFile ? { lockFile: report.lockFile } : {})
  }
}
