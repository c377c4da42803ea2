import type { RepoFile, RepoType } from '../core/types.js'

/** What a run did for one repo: the `--json` document's entries and the Action's outputs. */
export interface RepoResult {
  /** "org/name" or "datasets/org/name": how the user names it, and the key of output maps. */
  label: string
  repo: string
  type: RepoType
  revision: string
  commit: string
  snapshotPath: string
  /** Files and bytes selected by the patterns. */
  files: number
  bytes: number
  /** Bytes fetched over the network by this run. */
  downloadedBytes: number
  /** Bytes that were already in the cache (whole blobs, or resumed partial files). */
  reusedBytes: number
  seconds: number
  /** The selected paths, for destinations and dry runs. */
  paths: string[]
  /** The selected files with their sizes and digests (the etag names the blob), for destinations. */
  selected: RepoFile[]
  allow?: string[]
  ignore?: string[]
}
