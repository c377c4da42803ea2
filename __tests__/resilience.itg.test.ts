// What happens when the network or the Hub misbehaves, when a run is killed, and when two runs
// share a cache. The invariant everywhere: every blob in the cache hashes to its name, every
// snapshot link leads to a blob, and nothing partial sits at a snapshot path.
import { execFileSync } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FaultConfig } from '../src/localhub/faults.js'
import { expectCacheConsistent } from './helpers/cache-check.js'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  spawnCli,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())
beforeEach(() => {
  t.hub.faults = undefined
  t.hub.resetRequests()
})

const FAST_RETRIES = { MODELBAKE_RETRY_BASE_MS: '1', MODELBAKE_RETRIES: '8' }

describe('faults from the hub', () => {
  test('5xx, 429 with Retry-After, cut bodies and slow answers are retried until the cache is complete and verified', async () => {
    const cache = await tempDir()
    t.hub.faults = {
      seed: 7,
      error5xx: 0.25,
      rateLimit429: 0.15,
      retryAfterSeconds: 0,
      cutMidBody: 0.25,
      slowMs: 5
    }
    const run = await cli(
      [
        'acme/tiny-model',
        'datasets/acme/tiny-dataset',
        'acme/awkward-names',
        ...hubAndCache(t.hub.url, cache),
        '--json'
      ],
      FAST_RETRIES
    )
    const injected = t.hub.faultsInjected
    t.hub.faults = undefined
    expect(run.stderr).toContain('retrying')
    expect(run.code).toBe(0)
    expect(injected.error5xx).toBeGreaterThan(2)
    expect(injected.rateLimit429).toBeGreaterThan(0)
    expect(injected.cutMidBody).toBeGreaterThan(2)
    const { tinyModel, tinyDataset, awkwardNames } = t.fixtures
    await expectSnapshotMatchesHub(t, cache, {
      id: tinyModel.id,
      folder: 'models--acme--tiny-model',
      commit: tinyModel.commits.main,
      paths: tinyModel.files
    })
    await expectSnapshotMatchesHub(t, cache, {
      id: tinyDataset.id,
      type: 'dataset',
      folder: 'datasets--acme--tiny-dataset',
      commit: tinyDataset.commits.main,
      paths: tinyDataset.files
    })
    await expectSnapshotMatchesHub(t, cache, {
      id: awkwardNames.id,
      folder: 'models--acme--awkward-names',
      commit: awkwardNames.commits.main,
      paths: awkwardNames.files
    })
    await expectCacheConsistent(cache)
  })

  test('bytes corrupted in transit never reach the cache: retried, or refused with a clear error', async () => {
    for (const seed of [1, 2, 3]) {
      const cache = await tempDir()
      t.hub.faults = { seed, corrupt: 0.3, routes: ['resolve', 'cdn'] }
      const run = await cli(
        ['acme/tiny-model', 'acme/awkward-names', ...hubAndCache(t.hub.url, cache)],
        FAST_RETRIES
      )
      expect(t.hub.faultsInjected.corrupt).toBeGreaterThan(0)
      if (run.code !== 0) expect(run.stderr).toMatch(/mismatch/)
      await expectCacheConsistent(cache)
    }
  })

  test('a CDN that always corrupts: bounded retries, then a clear error, and no blob or link', async () => {
    const cache = await tempDir()
    t.hub.faults = { seed: 3, corrupt: 1, routes: ['cdn'] }
    const run = await cli(
      ['acme/tiny-model', '--allow', '*.safetensors', ...hubAndCache(t.hub.url, cache)],
      FAST_RETRIES
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /acme\/tiny-model: model\.safetensors: sha256 mismatch \(expected [0-9a-f]{64}, got [0-9a-f]{64}\)/
    )
    expect(run.stderr).toContain('→')
    // Three whole attempts, not an endless loop.
    expect(t.hub.requests.filter((r) => r.origin === 'cdn').length).toBe(3)
    expect(await readdir(join(cache, 'models--acme--tiny-model', 'blobs')).catch(() => [])).toEqual(
      []
    )
    await expect(stat(join(cache, 'models--acme--tiny-model', 'snapshots'))).rejects.toThrow()
  })

  test('retries are bounded: a hub that always fails ends the run with the last error', async () => {
    const cache = await tempDir()
    t.hub.faults = { seed: 1, error5xx: 1 }
    const run = await cli(['acme/tiny-model', ...hubAndCache(t.hub.url, cache)], {
      MODELBAKE_RETRY_BASE_MS: '1',
      MODELBAKE_RETRIES: '3'
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/HTTP 5\d\d/)
    expect(t.hub.requests.length).toBe(4)
  })

  test.each([
    ['different bytes of the same size', { bytes: 'other bytes!' }, /mismatch/],
    ['a different size', { size: 3 }, /bytes, the listing says|listing/]
  ])('a hub that lies about a file (%s) is refused', async (_name, lie, message) => {
    const id = `acme/liar-${Math.random().toString(36).slice(2, 8)}`
    t.store.createRepo(id)
    await t.store.commit(id, { files: { 'config.json': 'x'.repeat(12), 'ok.txt': 'fine' } })
    const options = 'bytes' in lie ? { bytes: Buffer.from(lie.bytes) } : { size: lie.size }
    await t.store.lie(id, 'config.json', options)
    const cache = await tempDir()
    const run = await cli([id, ...hubAndCache(t.hub.url, cache)], FAST_RETRIES)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(id)
    expect(run.stderr).toContain('config.json')
    expect(run.stderr).toMatch(message)
    await expectCacheConsistent(cache)
  })
})

describe('writes past the page cache', () => {
  const cachedBytes = (path: string) =>
    Number(
      execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', path], {
        encoding: 'utf8'
      }).trim()
    )

  // Sizes end in 333: the tail is no whole block. 100 MiB goes in parallel ranges of 16 MiB; the cut
  // file is fetched as one stream (under 64 MiB), so that no range runs ahead of the hash and gets
  // read back from disk, which would bring it into the cache by reading.
  const cases: Array<[string, number, FaultConfig | undefined, Record<string, string>]> = [
    ['a clean download in ranges', 100, undefined, {}],
    [
      'bodies cut at odd offsets, resumed there',
      40,
      { seed: 3, cutMidBody: 0.6, routes: ['cdn'] },
      {}
    ],
    ['MODELBAKE_DIRECT_IO=off', 40, undefined, { MODELBAKE_DIRECT_IO: 'off' }]
  ]
  test.each(cases)(
    '%s: the weights match the hub byte for byte; their writes stay out of the page cache but for the unaligned pieces, unless turned off',
    async (name, mib, faults, env) => {
      const id = `acme/direct-${cases.findIndex((c) => c[0] === name)}`
      const size = mib * 1024 * 1024 + 333
      t.store.createRepo(id)
      const commit = await t.store.commit(id, {
        files: { 'model.safetensors': { size, seed: id } }
      })
      const cache = await tempDir()
      t.hub.faults = faults
      const run = await cli([id, ...hubAndCache(t.hub.url, cache), '--quiet'], {
        ...FAST_RETRIES,
        ...env
      })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const folder = `models--${id.replace('/', '--')}`
      const [blob] = await readdir(join(cache, folder, 'blobs'))
      // Before anything reads the blob (the byte check below brings it into the cache).
      const cached = cachedBytes(join(cache, folder, 'blobs', blob))
      await expectSnapshotMatchesHub(t, cache, { id, folder, commit, paths: ['model.safetensors'] })
      if (env.MODELBAKE_DIRECT_IO === 'off') return expect(cached).toBe(size + 4096 - (size % 4096))
      const cuts = t.hub.faultsInjected.cutMidBody
      if (faults) expect(cuts).toBeGreaterThan(0)
      // Each cut leaves at most one slab (1 MiB) written through the cache, up to the next boundary.
      expect(cached).toBeLessThanOrEqual(4096 + cuts * 1024 * 1024)
    }
  )
})

describe('crashes', () => {
  test('SIGKILL mid-file: nothing at the snapshot path, and the next run resumes from the bytes on disk', async () => {
    const id = 'acme/big-weights'
    const size = 96 * 1024 * 1024
    t.store.createRepo(id)
    const commit = await t.store.commit(id, {
      files: { 'model.safetensors': { size, seed: 'big' }, 'config.json': '{}' }
    })
    const cache = await tempDir()
    const blobs = join(cache, 'models--acme--big-weights', 'blobs')
    t.hub.faults = { bytesPerSecond: 8 * 1024 * 1024, routes: ['cdn'] }

    const child = spawnCli([id, ...hubAndCache(t.hub.url, cache), '--quiet'])
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code))
    )
    // Kill once the resume record says at least 40% is on disk.
    const deadline = Date.now() + 30_000
    let onDisk = 0
    while (Date.now() < deadline) {
      const names = await readdir(blobs).catch(() => [] as string[])
      const record = names.find((n) => n.endsWith('.modelbake.ranges.json'))
      if (record) {
        const ranges = JSON.parse(
          await readFile(join(blobs, record), 'utf8').catch(() => '{"ranges":[]}')
        ).ranges as Array<[number, number]>
        onDisk = ranges.reduce((s, [a, b]) => s + (b - a), 0)
        if (onDisk >= size * 0.4) break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    await exited
    t.hub.faults = undefined
    expect(onDisk).toBeGreaterThanOrEqual(size * 0.4)
    // Nothing half-written is visible: no weights link, no blob under its final name.
    await expect(
      stat(join(cache, 'models--acme--big-weights', 'snapshots', commit, 'model.safetensors'))
    ).rejects.toThrow()
    const sha = t.store.filesAt(id, commit).get('model.safetensors')!.sha256
    await expect(stat(join(blobs, sha))).rejects.toThrow()

    t.hub.resetRequests()
    const run = await cli([id, ...hubAndCache(t.hub.url, cache), '--json', '--quiet'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout).repos[0]
    // The second run fetched only what was missing (plus what had not been recorded yet).
    expect(report.downloadedBytes).toBeLessThanOrEqual(size - onDisk + 2)
    expect(report.reusedBytes).toBeGreaterThanOrEqual(onDisk)
    await expectSnapshotMatchesHub(t, cache, {
      id,
      folder: 'models--acme--big-weights',
      commit,
      paths: ['model.safetensors', 'config.json']
    })
    expect(await readdir(blobs)).toHaveLength(2)
    await expectCacheConsistent(cache)
  })
})

describe('concurrency', () => {
  test('two processes warming one cache at once both succeed, and each blob is fetched once', async () => {
    const cache = await tempDir()
    const argv = [
      'acme/tiny-model',
      'acme/many-files',
      ...hubAndCache(t.hub.url, cache),
      '--json',
      '--quiet'
    ]
    // Slow the bodies a little so that the two runs really overlap.
    t.hub.faults = { slowMs: 20, routes: ['resolve', 'cdn'] }
    const runs = [spawnCli(argv), spawnCli(argv)].map(
      (child) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          let stdout = ''
          let stderr = ''
          child.stdout!.on('data', (d) => (stdout += d))
          child.stderr!.on('data', (d) => (stderr += d))
          child.on('exit', (code) => resolve({ code, stdout, stderr }))
        })
    )
    const results = await Promise.all(runs)
    t.hub.faults = undefined
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' })
    const downloaded = results.map((r) =>
      JSON.parse(r.stdout).repos.reduce(
        (s: number, x: { downloadedBytes: number }) => s + x.downloadedBytes,
        0
      )
    )
    const { tinyModel, manyFiles } = t.fixtures
    const total = [tinyModel, manyFiles].reduce(
      (s, repo) =>
        s + [...t.store.filesAt(repo.id, 'main').values()].reduce((a, f) => a + f.size, 0),
      0
    )
    // Between them, the two runs downloaded each blob once.
    expect(downloaded[0] + downloaded[1]).toBeLessThanOrEqual(total)
    const fetches = t.hub.requests.filter(
      (r) => (r.origin === 'cdn' || r.path.includes('/resolve/')) && r.status < 300
    )
    const perPath = new Map<string, number>()
    for (const r of fetches)
      perPath.set(r.path.split('?')[0], (perPath.get(r.path.split('?')[0]) ?? 0) + 1)
    expect([...perPath.values()].every((n) => n === 1)).toBe(true)
    await expectSnapshotMatchesHub(t, cache, {
      id: tinyModel.id,
      folder: 'models--acme--tiny-model',
      commit: tinyModel.commits.main,
      paths: tinyModel.files
    })
    await expectSnapshotMatchesHub(t, cache, {
      id: manyFiles.id,
      folder: 'models--acme--many-files',
      commit: manyFiles.commits.main,
      paths: manyFiles.files
    })
    await expectCacheConsistent(cache)
  })
})
