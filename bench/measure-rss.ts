// 5. Peak RSS of a cold download, for a model a quarter of the size and for the large one: the
// growth between them shows whether memory follows the model's size or stays bounded.
import type { ClientRun } from './clients.js'
import { summarizeRun, type Bench } from './context.js'
import { coldRun } from './measure-cold.js'
import { fmt, median, roundOrder } from './stats.js'

const KIB = 1024

export async function measureRss(
  bench: Bench,
  fromCold?: { modelbake: ClientRun[]; hfjs: ClientRun[] }
): Promise<void> {
  const { quarter, large } = bench.fixtures
  const runs = {
    quarter: { modelbake: [] as ClientRun[], hfjs: [] as ClientRun[] },
    large: fromCold ?? { modelbake: [] as ClientRun[], hfjs: [] as ClientRun[] }
  }
  const sets = fromCold ? (['quarter'] as const) : (['quarter', 'large'] as const)
  for (const which of sets) {
    const repo = which === 'quarter' ? quarter : large
    bench.log(`peak RSS: cold downloads of ${repo.id} (${fmt.bytes(repo.totalBytes)})`)
    for (let round = 0; round < bench.options.runs; round++) {
      for (const client of roundOrder(['modelbake', 'hfjs'] as const, round)) {
        const run = await coldRun(bench, client, repo, false)
        runs[which][client].push(run)
        bench.log(
          `  round ${round + 1}/${bench.options.runs}  ${client.padEnd(10)} RSS ${run.usage ? fmt.mib(run.usage.maxRssKiB * KIB) : '?'}`
        )
      }
    }
  }
  const rss = (list: ClientRun[]) => median(list.map((r) => (r.usage?.maxRssKiB ?? NaN) * KIB))
  const mbQ = rss(runs.quarter.modelbake)
  const mbL = rss(runs.large.modelbake)
  const hfQ = rss(runs.quarter.hfjs)
  const hfL = rss(runs.large.hfjs)
  const limit = 256 * 1024 ** 2
  bench.rows.set('rss.quarter', {
    measurement: `Peak RSS, ${fmt.bytes(quarter.totalBytes)} model`,
    modelbake: fmt.mib(mbQ),
    baseline: `snapshotDownload: ${fmt.mib(hfQ)}`,
    ratio: '',
    met: mbQ <= limit,
    values: { modelbakeBytes: mbQ, baselineBytes: hfQ }
  })
  bench.rows.set('rss.full', {
    measurement: `Peak RSS, ${fmt.bytes(large.totalBytes)} model`,
    modelbake: fmt.mib(mbL),
    baseline: `snapshotDownload: ${fmt.mib(hfL)}`,
    ratio: '',
    met: mbL <= limit,
    values: { modelbakeBytes: mbL, baselineBytes: hfL }
  })
  const growth = mbL - mbQ
  bench.rows.set('rss.growth', {
    measurement: `Peak RSS growth, ${fmt.bytes(quarter.totalBytes)} → ${fmt.bytes(large.totalBytes)}`,
    modelbake: `${growth >= 0 ? '+' : '−'}${fmt.mib(Math.abs(growth))}`,
    baseline: `snapshotDownload: ${hfL - hfQ >= 0 ? '+' : '−'}${fmt.mib(Math.abs(hfL - hfQ))}`,
    ratio: '',
    met: growth <= 32 * 1024 ** 2,
    values: { modelbakeBytes: growth, baselineBytes: hfL - hfQ }
  })
  bench.raw.rss = {
    quarter: {
      repo: quarter.id,
      modelbake: runs.quarter.modelbake.map(summarizeRun),
      hfjs: runs.quarter.hfjs.map(summarizeRun)
    },
    large: { repo: large.id, fromColdRuns: Boolean(fromCold) }
  }
}
