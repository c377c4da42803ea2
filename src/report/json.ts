import type { RunReport } from '../pipeline/run.js'

/** The `--json` document. These field names are a contract: add fields, never rename them. */
export function jsonReport(report: RunReport) {
  return {
    repos: report.repos.map((r) => ({
      repo: r.repo,
      type: r.type,
      revision: r.revision,
      commit: r.commit,
      // A shard writes no snapshot (`modelbake assemble` does, and reports where).
      snapshotPath: report.shard ? null : r.snapshotPath,
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
