// 6. A repo of many small files, cold: per-file overhead (metadata, requests, links) dominates.
import type { ClientRun } from './clients.js'
import { summarizeRun, type Bench } from './context.js'
import { coldRun } from './measure-cold.js'
import { fmt, median, pairedRatio, roundOrder } from './stats.js'

const CLIENTS = ['modelbake', 'hfjs', 'curl-parallel'] as const

export async function measureSmall(bench: Bench): Promise<void> {
  const repo = bench.fixtures.many
  const runs: Record<(typeof CLIENTS)[number], ClientRun[]> = {
    modelbake: [],
    hfjs: [],
    'curl-parallel': []
  }
  bench.log(
    `many small files: ${repo.id} (${repo.files.length} files, ${fmt.bytes(repo.totalBytes)})`
  )
  for (let round = 0; round < bench.options.runs; round++) {
    for (const client of roundOrder(CLIENTS, round)) {
      const run = await coldRun(bench, client, repo, false)
      runs[client].push(run)
      bench.log(
        `  round ${round + 1}/${bench.options.runs}  ${client.padEnd(14)} ${fmt.seconds(run.wallSeconds).padStart(8)}`
      )
    }
  }
  const wall = (c: (typeof CLIENTS)[number]) => runs[c].map((r) => r.wallSeconds)
  const mb = median(wall('modelbake'))
  const speedup = pairedRatio(wall('hfjs'), wall('modelbake'))
  bench.rows.set('small.wall', {
    measurement: `${repo.files.length} small files (${fmt.bytes(repo.totalBytes)}): wall time`,
    modelbake: fmt.seconds(mb),
    baseline: `snapshotDownload: ${fmt.seconds(median(wall('hfjs')))}; curl --parallel: ${fmt.seconds(median(wall('curl-parallel')))}`,
    ratio: fmt.speedup(speedup),
    met: mb <= 2,
    values: {
      modelbakeSeconds: mb,
      baselineSeconds: median(wall('hfjs')),
      curlSeconds: median(wall('curl-parallel')),
      ratio: speedup
    }
  })
  bench.raw.small = {
    repo: repo.id,
    files: repo.files.length,
    totalBytes: repo.totalBytes,
    runs: Object.fromEntries(CLIENTS.map((c) => [c, runs[c].map(summarizeRun)]))
  }
}
