// The results: one row per measurement (always all of them, in this order), as a Markdown table
// and as JSON.

export type RowId =
  | 'cold.vs-curl'
  | 'cold.curl-single'
  | 'cold.vs-hfjs'
  | 'cold.cpu'
  | 'link.vs-curl'
  | 'link.vs-hfjs'
  | 'warm.wall'
  | 'warm.calls'
  | 'warm.body-bytes'
  | 'warm.offline'
  | 'resume.refetched'
  | 'rss.quarter'
  | 'rss.full'
  | 'rss.growth'
  | 'small.wall'
  | 'image.build'
  | 'image.second-push'

/** Every row the benchmark emits, in table order, with its label and the target. */
export const ROWS: ReadonlyArray<{ id: RowId; measurement: string; target: string }> = [
  {
    id: 'cold.vs-curl',
    measurement: 'Cold download, sha256 verified (vs curl --parallel, the ceiling)',
    target: '≥ 0.9× curl (stretch ≥ 1.0×)'
  },
  {
    id: 'cold.curl-single',
    measurement: 'Cold download (vs curl, one stream, files in turn)',
    target: '— (for reading)'
  },
  {
    id: 'cold.vs-hfjs',
    measurement: 'Cold download (vs @huggingface/hub snapshotDownload)',
    target: '≥ 3× faster'
  },
  {
    id: 'cold.cpu',
    measurement: 'Cold download: CPU time, user + system, all threads',
    target: '— (for reading: steadier than wall time on a busy machine)'
  },
  {
    id: 'link.vs-curl',
    measurement: 'Cold download over paced connections (vs curl --parallel)',
    target: '≥ 0.9× curl (stretch ≥ 1.0×)'
  },
  {
    id: 'link.vs-hfjs',
    measurement: 'Cold download over paced connections (vs snapshotDownload)',
    target: '≥ 3× faster'
  },
  {
    id: 'warm.wall',
    measurement: 'Warm run: wall time incl. Node start-up',
    target: '< 2 s'
  },
  {
    id: 'warm.calls',
    measurement: 'Warm run: calls to the Hub',
    target: '≤ 1 metadata call per repo'
  },
  { id: 'warm.body-bytes', measurement: 'Warm run: file bytes fetched', target: '0 B' },
  {
    id: 'warm.offline',
    measurement: 'Warm run with --offline: wall time (calls)',
    target: '0 calls'
  },
  {
    id: 'resume.refetched',
    measurement: 'Resume after SIGKILL at ~50%: bytes fetched by the second run',
    target: '≤ 55% of the total'
  },
  { id: 'rss.quarter', measurement: 'Peak RSS, small model', target: '≤ 256 MiB' },
  { id: 'rss.full', measurement: 'Peak RSS, large model', target: '≤ 256 MiB' },
  { id: 'rss.growth', measurement: 'Peak RSS growth, small → large', target: '≤ 32 MiB' },
  { id: 'small.wall', measurement: 'Many small files: wall time', target: '≤ 2 s' },
  {
    id: 'image.build',
    measurement: 'Image build, layers + digests (vs tar -c | openssl dgst -sha256)',
    target: '≥ 1.0×'
  },
  { id: 'image.second-push', measurement: 'Second push of the same image', target: '0 blob bytes' }
]

export type RowStatus = 'measured' | 'info' | 'not-measured' | 'skipped' | 'failed'

export interface Row {
  id: RowId
  measurement: string
  modelbake: string
  baseline: string
  ratio: string
  target: string
  /** null: nothing to judge (informational, or not measured). */
  met: boolean | null
  status: RowStatus
  /** The numbers behind the strings, for machines. */
  values: Record<string, number | string | null>
}

export type RowValues = Omit<Row, 'id' | 'measurement' | 'target' | 'status'> & {
  status?: RowStatus
  /** Overrides the default label (e.g. to name the sizes). */
  measurement?: string
}

export class Rows {
  private readonly byId = new Map<RowId, Row>()

  set(id: RowId, values: RowValues): void {
    const spec = ROWS.find((r) => r.id === id)!
    this.byId.set(id, {
      id,
      measurement: values.measurement ?? spec.measurement,
      modelbake: values.modelbake,
      baseline: values.baseline,
      ratio: values.ratio,
      target: spec.target,
      met: values.met,
      status: values.status ?? (values.met === null ? 'info' : 'measured'),
      values: values.values
    })
  }

  notMeasured(id: RowId, why: string, status: RowStatus = 'not-measured'): void {
    this.set(id, {
      modelbake: why,
      baseline: '',
      ratio: '',
      met: null,
      status,
      values: {}
    })
  }

  /** All rows in table order; the ones never set say why. */
  all(): Row[] {
    return ROWS.map(({ id }) => {
      if (!this.byId.has(id)) this.notMeasured(id, 'skipped (--only)', 'skipped')
      return this.byId.get(id)!
    })
  }
}

export function metCell(row: Row): string {
  if (row.status === 'not-measured') return 'not yet measured'
  if (row.status === 'failed') return 'failed'
  if (row.status === 'skipped') return 'skipped'
  if (row.met === null) return '—'
  return row.met ? 'yes' : '**no**'
}

const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function markdownTable(rows: readonly Row[]): string {
  const header = ['Measurement', 'modelbake', 'Baseline', 'Ratio', 'Target', 'Met?']
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${[r.measurement, r.modelbake, r.baseline, r.ratio, r.target, metCell(r)].map(escape).join(' | ')} |`
    )
  ]
  return `${lines.join('\n')}\n`
}
