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
  To = 'to'
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
  '--shard': Inputs.Shard
}

/** Reword a message written for the CLI so that it names the Action's inputs instead. */
export function inActionTerms(message: string): string {
  return message.replace(/--[a-z-]+/g, (flag) =>
    FLAG_TO_INPUT[flag] ? `the \`${FLAG_TO_INPUT[flag]}\` input` : flag
  )
}
