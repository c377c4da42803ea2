// Input and output names, defined once (they must match action.yml).

export enum Inputs {
  Models = 'models',
  Datasets = 'datasets',
  AllowPatterns = 'allow-patterns',
  IgnorePatterns = 'ignore-patterns',
  Token = 'token',
  Endpoint = 'endpoint',
  CacheDir = 'cache-dir',
  Concurrency = 'concurrency',
  Offline = 'offline'
}

export enum Outputs {
  SnapshotPath = 'snapshot-path',
  SnapshotPaths = 'snapshot-paths',
  Commits = 'commits',
  Files = 'files',
  Bytes = 'bytes',
  DownloadedBytes = 'downloaded-bytes'
}
