// 7. Image build (`--to oci:DIR`) vs one pass of `tar -c | openssl dgst -sha256` over the same
// snapshot, and a second push (`--to docker://`) of the same image to a local registry, when this
// build of modelbake has the image destinations; marked placeholders if not.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { failure, runModelbake, runTarOpenssl, type ClientRun } from './clients.js'
import { discard, freshDir, summarizeRun, type Bench } from './context.js'
import { cacheFolder } from './fixtures.js'
import { fmt, median, pairedRatio, roundOrder } from './stats.js'
import type { TestRegistry } from '../__tests__/helpers/registry.js'

export const NEEDS_IMAGE = 'not yet measured: needs the image destination'

/** The destinations `modelbake --help` lists. */
export function helpText(bench: Bench): string {
  const nodeArgs = bench.clients.programs.modelbake.nodeArgs
  const help = spawnSync(process.execPath, [...nodeArgs, '--help'], {
    env: bench.clients.env,
    encoding: 'utf8'
  })
  return `${help.stdout ?? ''}`
}

export async function measureImage(bench: Bench): Promise<void> {
  const help = helpText(bench)
  const hasOci = /\boci:/.test(help)
  const hasDocker = /docker:\/\//.test(help)
  if (!hasOci) bench.rows.notMeasured('image.build', NEEDS_IMAGE)
  if (!hasDocker) bench.rows.notMeasured('image.second-push', NEEDS_IMAGE)
  if (!hasOci && !hasDocker) {
    bench.log(`image: ${NEEDS_IMAGE} (modelbake --help lists neither oci: nor docker://)`)
    return
  }
  const repo = bench.fixtures.large
  const cache = await freshDir(bench, 'image-cache')
  const warm = await runModelbake(bench.clients, { repo, cacheDir: cache })
  const failed = failure(warm)
  if (failed) throw new Error(failed)
  try {
    if (hasOci) await measureBuild(bench, cache)
    if (hasDocker) await measureSecondPush(bench, cache)
  } finally {
    await discard(cache)
  }
}

/** `--to oci:DIR` from a warm cache vs tar | openssl over the snapshot, alternated. */
async function measureBuild(bench: Bench, cache: string): Promise<void> {
  const repo = bench.fixtures.large
  const ctx = bench.clients
  const snapshot = join(cache, cacheFolder(repo), 'snapshots', repo.commit)
  const runs = { modelbake: [] as ClientRun[], tar: [] as ClientRun[] }
  bench.log(`image build of ${repo.id} into oci:DIR vs tar | openssl over the snapshot`)
  try {
    for (let round = 0; round < bench.options.runs; round++) {
      for (const client of roundOrder(['modelbake', 'tar'] as const, round)) {
        if (client === 'tar') {
          const run = await runTarOpenssl(ctx, { dir: snapshot })
          const why = failure(run)
          if (why) throw new Error(why)
          runs.tar.push(run)
        } else {
          const out = await freshDir(bench, 'oci')
          const run = await runModelbake(ctx, {
            repo,
            cacheDir: cache,
            extraArgs: ['--to', `oci:${join(out, 'image')}`]
          })
          const why = failure(run)
          await discard(out)
          if (why) throw new Error(why)
          runs.modelbake.push(run)
        }
        const last = runs[client][runs[client].length - 1]!
        bench.log(
          `  round ${round + 1}/${bench.options.runs}  ${client.padEnd(10)} ${fmt.seconds(last.wallSeconds)}`
        )
      }
    }
  } catch (error) {
    bench.rows.notMeasured('image.build', `failed: ${(error as Error).message}`, 'failed')
    return
  }
  const wall = (list: ClientRun[]) => list.map((r) => r.wallSeconds)
  const ratio = pairedRatio(wall(runs.tar), wall(runs.modelbake))
  bench.rows.set('image.build', {
    modelbake: `${fmt.seconds(median(wall(runs.modelbake)))} (warm cache → oci:DIR)`,
    baseline: `tar | openssl: ${fmt.seconds(median(wall(runs.tar)))}`,
    ratio: fmt.ratio(ratio),
    met: ratio >= 1,
    values: {
      modelbakeSeconds: median(wall(runs.modelbake)),
      baselineSeconds: median(wall(runs.tar)),
      ratio
    }
  })
  bench.raw.imageBuild = {
    repo: repo.id,
    modelbake: runs.modelbake.map(summarizeRun),
    tarOpenssl: runs.tar.map(summarizeRun)
  }
}

/**
 * `--to docker://` twice to a real registry (the CNCF distribution registry the image tests use,
 * behind their recording proxy): the second push should send no blob bytes at all.
 */
async function measureSecondPush(bench: Bench, cache: string): Promise<void> {
  const repo = bench.fixtures.large
  const ctx = bench.clients
  let registry: TestRegistry
  let uploaded: (requests: TestRegistry['requests']) => number
  try {
    const helpers = await import('../__tests__/helpers/registry.js')
    registry = await helpers.startRegistry('none')
    uploaded = helpers.uploadedBytes
  } catch (error) {
    const why = (error as Error).message.split('\n')[0]
    bench.rows.notMeasured('image.second-push', `not measured: no registry to push to (${why})`)
    return
  }
  try {
    const ref = `docker://${registry.host}/bench/${repo.id.split('/')[1]!.toLowerCase()}:latest`
    bench.log(`image push of ${repo.id} to a local registry, then again`)
    const first = await runModelbake(ctx, { repo, cacheDir: cache, extraArgs: ['--to', ref] })
    const why = failure(first)
    if (why) {
      bench.rows.notMeasured('image.second-push', `failed: ${why}`, 'failed')
      return
    }
    const firstBytes = uploaded(registry.requests)
    bench.log(`  first push  ${fmt.seconds(first.wallSeconds)}  ${fmt.bytes(firstBytes)} of blobs`)
    const again: Array<{ run: ClientRun; bytes: number }> = []
    for (let round = 0; round < bench.options.runs; round++) {
      registry.requests.length = 0
      const run = await runModelbake(ctx, { repo, cacheDir: cache, extraArgs: ['--to', ref] })
      const failed = failure(run)
      if (failed) {
        bench.rows.notMeasured('image.second-push', `failed: ${failed}`, 'failed')
        return
      }
      again.push({ run, bytes: uploaded(registry.requests) })
      bench.log(
        `  push again  ${fmt.seconds(run.wallSeconds)}  ${fmt.bytes(again[again.length - 1]!.bytes)} of blobs, ${registry.requests.length} registry requests`
      )
    }
    const worst = Math.max(...again.map((a) => a.bytes))
    const wall = median(again.map((a) => a.run.wallSeconds))
    bench.rows.set('image.second-push', {
      modelbake: `${fmt.bytes(worst)} of blobs (${fmt.seconds(wall)})`,
      baseline: `first push: ${fmt.bytes(firstBytes)} (${fmt.seconds(first.wallSeconds)})`,
      ratio: '',
      met: worst === 0,
      values: { blobBytes: worst, seconds: wall, firstPushBytes: firstBytes }
    })
    bench.raw.imagePush = {
      repo: repo.id,
      first: summarizeRun(first),
      again: again.map((a) => ({ ...summarizeRun(a.run), blobBytes: a.bytes }))
    }
  } finally {
    await registry.close()
  }
}
