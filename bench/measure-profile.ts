// --profile: one more cold modelbake run, under `node --cpu-prof` (not counted in any median),
// and where its main thread spent its time.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { failure, runModelbake } from './clients.js'
import { discard, freshDir, type Bench } from './context.js'
import {
  profileMarkdown,
  summarizeProfile,
  type CpuProfile,
  type ProfileSummary
} from './profile.js'
import { fmt } from './stats.js'

export async function measureProfile(
  bench: Bench
): Promise<{ summary: ProfileSummary; markdown: string; file: string }> {
  const repo = bench.fixtures.large
  const cache = await freshDir(bench, 'profile')
  const profDir = await freshDir(bench, 'cpu-prof')
  bench.log(`profile: one cold modelbake run of ${repo.id} under node --cpu-prof`)
  const run = await runModelbake(bench.clients, {
    repo,
    cacheDir: cache,
    nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profDir]
  })
  const failed = failure(run)
  if (failed) throw new Error(failed)
  await discard(cache)
  const name = (await readdir(profDir)).find((n) => n.endsWith('.cpuprofile'))
  if (!name) throw new Error('node --cpu-prof wrote no profile')
  const profile = JSON.parse(await readFile(join(profDir, name), 'utf8')) as CpuProfile
  const summary = summarizeProfile(profile, 20)
  await mkdir(bench.options.resultsDir, { recursive: true })
  const file = join(bench.options.resultsDir, 'modelbake-cold.cpuprofile')
  await rm(file, { force: true })
  await rename(join(profDir, name), file).catch(async () => {
    // another file system: keep the summary only
  })
  await rm(profDir, { recursive: true, force: true })
  const cpu = run.usage ? run.usage.userSeconds + run.usage.systemSeconds : NaN
  const markdown = profileMarkdown(
    summary,
    `Where a cold modelbake run spends its main thread (${fmt.bytes(repo.totalBytes)}, ${fmt.seconds(run.wallSeconds)} wall under the profiler, ${cpu.toFixed(2)} s CPU in all threads)`
  )
  bench.raw.profile = { wallSeconds: run.wallSeconds, cpuSeconds: cpu, summary }
  return { summary, markdown, file }
}
