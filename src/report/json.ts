import type { RunReport } from '../pipeline/run.js'
import { reportedSnapshotPath } from '../pipeline/result.js'

/** The `--json` document. These field names are a contract: add fields, never rename them. */
export function jsonReport(report: RunReport) {
  return {
    repos: report.repos.map((r) => ({
      repo: r.repo,
      type: r.type,
      revision: r.revision,
      commit: r.commit,
      snapshotPath: reportedSnapshotPath(r, Boolean(report.shard)),
      files: r.files,
      bytes: r.bytes,
      downloadedBytes: r.downloadedBytes,
      label: r.label,
      reusedBytes: r.reusedBytes,
      seconds: r.seconds,
      ...(report.dryRun ? { paths: r.paths, wouldDownloadBytes: r.bytes - r.reusedBytes } : {})
    })),
    destinations: report.destinations,
    cacheDir: report.cacheDir,
    dryRun: report.dryRun,
    offline: report.offline,
    ...(report.shard ? { shard: report.shard } : {})
  }
}
