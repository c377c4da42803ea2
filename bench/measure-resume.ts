// 4. Resume: a cold run against a paced CDN is SIGKILLed once modelbake's own records say about
// half the model is on disk; a second run, unpaced, finishes. What matters is how many bytes the
// second run fetches again.
import type { ChildProcess } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { failure, runModelbake } from './clients.js'
import { discard, freshDir, summarizeRun, withActivity, type Bench } from './context.js'
import { cacheFolder } from './fixtures.js'
import { allocatedBytes } from './spawn.js'
import { fmt } from './stats.js'

const RECORD = '.modelbake.ranges.json'

/** Bytes modelbake has recorded as on disk: finished blobs plus the ranges in resume records. */
export async function recordedBytes(blobDir: string): Promise<number> {
  let total = 0
  for (const name of await readdir(blobDir).catch(() => [] as string[])) {
    const path = join(blobDir, name)
    if (name.endsWith(RECORD)) {
      try {
        const record = JSON.parse(await readFile(path, 'utf8')) as {
          ranges: Array<[number, number]>
        }
        total += record.ranges.reduce((s, [a, b]) => s + (b - a), 0)
      } catch {
        // being replaced right now: counted on the next look
      }
    } else if (!name.includes('.')) {
      total += (await stat(path).catch(() => ({ size: 0 }))).size
    }
  }
  return total
}

export async function measureResume(bench: Bench): Promise<void> {
  const repo = bench.fixtures.large
  const ctx = bench.clients
  const cache = await freshDir(bench, 'resume')
  const blobs = join(cache, cacheFolder(repo), 'blobs')
  // Paced so that the whole download would take ~12 s (3 s in smoke mode) with every stream busy.
  const pacedSeconds = bench.options.smoke ? 3 : 12
  const bytesPerSecond = Math.max(
    64 * 1024,
    Math.floor(repo.lfsBytes / (bench.options.concurrency * pacedSeconds))
  )
  const target = repo.totalBytes * 0.5
  let recordedAtKill = 0
  let killed = false
  const killAtHalf = (child: ChildProcess) => {
    void (async () => {
      while (child.exitCode === null && child.signalCode === null) {
        const recorded = await recordedBytes(blobs)
        if (recorded >= target) {
          recordedAtKill = recorded
          killed = child.kill('SIGKILL')
          return
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
  }
  bench.log(
    `resume: ${repo.id}, CDN paced to ${fmt.mib(bytesPerSecond)}/s per request, SIGKILL at 50% recorded`
  )
  bench.hub.faults = { bytesPerSecond, routes: ['cdn'] }
  let first
  try {
    first = await runModelbake(ctx, { repo, cacheDir: cache, onSpawn: killAtHalf })
  } finally {
    bench.hub.faults = undefined
  }
  if (!killed || first.signal !== 'SIGKILL') {
    bench.rows.notMeasured(
      'resume.refetched',
      `failed: the paced run ended (${first.signal ?? `exit ${first.code}`}) before 50% was recorded`,
      'failed'
    )
    await discard(cache)
    return
  }
  const allocatedAtKill = allocatedBytes(blobs)
  const second = await withActivity(bench, () => runModelbake(ctx, { repo, cacheDir: cache }))
  const failed = failure(second)
  if (failed) throw new Error(failed)
  await discard(cache)
  const fetched = second.activity.fileBodyBytes
  const reported = second.report?.repos.reduce((s, r) => s + r.downloadedBytes, 0) ?? NaN
  const fraction = fetched / repo.totalBytes
  bench.log(
    `  killed at ${fmt.percent(recordedAtKill / repo.totalBytes)} recorded (${fmt.percent(allocatedAtKill / repo.totalBytes)} allocated); the second run fetched ${fmt.percent(fraction)}`
  )
  bench.rows.set('resume.refetched', {
    modelbake: `${fmt.percent(fraction)} (${fmt.bytes(fetched)} in ${fmt.seconds(second.wallSeconds)})`,
    baseline: `killed at ${fmt.percent(recordedAtKill / repo.totalBytes)} recorded, ${fmt.percent(allocatedAtKill / repo.totalBytes)} allocated on disk`,
    ratio: '',
    met: fraction <= 0.55,
    values: {
      totalBytes: repo.totalBytes,
      recordedAtKill,
      allocatedAtKill,
      fetchedBytes: fetched,
      reportedDownloadedBytes: reported,
      fraction
    }
  })
  bench.raw.resume = {
    repo: repo.id,
    bytesPerSecondPerRequest: bytesPerSecond,
    first: summarizeRun(first),
    second: summarizeRun(second)
  }
}
