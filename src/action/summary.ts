// The job summary: one row per repo, then one per destination.
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
    '',
    ...destinationTable(report),
    ''
  ].join('\n')
}

function destinationTable(report: RunReport): string[] {
  if (report.destinations.length === 0) return []
  return [
    '| destination | written | skipped | where |',
    '| --- | ---: | ---: | --- |',
    ...report.destinations.map((d) => {
      const where = [...new Set(Object.values(d.locations))].map(codeCell).join('<br>')
      const restored = d.restore?.hit ? ' (restored: cache hit)' : ''
      const image =
        typeof d.details?.imageRef === 'string' ? `<br>image ${codeCell(d.details.imageRef)}` : ''
      return `| ${codeCell(d.destination)}${restored}${image} | ${formatBytes(d.writtenBytes)} | ${formatBytes(d.skippedBytes)} | ${where} |`
    }),
    ''
  ]
}
