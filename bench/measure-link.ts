// The cold download again, over connections paced like a CDN's single stream on a real network
// (`--stream-mbps`, per connection). On loopback nothing limits one stream, so the cold rows measure
// CPU; here the number of streams counts, as it does between a GPU host and the Hub's CDN:
// modelbake's parallel ranges, curl's one stream per file, snapshotDownload's one file at a time.
import { CLIENT_LABELS, type ClientRun } from './clients.js'
import type { Bench } from './context.js'
import { coldRun } from './measure-cold.js'
import { fmt, median, pairedRatio, roundOrder } from './stats.js'

const LINK_CLIENTS = ['modelbake', 'curl-parallel', 'hfjs'] as const

export async function measureLink(bench: Bench): Promise<void> {
  const pace = bench.options.streamBytesPerSecond
  if (pace === 0) {
    for (const id of ['link.vs-curl', 'link.vs-hfjs'] as const)
      bench.rows.notMeasured(id, 'left out (--stream-mbps 0)', 'skipped')
    return
  }
  // The smaller model: at one paced stream, snapshotDownload takes size / pace per round.
  const repo = bench.fixtures.quarter
  const link = `${+(pace / 1e6).toFixed(1)} MB/s per connection`
  const runs: Record<(typeof LINK_CLIENTS)[number], ClientRun[]> = {
    modelbake: [],
    'curl-parallel': [],
    hfjs: []
  }
  bench.log(`cold download of ${repo.id} (${fmt.bytes(repo.totalBytes)}), CDN paced to ${link}`)
  bench.hub.faults = { bytesPerSecond: pace, routes: ['cdn'] }
  try {
    for (let round = 0; round < bench.options.runs; round++) {
      for (const client of roundOrder(LINK_CLIENTS, round)) {
        const run = await coldRun(bench, client, repo, false)
        runs[client].push(run)
        bench.log(
          `  round ${round + 1}/${bench.options.runs}  ${CLIENT_LABELS[client].padEnd(34)} ${fmt.seconds(run.wallSeconds).padStart(8)}  ${fmt.rate(repo.totalBytes / run.wallSeconds).padStart(10)}`
        )
      }
    }
  } finally {
    bench.hub.faults = undefined
  }
  const wall = (client: (typeof LINK_CLIENTS)[number]) => runs[client].map((r) => r.wallSeconds)
  const mb = median(wall('modelbake'))
  const rateOf = (seconds: number) => fmt.rate(repo.totalBytes / seconds)
  const measurement = (what: string) =>
    `Cold download of ${fmt.bytes(repo.totalBytes)}, each CDN connection paced to ${link} (vs ${what})`

  const vsCurl = pairedRatio(wall('curl-parallel'), wall('modelbake'))
  const curl = median(wall('curl-parallel'))
  bench.rows.set('link.vs-curl', {
    measurement: measurement('curl --parallel'),
    modelbake: `${rateOf(mb)} (${fmt.seconds(mb)})`,
    baseline: `curl --parallel-max ${bench.options.concurrency}: ${rateOf(curl)} (${fmt.seconds(curl)})`,
    ratio: fmt.ratio(vsCurl),
    met: vsCurl >= 0.9,
    values: { modelbakeSeconds: mb, baselineSeconds: curl, ratio: vsCurl, bytesPerSecond: pace }
  })
  const vsHfjs = pairedRatio(wall('hfjs'), wall('modelbake'))
  const hfjs = median(wall('hfjs'))
  bench.rows.set('link.vs-hfjs', {
    measurement: measurement('snapshotDownload'),
    modelbake: fmt.seconds(mb),
    baseline: `snapshotDownload: ${fmt.seconds(hfjs)} (${rateOf(hfjs)})`,
    ratio: fmt.speedup(vsHfjs),
    met: vsHfjs >= 3,
    values: { modelbakeSeconds: mb, baselineSeconds: hfjs, ratio: vsHfjs, bytesPerSecond: pace }
  })
}
