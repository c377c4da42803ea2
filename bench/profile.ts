// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function.

interface CpuProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
}

export interface CpuProfile {
  nodes: CpuProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface SelfTime {
  function: string
  /** Where it is: a file (shortened) and line, or a V8 pseudo-frame such as (garbage collector). */
  location: string
  ms: number
  /** Share of the busy (non-idle) time. */
  share: number
}

export interface ProfileSummary {
  totalMs: number
  idleMs: number
  busyMs: number
  top: SelfTime[]
}

function shorten(url: string): string {
  if (url === '') return ''
  const path = url.replace(/^file:\/\//, '')
  const nm = path.lastIndexOf('/node_modules/')
  if (nm >= 0) return path.slice(nm + 1)
  if (path.startsWith('node:')) return path
  return path.split('/').slice(-1)[0] ?? path
}

export function summarizeProfile(profile: CpuProfile, limit = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // timeDeltas[i] is the time before sample i; the time a sample stands for is the next delta.
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt))
  }
  const grouped = new Map<string, { fn: string; location: string; us: number }>()
  let idleUs = 0
  let totalUs = 0
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame
    if (!frame) continue
    totalUs += us
    const fn = frame.functionName || '(anonymous)'
    if (fn === '(idle)') {
      idleUs += us
      continue
    }
    const location = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : ''
    const key = `${fn}\0${location}`
    const entry = grouped.get(key) ?? { fn, location, us: 0 }
    entry.us += us
    grouped.set(key, entry)
  }
  const busyUs = totalUs - idleUs
  const top = [...grouped.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({
      function: e.fn,
      location: e.location,
      ms: e.us / 1000,
      share: busyUs > 0 ? e.us / busyUs : 0
    }))
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, busyMs: busyUs / 1000, top }
}

export function profileMarkdown(summary: ProfileSummary, title: string): string {
  const lines = [
    `## ${title}`,
    '',
    `Main thread: ${summary.totalMs.toFixed(0)} ms profiled, ${summary.idleMs.toFixed(0)} ms idle (waiting on I/O, the thread pool or the network), ${summary.busyMs.toFixed(0)} ms busy.`,
    '',
    '| Self time | Share of busy | Function | Where |',
    '| ---: | ---: | --- | --- |',
    ...summary.top.map(
      (t) =>
        `| ${t.ms.toFixed(0)} ms | ${(t.share * 100).toFixed(1)}% | ${t.function.replace(/\|/g, '\\|')} | ${t.location} |`
    )
  ]
  return `${lines.join('\n')}\n`
}
