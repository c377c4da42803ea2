// Where a snapshot lives in the runner's tool cache, in @actions/tool-cache's own layout
// (tool-cache.ts: _createToolPath / _completeToolPath / find):
//
//   <RUNNER_TOOL_CACHE>/<tool>/<version>/<arch>            the tool's folder
//   <RUNNER_TOOL_CACHE>/<tool>/<version>/<arch>.complete   an empty marker, written last
//
// with tool = `hf-` + the HF cache folder name (`hf-models--org--name`, `hf-datasets--org--name`),
// version = the commit, arch = os.arch(), as tc.cacheDir() would name it. @actions/tool-cache's
// find() cannot look a commit up (it only matches semver versions), so modelbake finds the folder
// itself: the same path and marker test as find() makes for an explicit version.
//
// The folder is a hub cache root holding that one repo at that one commit, so a job can point
// HF_HUB_CACHE at it directly, or let modelbake link its blobs into the job's own cache:
//
//   <arch>/CACHEDIR.TAG
//   <arch>/models--org--name/blobs/<etag>                  hard links to the job cache's blobs
//   <arch>/models--org--name/snapshots/<commit>/<path>     relative symlinks, as in any HF cache
//   <arch>/models--org--name/trees/<commit>.json
//   <arch>/models--org--name/refs/<revision>               the revisions that named the commit
import { arch } from 'node:os'
import { join } from 'node:path'
import { repoFolderName } from '../../core/cache-dir.js'
import type { CacheRepo } from '../../cache/hf-cache.js'

/** `hf-models--org--name`: the tool's name. */
export function toolName(repo: CacheRepo): string {
  return `hf-${repoFolderName(repo.type, repo.repo)}`
}

export interface ToolEntry {
  /** `<root>/<tool>/<commit>/<arch>`: a hub cache root. */
  dir: string
  /** `<dir>.complete` */
  marker: string
  /** Held while writing the entry. */
  lock: string
  /** The folder that holds `<arch>`, where staging folders go. */
  versionDir: string
}

export function toolEntry(
  root: string,
  repo: CacheRepo,
  commit: string,
  architecture: string = arch()
): ToolEntry {
  const versionDir = join(root, toolName(repo), commit)
  const dir = join(versionDir, architecture)
  return {
    dir,
    marker: `${dir}.complete`,
    lock: `${dir}.modelbake.lock`,
    versionDir
  }
}
