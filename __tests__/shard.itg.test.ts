// A matrix of `--shard i/3` processes to one volume, then `modelbake assemble`: the same volume as a
// single run, built without any job downloading everything, and no reader ever seeing half of it.
import type { ChildProcess } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expectCacheConsistent, treeOf } from './helpers/cache-check.js'
import {
  cli,
  type CliRun,
  hubAndCache,
  spawnCli,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

let t: TestHub
let lockFile: string
let reference: string
beforeAll(async () => {
  t = await startTestHub()
  lockFile = join(await tempDir('mb-lock-'), 'modelbake.lock.json')
  reference = await tempDir('mb-volume-ref-')
  const single = await cli([
    ...SPECS,
    '--endpoint',
    t.hub.url,
    '--cache-dir',
    await tempDir(),
    '--to',
    `volume:${reference}`,
    '--lock',
    lockFile,
    '--quiet'
  ])
  expect(single).toMatchObject({ code: 0, stderr: '' })
})
afterAll(() => t.close())

const SPECS = [
  'acme/tiny-model:main',
  'acme/tiny-model:v1.0',
  'datasets/acme/tiny-dataset',
  'acme/shared-blobs'
]

function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  )
}

const shardArgs = (volume: string, cache: string, shard: string) => [
  ...SPECS,
  ...hubAndCache(t.hub.url, cache),
  '--to',
  `volume:${volume}`,
  '--locked',
  '--lock',
  lockFile,
  '--shard',
  shard,
  '--json',
  '--quiet'
]

const assembleArgs = (volume: string, extra: string[] = []) => [
  'assemble',
  ...SPECS,
  '--endpoint',
  t.hub.url,
  '--to',
  `volume:${volume}`,
  '--locked',
  '--lock',
  lockFile,
  '--json',
  '--quiet',
  ...extra
]

/** Snapshot folders, refs and listings anywhere under a cache: what readers follow. */
async function snapshotParts(cache: string): Promise<string[]> {
  const found: string[] = []
  for (const folder of (await readdir(cache).catch(() => [] as string[])).filter((f) =>
    f.includes('--')
  ))
    for (const part of ['snapshots', 'refs', 'trees'])
      if ((await readdir(join(cache, folder, part)).catch(() => [])).length > 0)
        found.push(`${folder}/${part}`)
  return found
}

describe('three shard processes, then assemble', () => {
  let volume: string
  let caches: string[]
  let shards: CliRun[]

  beforeAll(async () => {
    volume = await tempDir('mb-volume-')
    caches = await Promise.all([1, 2, 3].map(() => tempDir()))
    shards = await Promise.all(
      [1, 2, 3].map((i) => finished(spawnCli(shardArgs(volume, caches[i - 1], `${i}/3`))))
    )
  }, 60_000)

  test('each shard takes a share of the blobs, and together they take each blob once', async () => {
    for (const run of shards) expect(run).toMatchObject({ code: 0, stderr: '' })
    const reports = shards.map(
      (run) => JSON.parse(run.stdout) as { shard: { index: number; blobs: number; bytes: number } }
    )
    expect(reports.map((r) => r.shard.index)).toEqual([1, 2, 3])
    for (const r of reports) expect(r.shard.blobs).toBeGreaterThan(0)
    const { blobs } = await expectCacheConsistent(reference)
    expect(reports.reduce((s, r) => s + r.shard.blobs, 0)).toBe(blobs)
  })

  test('no shard wrote a snapshot, ref or listing, locally or on the volume', async () => {
    for (const cache of [...caches, volume]) expect(await snapshotParts(cache)).toEqual([])
    // ...and --json names none: a path there would point at nothing.
    for (const run of shards) {
      const report = JSON.parse(run.stdout) as { repos: Array<{ snapshotPath: unknown }> }
      expect(report.repos.map((r) => r.snapshotPath)).toEqual(report.repos.map(() => null))
    }
  })

  describe('assemble', () => {
    let run: CliRun
    let requests: typeof t.hub.requests

    beforeAll(async () => {
      t.hub.resetRequests()
      run = await cli(assembleArgs(volume))
      requests = [...t.hub.requests]
    })

    test('writes the snapshots without downloading or copying a weight', () => {
      expect(run).toMatchObject({ code: 0, stderr: '' })
      const report = JSON.parse(run.stdout) as {
        destinations: Array<{ writtenBytes: number; details: { copiedBlobs: number } }>
      }
      expect(report.destinations[0]).toMatchObject({
        writtenBytes: 0,
        details: { copiedBlobs: 0 }
      })
      expect(requests.length).toBeGreaterThan(0)
      expect(requests.filter((r) => r.origin === 'cdn')).toEqual([])
      // --locked: no revision is resolved, no file is read; only the commits' listings.
      expect(requests.filter((r) => !/^\/api\/\w+\/[^?]+\/tree\//.test(r.path))).toEqual([])
    })

    test('--json names each snapshot at the volume, where it exists', async () => {
      const report = JSON.parse(run.stdout) as { repos: Array<{ snapshotPath: string }> }
      expect(report.repos.length).toBeGreaterThan(0)
      for (const { snapshotPath } of report.repos) {
        expect(snapshotPath.startsWith(`${volume}/`)).toBe(true)
        expect((await stat(snapshotPath)).isDirectory()).toBe(true)
      }
    })

    test('the volume equals the one a single run wrote', async () => {
      expect(await treeOf(volume)).toEqual(await treeOf(reference))
      await expectCacheConsistent(volume)
    })

    test('readers resolve it offline, and its bytes verify against the lock', async () => {
      const offline = await cli([...SPECS, '--offline', '--cache-dir', volume, '--quiet'])
      expect(offline).toMatchObject({ code: 0, stderr: '' })
      const verify = await cli(['verify', '--lock', lockFile, '--cache-dir', volume])
      expect(verify.code).toBe(0)
    })
  })
})

test('a missing shard makes assemble fail, name that shard, and write nothing', async () => {
  const volume = await tempDir('mb-volume-')
  for (const shard of ['1/3', '3/3'])
    expect(await cli(shardArgs(volume, await tempDir(), shard))).toMatchObject({ code: 0 })
  const run = await cli(assembleArgs(volume, ['--shards', '3']))
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/lacks \d+ blob\(s\), so nothing was assembled/)
  expect(run.stderr).toMatch(/shard 2\/3/)
  expect(run.stderr).not.toMatch(/shard [13]\/3/)
  expect(await snapshotParts(volume)).toEqual([])
})

test.each(['0/3', '4/3', 'a/b', '1/0'])('--shard %s is a usage error', async (shard) => {
  const run = await cli(shardArgs(await tempDir('mb-volume-'), await tempDir(), shard))
  expect(run.code).toBe(2)
  expect(run.stderr).toMatch(new RegExp(`invalid shard "${shard}"`))
})

// (oci: and docker-archive: are refused with their own hint: see shard-image.itg.test.ts)
test.each(['tool-cache:/tmp/x', 'gha-cache'])(
  '--shard to %s is refused, naming what is supported',
  async (to) => {
    const run = await cli([
      'acme/tiny-model',
      '--endpoint',
      t.hub.url,
      '--shard',
      '1/2',
      '--to',
      to
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--shard cannot publish to/)
    expect(run.stderr).toMatch(/volume:DIR or --to s3:\/\//)
  }
)
