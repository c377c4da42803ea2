// 3. Warm runs: the large model is already in the cache. modelbake online, modelbake --offline
// and snapshotDownload (on its own warm cache), alternated; wall time includes Node start-up.
import { failure, runHfjs, runModelbake, type ClientRun } from './clients.js'
import {
  discard,
  freshDir,
  summarizeRun,
  withActivity,
  type Bench,
  type HubActivity
} from './context.js'
import { fmt, median, pairedRatio, roundOrder } from './stats.js'

type WarmRun = ClientRun & { activity: HubActivity }
const WARM_CLIENTS = ['modelbake', 'modelbake-offline', 'hfjs'] as const

export async function measureWarm(bench: Bench): Promise<void> {
  const repo = bench.fixtures.large
  const ctx = bench.clients
  const mbCache = await freshDir(bench, 'warm-modelbake')
  const hfjsCache = await freshDir(bench, 'warm-hfjs')
  bench.log(`warm runs of ${repo.id}: filling two caches first`)
  for (const fill of [
    () => runModelbake(ctx, { repo, cacheDir: mbCache }),
    () => runHfjs(ctx, { repo, cacheDir: hfjsCache })
  ]) {
    const failed = failure(await fill())
    if (failed) throw new Error(failed)
  }
  const runs: Record<(typeof WARM_CLIENTS)[number], WarmRun[]> = {
    modelbake: [],
    'modelbake-offline': [],
    hfjs: []
  }
  for (let round = 0; round < bench.options.runs; round++) {
    for (const client of roundOrder(WARM_CLIENTS, round)) {
      const run = await withActivity(bench, () =>
        client === 'hfjs'
          ? runHfjs(ctx, { repo, cacheDir: hfjsCache })
          : runModelbake(ctx, {
              repo,
              cacheDir: mbCache,
              offline: client === 'modelbake-offline'
            })
      )
      const failed = failure(run)
      if (failed) throw new Error(failed)
      runs[client].push(run)
      bench.log(
        `  round ${round + 1}/${bench.options.runs}  ${client.padEnd(18)} ${fmt.seconds(run.wallSeconds).padStart(8)}  ${run.activity.requests} requests, ${fmt.bytes(run.activity.fileBodyBytes)} of files`
      )
    }
  }
  await discard(mbCache)
  await discard(hfjsCache)

  const wall = (list: WarmRun[]) => list.map((r) => r.wallSeconds)
  const worst = (list: WarmRun[], pick: (a: HubActivity) => number) =>
    Math.max(...list.map((r) => pick(r.activity)))
  const mb = runs.modelbake
  const off = runs['modelbake-offline']
  const hf = runs.hfjs
  const mbWall = median(wall(mb))
  const speedup = pairedRatio(wall(hf), wall(mb))
  bench.rows.set('warm.wall', {
    modelbake: fmt.seconds(mbWall),
    baseline: `snapshotDownload, warm: ${fmt.seconds(median(wall(hf)))}`,
    ratio: fmt.speedup(speedup),
    met: mbWall < 2,
    values: { modelbakeSeconds: mbWall, baselineSeconds: median(wall(hf)), ratio: speedup }
  })
  const calls = (list: WarmRun[]) => {
    const a = list.reduce((w, r) => (r.activity.requests >= w.requests ? r.activity : w), {
      requests: -1
    } as HubActivity)
    return `${a.hubCalls} (${a.apiCalls} API, ${a.resolveCalls} resolve) + ${a.cdnCalls} CDN`
  }
  const mbHubCalls = worst(mb, (a) => a.hubCalls)
  bench.rows.set('warm.calls', {
    modelbake: calls(mb),
    baseline: `snapshotDownload: ${calls(hf)}`,
    ratio: '',
    met: mbHubCalls <= 1 && worst(mb, (a) => a.cdnCalls) === 0,
    values: {
      modelbakeHubCalls: mbHubCalls,
      modelbakeCdnCalls: worst(mb, (a) => a.cdnCalls),
      baselineHubCalls: worst(hf, (a) => a.hubCalls),
      repos: 1
    }
  })
  const mbBody = worst(mb, (a) => a.fileBodyBytes)
  const reported = Math.max(
    ...mb.map((r) => r.report?.repos.reduce((s, x) => s + x.downloadedBytes, 0) ?? NaN)
  )
  bench.rows.set('warm.body-bytes', {
    modelbake: `${fmt.bytes(mbBody)} (report: downloadedBytes ${reported})`,
    baseline: `snapshotDownload: ${fmt.bytes(worst(hf, (a) => a.fileBodyBytes))}`,
    ratio: '',
    met: mbBody === 0 && reported === 0,
    values: { modelbakeBytes: mbBody, reportedBytes: reported }
  })
  const offRequests = worst(off, (a) => a.requests)
  bench.rows.set('warm.offline', {
    modelbake: `${fmt.seconds(median(wall(off)))} (${offRequests} calls)`,
    baseline: '',
    ratio: '',
    met: offRequests === 0,
    values: { modelbakeSeconds: median(wall(off)), requests: offRequests }
  })
  bench.raw.warm = {
    repo: repo.id,
    runs: Object.fromEntries(WARM_CLIENTS.map((c) => [c, runs[c].map(summarizeRun)]))
  }
}
