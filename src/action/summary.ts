// The job summary: one row per repo.
import type { RunReport } from '../pipeline/run.js'
import { formatBytes, formatSeconds } from '../report/format.js'

/** Inline code for a table cell: a fence longer than any backtick run inside, and `|` escaped. */
export function codeCell(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = longest > 0 ? ' ' : ''
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`
}

export function summaryMarkdown(report: RunReport): string {
  const rows = report.repos.map(
    (r) =>
      `| ${codeCell(r.label)} | ${codeCell(r.revision)} → ${codeCell(r.commit.slice(0, 12))} | ${r.files} | ${formatBytes(r.bytes)} | ${formatBytes(r.downloadedBytes)} | ${formatSeconds(r.seconds)} |`
  )
  return [
    '### modelbake',
    '',
    '| repo | revision → commit | files | size | downloaded | time |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Cache: ${codeCell(report.cacheDir)}${report.offline ? ' (offline)' : ''}`,
    ''
  ].join('\n')
}
