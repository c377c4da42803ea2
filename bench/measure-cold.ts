// 1–2. Cold download of the large model into an empty cache, sha256 verification on: modelbake,
// curl --parallel (the ceiling), curl one stream, and @huggingface/hub snapshotDownload, in
// rotating order round after round, each into a fresh folder that is deleted right after.
import {
  bytesInFiles,
  CLIENT_LABELS,
  failure,
  runCurl,
  runHfjs,
  runModelbake,
  type ClientId,
  type ClientRun
} from './clients.js'
import { throughputChart, type Series } from './chart.js'
import { discard, freshDir, summarizeRun, withActivity, type Bench } from './context.js'
import type { BenchRepo } from './fixtures.js'
import { fmt, median, medianIndex, pairedRatio, roundOrder } from './stats.js'

export type ColdRuns = Record<'modelbake' | 'curl-parallel' | 'curl-single' | 'hfjs', ClientRun[]>

const COLD_CLIENTS = ['modelbake', 'curl-parallel', 'curl-single', 'hfjs'] as const

/** One cold run of one client on `repo`, checked (exit 0, every byte on disk), folder deleted. */
export async function coldRun(
  bench: Bench,
  client: (typeof COLD_CLIENTS)[number],
  repo: BenchRepo,
  sample: boolean
): Promise<ClientRun> {
  const dir = await freshDir(bench, client)
  const ctx = bench.clients
  const run = await withActivity(bench, () =>
    client === 'modelbake'
      ? runModelbake(ctx, { repo, cacheDir: dir, sample })
      : client === 'hfjs'
        ? runHfjs(ctx, { repo, cacheDir: dir, sample })
        : runCurl(ctx, { repo, destDir: dir, parallel: client === 'curl-parallel', sample })
  )
  const failed = failure(run)
  if (failed) throw new Error(failed)
  const onDisk = await bytesInFiles(dir)
  if (onDisk < repo.totalBytes) {
    throw new Error(
      `${CLIENT_LABELS[client]} left ${onDisk} bytes of files for a repo of ${repo.totalBytes}`
    )
  }
  await discard(dir)
  return run
}

export async function measureCold(bench: Bench): Promise<{ runs: ColdRuns; chart: string }> {
  const repo = bench.fixtures.large
  const runs: ColdRuns = { modelbake: [], 'curl-parallel': [], 'curl-single': [], hfjs: [] }
  bench.log(
    `cold download of ${repo.id} (${fmt.bytes(repo.totalBytes)}, ${repo.files.length} files), ${bench.options.runs} rounds`
  )
  for (let round = 0; round < bench.options.runs; round++) {
    for (const client of roundOrder(COLD_CLIENTS, round)) {
      const run = await coldRun(bench, client, repo, true)
      runs[client].push(run)
      bench.log(
        `  round ${round + 1}/${bench.options.runs}  ${CLIENT_LABELS[client].padEnd(34)} ${fmt.seconds(run.wallSeconds).padStart(8)}  ${fmt.rate(repo.totalBytes / run.wallSeconds).padStart(10)}${run.usage ? `  RSS ${fmt.mib(run.usage.maxRssKiB * 1024)}` : ''}`
      )
    }
  }
  const wall = (c: ClientId) => (runs as Record<string, ClientRun[]>)[c]!.map((r) => r.wallSeconds)
  const mb = median(wall('modelbake'))
  const rateOf = (seconds: number) => fmt.rate(repo.totalBytes / seconds)
  const size = fmt.bytes(repo.totalBytes)

  const vsCurl = pairedRatio(wall('curl-parallel'), wall('modelbake'))
  bench.rows.set('cold.vs-curl', {
    measurement: `Cold download of ${size}, sha256 verified (vs curl --parallel, the ceiling)`,
    modelbake: `${rateOf(mb)} (${fmt.seconds(mb)})`,
    baseline: `curl --parallel-max ${bench.options.concurrency}: ${rateOf(median(wall('curl-parallel')))} (${fmt.seconds(median(wall('curl-parallel')))})`,
    ratio: fmt.ratio(vsCurl),
    met: vsCurl >= 0.9,
    values: {
      modelbakeSeconds: mb,
      baselineSeconds: median(wall('curl-parallel')),
      ratio: vsCurl,
      unit: 'throughput ratio (curl wall / modelbake wall, median of rounds)'
    }
  })
  const vsSingle = pairedRatio(wall('curl-single'), wall('modelbake'))
  bench.rows.set('cold.curl-single', {
    measurement: `Cold download of ${size} (vs curl, one stream, files in turn)`,
    modelbake: `${rateOf(mb)} (${fmt.seconds(mb)})`,
    baseline: `curl: ${rateOf(median(wall('curl-single')))} (${fmt.seconds(median(wall('curl-single')))})`,
    ratio: fmt.ratio(vsSingle),
    met: null,
    values: {
      modelbakeSeconds: mb,
      baselineSeconds: median(wall('curl-single')),
      ratio: vsSingle,
      unit: 'throughput ratio'
    }
  })
  const vsHfjs = pairedRatio(wall('hfjs'), wall('modelbake'))
  bench.rows.set('cold.vs-hfjs', {
    measurement: `Cold download of ${size} (vs @huggingface/hub snapshotDownload)`,
    modelbake: fmt.seconds(mb),
    baseline: `snapshotDownload: ${fmt.seconds(median(wall('hfjs')))} (${rateOf(median(wall('hfjs')))})`,
    ratio: fmt.speedup(vsHfjs),
    met: vsHfjs >= 3,
    values: {
      modelbakeSeconds: mb,
      baselineSeconds: median(wall('hfjs')),
      ratio: vsHfjs,
      unit: 'speed-up (snapshotDownload wall / modelbake wall, median of rounds)'
    }
  })

  const cpu = (c: ClientId) =>
    median(
      (runs as Record<string, ClientRun[]>)[c]!.map((r) =>
        r.usage ? r.usage.userSeconds + r.usage.systemSeconds : NaN
      )
    )
  const perGiB = (seconds: number) =>
    `${(seconds / (repo.totalBytes / 1024 ** 3)).toFixed(2)} s/GiB`
  bench.rows.set('cold.cpu', {
    measurement: `Cold download of ${size}: CPU time, user + system, all threads`,
    modelbake: `${fmt.seconds(cpu('modelbake'))} (${perGiB(cpu('modelbake'))})`,
    baseline: `curl --parallel: ${fmt.seconds(cpu('curl-parallel'))}; snapshotDownload: ${fmt.seconds(cpu('hfjs'))}`,
    ratio: `${fmt.ratio(cpu('modelbake') / cpu('curl-parallel'))} curl's`,
    met: null,
    values: {
      modelbakeCpuSeconds: cpu('modelbake'),
      curlCpuSeconds: cpu('curl-parallel'),
      curlSingleCpuSeconds: cpu('curl-single'),
      hfjsCpuSeconds: cpu('hfjs')
    }
  })

  const styles: Record<(typeof COLD_CLIENTS)[number], Omit<Series, 'samples' | 'label'>> = {
    modelbake: { color: '#d9480f', width: 2.5 },
    'curl-parallel': { color: '#1c7ed6' },
    'curl-single': { color: '#74c0fc', dashed: true, width: 1.5 },
    hfjs: { color: '#868e96', dashed: true, width: 1.5 }
  }
  const series = COLD_CLIENTS.map((client): Series => {
    const list = runs[client]
    const pick = list[medianIndex(list.map((r) => r.wallSeconds))]!
    return {
      label: `${CLIENT_LABELS[client]}${client === 'curl-parallel' ? ` --parallel-max ${bench.options.concurrency}` : ''}`,
      samples: pick.samples,
      averageBytesPerSecond: repo.totalBytes / pick.wallSeconds,
      ...styles[client]
    }
  })
  const chart = throughputChart(
    `Cold download of ${size} (${repo.files.length} files) from the local hub: the median run of each client`,
    series
  )
  bench.raw.cold = {
    repo: repo.id,
    totalBytes: repo.totalBytes,
    runs: Object.fromEntries(
      COLD_CLIENTS.map((c) => [c, runs[c].map((r) => ({ ...summarizeRun(r), samples: r.samples }))])
    )
  }
  return { runs, chart }
}
