// The job summary: one row per repo, then one per destination.
import type { RunReport } from '../pipeline/run.js'
import { formatBytes, formatSeconds } from '../report/format.js'
import { Inputs } from './constants.js'
import type { Mode } from './inputs.js'

/** Inline code for a table cell: a fence longer than any backtick run inside, and `|` escaped. */
export function codeCell(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = longest > 0 ? ' ' : ''
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`
}

export function summaryMarkdown(report: RunReport, mode: Mode = 'run'): string {
  if (mode === 'assemble') return assembleMarkdown(report)
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
    ...shardLines(report),
    ...destinationTable(report),
    ''
  ].join('\n')
}

/** `mode: assemble`: where each snapshot now is; nothing was downloaded, so no bytes or time. */
function assembleMarkdown(report: RunReport): string {
  const rows = report.repos.map(
    (r) =>
      `| ${codeCell(r.label)} | ${codeCell(r.revision)} → ${codeCell(r.commit.slice(0, 12))} | ${r.files} | ${formatBytes(r.bytes)} | ${codeCell(r.snapshotPath)} |`
  )
  return [
    '### modelbake assemble',
    '',
    '| repo | revision → commit | files | size | snapshot |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows,
    '',
    'Snapshots written from the blobs that the shard jobs published: no weight was downloaded or copied.',
    '',
    ...destinationTable(report),
    ''
  ].join('\n')
}

/** A shard job of a matrix: its share, and what comes next. */
function shardLines(report: RunReport): string[] {
  if (!report.shard) return []
  const { index, count, blobs, bytes } = report.shard
  return [
    `Shard ${index}/${count}: ${blobs} blobs, ${formatBytes(bytes)}, published without snapshots; a last job with \`${Inputs.Mode}: assemble\` writes them.`,
    ''
  ]
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
