// Input and output names, defined once (they must match action.yml).

export enum Inputs {
  Models = 'models',
  Datasets = 'datasets',
  AllowPatterns = 'allow-patterns',
  IgnorePatterns = 'ignore-patterns',
  Token = 'token',
  OidcResource = 'oidc-resource',
  Endpoint = 'endpoint',
  CacheDir = 'cache-dir',
  Concurrency = 'concurrency',
  Offline = 'offline',
  LockFile = 'lock-file',
  Locked = 'locked',
  Shard = 'shard',
  To = 'to',
  /** `run` (default) or `assemble`: the last job of a sharded matrix (src/action/mode.ts). */
  Mode = 'mode',
  /** `mode: assemble`: the matrix's n, to name the shard that should have written a missing blob. */
  Shards = 'shards'
}

export enum Outputs {
  SnapshotPath = 'snapshot-path',
  SnapshotPaths = 'snapshot-paths',
  Commits = 'commits',
  Files = 'files',
  Bytes = 'bytes',
  DownloadedBytes = 'downloaded-bytes',
  /** JSON array of what each destination wrote; their `details` are also outputs of their own. */
  Destinations = 'destinations'
}

/** CLI flags named in shared error hints, and the Action inputs that mean the same. */
export const FLAG_TO_INPUT: Record<string, Inputs> = {
  '--token': Inputs.Token,
  '--endpoint': Inputs.Endpoint,
  '--cache-dir': Inputs.CacheDir,
  '--allow': Inputs.AllowPatterns,
  '--ignore': Inputs.IgnorePatterns,
  '--concurrency': Inputs.Concurrency,
  '--offline': Inputs.Offline,
  '--lock': Inputs.LockFile,
  '--locked': Inputs.Locked,
  '--shard': Inputs.Shard,
  '--shards': Inputs.Shards,
  '--to': Inputs.To
}

/**
 * Reword a message written for the CLI so that it names the Action's inputs instead: `--to DEST`
 * and `--shards N` become the `with:` line to write, other flags the input's name, and the
 * `modelbake assemble` command the Action's assemble mode.
 */
export function inActionTerms(message: string): string {
  return message
    .replace(/`modelbake assemble`/g, `a last job with \`${Inputs.Mode}: assemble\``)
    .replace(
      /--(to|shards) ([^\s,;)`]+)/g,
      (_match, flag: string, value: string) => `\`${FLAG_TO_INPUT[`--${flag}`]}: ${value}\``
    )
    .replace(/--[a-z-]+/g, (flag) =>
      FLAG_TO_INPUT[flag] ? `the \`${FLAG_TO_INPUT[flag]}\` input` : flag
    )
}
