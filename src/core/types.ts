// The vocabulary shared by every stage of the pipeline: spec → plan → fetch → publish → report.

export type RepoType = 'model' | 'dataset' | 'space'

/** One requested repo, as parsed from the user's specs (before any network call). */
export interface RepoSpec {
  /** "org/name" (or "name" for legacy canonical repos), never with the "datasets/" prefix. */
  repo: string
  type: RepoType
  /** Branch, tag, refs/pr/N or 40-hex commit; "main" when the user gave none. */
  revision: string
  /** undefined = inherit the run-wide patterns; [] for allow means "everything". */
  allow?: string[]
  ignore?: string[]
  /** Where the spec came from, for error messages: "--models entry 2", "config.yaml model_cache[0]". */
  source?: string
}

/** One file of a repo at a commit, as the Hub's tree listing describes it. */
export interface RepoFile {
  path: string
  size: number
  /** git blob sha1 (for LFS files: of the pointer). */
  blobId: string
  lfs?: { sha256: string; size: number }
  xetHash?: string
}

/** The cache's name for a file's content: sha256 for LFS files, git blob sha1 for the others. */
export function etagOf(file: RepoFile): string {
  return file.lfs ? file.lfs.sha256 : file.blobId
}

/** The digest that verifies a download of `file`. */
export function digestOf(file: RepoFile): { algorithm: 'sha256' | 'git-sha1'; hex: string } {
  return file.lfs
    ? { algorithm: 'sha256', hex: file.lfs.sha256 }
    : { algorithm: 'git-sha1', hex: file.blobId }
}

export const COMMIT_RE = /^[0-9a-f]{40}$/
