// The job summary: one row per repo.
import type { RunReport } from '../pipeline/run.js'
import { formatBytes, formatSeconds } from '../report/format.js'

export function summaryMarkdown(report: RunReport): string {
  const rows = report.repos.map(
    (r) =>
      `| \`${r.label}\` | \`${r.revision}\` → \`${r.commit.slice(0, 12)}\` | ${r.files} | ${formatBytes(r.bytes)} | ${formatBytes(r.downloadedBytes)} | ${formatSeconds(r.seconds)} |`
  )
  return [
    '### modelbake',
    '',
    '| repo | revision → commit | files | size | downloaded | time |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Cache: \`${report.cacheDir}\`${report.offline ? ' (offline)' : ''}`,
    ''
  ].join('\n')
}
