// `mode: assemble`: the Action as the last job of a sharded matrix, as `modelbake assemble` is for the
// CLI (src/pipeline/assemble.ts). What may go with it (the pipeline's checkAssembleOptions, and the
// Action's own inputs), said in the Action's terms before any network call, and the report the
// outputs and summary are made from: the snapshots at the destination.
import type { RawOptions } from '../config.js'
import { UsageError } from '../core/errors.js'
import {
  checkAssembleOptions,
  type AssembleRefusal,
  type AssembleReport
} from '../pipeline/assemble.js'
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
  const count = shards !== undefined ? parseShardCount(shards, `\`${Inputs.Shards}\``) : undefined
  const refusal = checkAssembleOptions({ to: raw.to ?? [], offline: raw.offline, shards: count })
  if (refusal) throw refused(refusal)
  const warnings = raw.cacheDir?.trim()
    ? [
        `\`${Inputs.CacheDir}\` is not used by ${ASSEMBLE}: it reads no blob, and writes the snapshots at \`${Inputs.To}\` only`
      ]
    : []
  return { ...(count !== undefined ? { shards: count } : {}), warnings }
}

/** What the pipeline's assemble refuses, said in the Action's terms (its inputs). */
function refused(refusal: AssembleRefusal): UsageError {
  switch (refusal.refusal) {
    case 'destinations':
      return new UsageError(
        refusal.count === 0
          ? `${ASSEMBLE} needs the \`${Inputs.To}\` input: the destination the shard jobs published to`
          : `${ASSEMBLE} writes to one destination, and \`${Inputs.To}\` names ${refusal.count}`,
        {
          hint: `set \`${Inputs.To}\` as in the shard jobs: one volume:DIR, s3://BUCKET/PREFIX or docker://REGISTRY/REPO:TAG`
        }
      )
    case 'destination':
      return new UsageError(`${ASSEMBLE} cannot write to ${refusal.destination}`, {
        hint: `shard jobs and assemble share a blob store or a registry: \`${Inputs.To}: volume:DIR\`, \`${Inputs.To}: s3://BUCKET/PREFIX\` or \`${Inputs.To}: docker://REGISTRY/REPO:TAG\``
      })
    case 'shards':
      return new UsageError(
        `${ASSEMBLE} to ${refusal.destination} needs the \`${Inputs.Shards}\` input`,
        {
          hint: `set \`${Inputs.Shards}: N\`, the N of the shard jobs' \`${Inputs.Shard}: i/N\`: the records of their layers are found by it`
        }
      )
    case 'offline':
      return new UsageError(
        `${ASSEMBLE} reads the commits’ listings from the Hub: it cannot run offline`,
        {
          hint: `remove \`${Inputs.Offline}: true\` (with \`${Inputs.Locked}: true\`, only the listings are read)`
        }
      )
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
