// Throughput over time as a hand-written SVG: no dependency, readable in any browser or on GitHub.

export interface Series {
  label: string
  color: string
  /** [milliseconds since start, bytes on disk] */
  samples: ReadonlyArray<readonly [number, number]>
  /** Total bytes / wall time of this run, shown in the legend. */
  averageBytesPerSecond?: number
  dashed?: boolean
  width?: number
}

/**
 * Rate at each sample, over a window of at least `windowMs` ending there (single 100 ms
 * intervals are too jumpy to read: a write-back pause shows as zero, the next tick as double).
 */
export function throughput(
  samples: ReadonlyArray<readonly [number, number]>,
  windowMs = 300
): Array<[number, number]> {
  const points: Array<[number, number]> = []
  let j = 0
  for (let i = 1; i < samples.length; i++) {
    const [t, bytes] = samples[i]!
    while (j + 1 < i && t - samples[j + 1]![0] >= windowMs) j++
    const [t0, b0] = samples[j]!
    if (t <= t0) continue
    points.push([t / 1000, Math.max(0, ((bytes - b0) / (t - t0)) * 1000)])
  }
  return points
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)
  return step ?? 10 * magnitude
}

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function throughputChart(title: string, series: readonly Series[]): string {
  const width = 900
  const height = 460
  const margin = { left: 70, right: 24, top: 48, bottom: 56 + 20 * series.length }
  const plotW = width - margin.left - margin.right
  const plotH = height - margin.top - margin.bottom
  const lines = series.map((s) => ({ ...s, points: throughput(s.samples) }))
  const maxT = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p[0])))
  const maxRate = Math.max(1e8, ...lines.flatMap((l) => l.points.map((p) => p[1])))
  const tStep = niceStep(maxT, 8)
  const rStep = niceStep(maxRate / 1e9, 5)
  const tMax = Math.ceil(maxT / tStep) * tStep
  const rMax = Math.ceil(maxRate / 1e9 / rStep) * rStep
  const x = (t: number) => margin.left + (t / tMax) * plotW
  const y = (gbps: number) => margin.top + plotH - (gbps / rMax) * plotH
  const out: string[] = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${esc(title)}</text>`
  )
  for (let r = 0; r <= rMax + 1e-9; r += rStep) {
    const yy = y(r).toFixed(1)
    out.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yy}" y2="${yy}" stroke="#e5e7eb"/>`,
      `<text x="${margin.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#374151">${+r.toFixed(3)}</text>`
    )
  }
  for (let t = 0; t <= tMax + 1e-9; t += tStep) {
    const xx = x(t).toFixed(1)
    out.push(
      `<line x1="${xx}" x2="${xx}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#f3f4f6"/>`,
      `<text x="${xx}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#374151">${+t.toFixed(2)}</text>`
    )
  }
  out.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>`,
    `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 38}" text-anchor="middle" fill="#111827">seconds since the client started</text>`,
    `<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#111827">GB/s written to disk (300 ms window)</text>`
  )
  for (const line of lines) {
    if (line.points.length === 0) continue
    const d = line.points
      .map(([t, rate], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)} ${y(rate / 1e9).toFixed(1)}`)
      .join(' ')
    out.push(
      `<path d="${d}" fill="none" stroke="${line.color}" stroke-width="${line.width ?? 2}" stroke-linejoin="round"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`
    )
  }
  lines.forEach((line, i) => {
    const ly = margin.top + plotH + 58 + i * 20
    const average =
      line.averageBytesPerSecond !== undefined
        ? ` — ${(line.averageBytesPerSecond / 1e9).toFixed(2)} GB/s on average (bytes / wall time)`
        : ''
    out.push(
      `<line x1="${margin.left}" x2="${margin.left + 28}" y1="${ly}" y2="${ly}" stroke="${line.color}" stroke-width="${line.width ?? 2}"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${margin.left + 36}" y="${ly}" dominant-baseline="middle" fill="#111827">${esc(line.label + average)}</text>`
    )
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
