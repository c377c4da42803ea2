// `--to volume:DIR`: the warm snapshots copied to a mounted volume in the cache layout, end to end
// against the local hub: what lands there, what it cost, and what readers and other writers see.
import { lstat, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expectCacheConsistent } from './helpers/cache-check.js'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  type JsonReport,
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

type Report = JsonReport

const TINY = 'models--acme--tiny-model'
const REVISIONS = ['v1.0', 'main', 'dev', 'refs/pr/1'] as const
const SPECS = [...REVISIONS.map((r) => `acme/tiny-model:${r}`), 'datasets/acme/tiny-dataset']

/** Bytes of the distinct blobs of these repos at these revisions. */
function distinctBlobBytes(entries: Array<[string, string, ('model' | 'dataset')?]>): number {
  const sizes = new Map<string, number>()
  for (const [id, revision, type] of entries)
    for (const f of t.store.filesAt(id, revision, type).values())
      sizes.set(`${id}/${f.lfs ? f.sha256 : f.oid}`, f.size)
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

const specBlobBytes = () =>
  distinctBlobBytes([
    ...REVISIONS.map((r): [string, string] => ['acme/tiny-model', r]),
    ['acme/tiny-dataset', 'main', 'dataset']
  ])

async function warmTo(volume: string, cache: string, specs: string[], extra: string[] = []) {
  const run = await cli([
    ...specs,
    ...hubAndCache(t.hub.url, cache),
    '--to',
    `volume:${volume}`,
    '--json',
    '--quiet',
    ...extra
  ])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  return JSON.parse(run.stdout) as Report
}

describe('a multi-file, multi-revision publish', () => {
  let volume: string
  let cache: string
  let first: Report

  beforeAll(async () => {
    volume = await tempDir('mb-volume-')
    cache = await tempDir()
    first = await warmTo(volume, cache, SPECS)
  })

  test('copies every distinct blob once and reports it, with each snapshot location', () => {
    const [report] = first.destinations
    expect(report).toMatchObject({
      destination: `volume:${volume}`,
      writtenBytes: specBlobBytes(),
      skippedBytes: 0
    })
    expect(report.details).toMatchObject({ cacheDir: volume, symlinks: true })
    const { tinyModel, tinyDataset } = t.fixtures
    expect(report.locations).toEqual({
      'acme/tiny-model:v1.0': join(volume, TINY, 'snapshots', tinyModel.commits.first),
      'acme/tiny-model:main': join(volume, TINY, 'snapshots', tinyModel.commits.main),
      'acme/tiny-model:dev': join(volume, TINY, 'snapshots', tinyModel.commits.dev),
      'acme/tiny-model:refs/pr/1': join(volume, TINY, 'snapshots', tinyModel.commits.pr1),
      'datasets/acme/tiny-dataset': join(
        volume,
        'datasets--acme--tiny-dataset',
        'snapshots',
        tinyDataset.commits.main
      )
    })
  })

  test('the volume holds the hub bytes, in the cache layout, with refs, listings and CACHEDIR.TAG', async () => {
    const { tinyModel, tinyDataset } = t.fixtures
    for (const commit of Object.values(tinyModel.commits)) {
      await expectSnapshotMatchesHub(t, volume, {
        id: tinyModel.id,
        folder: TINY,
        commit,
        paths: [...t.store.filesAt(tinyModel.id, commit).keys()]
      })
    }
    await expectSnapshotMatchesHub(t, volume, {
      id: tinyDataset.id,
      type: 'dataset',
      folder: 'datasets--acme--tiny-dataset',
      commit: tinyDataset.commits.main,
      paths: tinyDataset.files
    })
    expect(await readFile(join(volume, TINY, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(
      tinyModel.commits.pr1
    )
    expect(await readFile(join(volume, TINY, 'refs', 'v1.0'), 'utf8')).toBe(tinyModel.commits.first)
    // Listings are byte for byte the local cache's.
    for (const commit of Object.values(tinyModel.commits)) {
      const path = join(TINY, 'trees', `${commit}.json`)
      expect(await readFile(join(volume, path), 'utf8')).toBe(
        await readFile(join(cache, path), 'utf8')
      )
    }
    expect((await readFile(join(volume, 'CACHEDIR.TAG'), 'utf8')).split('\n')[0]).toBe(
      'Signature: 8a477f597d28d172789f06886806bc55'
    )
    await expectCacheConsistent(volume)
    // Nothing of the publish is left behind: no staging folder, no lock, no temporary file.
    expect((await readdir(join(volume, TINY))).sort()).toEqual([
      'blobs',
      'refs',
      'snapshots',
      'trees'
    ])
    expect(await readdir(join(volume, '.locks', TINY))).toEqual([])
  })

  test('modelbake --offline resolves every revision from the volume, at the reported paths', async () => {
    const run = await cli([...SPECS, '--offline', '--cache-dir', volume, '--json', '--quiet'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const offline = JSON.parse(run.stdout) as Report
    const locations = first.destinations[0].locations
    expect(offline.repos.map((r) => r.snapshotPath)).toEqual(Object.values(locations))
  })

  test('a second run copies 0 bytes and skips them all', async () => {
    const again = await warmTo(volume, cache, SPECS)
    expect(again.destinations[0]).toMatchObject({ writtenBytes: 0, skippedBytes: specBlobBytes() })
    await expectCacheConsistent(volume)
  })

  test('a new revision copies only the blobs it adds', async () => {
    const other = await tempDir('mb-volume-')
    await warmTo(other, cache, ['acme/tiny-model:v1.0'])
    const report = await warmTo(other, cache, ['acme/tiny-model:main'])
    const added = distinctBlobBytes([
      ['acme/tiny-model', 'v1.0'],
      ['acme/tiny-model', 'main']
    ])
    const before = distinctBlobBytes([['acme/tiny-model', 'v1.0']])
    expect(report.destinations[0].writtenBytes).toBe(added - before)
    expect(report.destinations[0].writtenBytes).toBeGreaterThan(0)
  })
})

/** Run the CLI as a real process; resolve with its exit code and output. */
function spawned(argv: string[]) {
  const child = spawnCli(argv)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('concurrency', () => {
  test('two writers from two processes at once both succeed, each blob is copied once, and the volume verifies', async () => {
    const volume = await tempDir('mb-volume-')
    const specs = ['acme/tiny-model', 'acme/many-files', 'datasets/acme/tiny-dataset']
    const argv = (cache: string) => [
      ...specs,
      ...hubAndCache(t.hub.url, cache),
      '--to',
      `volume:${volume}`,
      '--json',
      '--quiet'
    ]
    const results = await Promise.all([
      spawned(argv(await tempDir())),
      spawned(argv(await tempDir()))
    ])
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' })
    const reports = results.map((r) => (JSON.parse(r.stdout) as Report).destinations[0])
    const total = distinctBlobBytes([
      ['acme/tiny-model', 'main'],
      ['acme/many-files', 'main'],
      ['acme/tiny-dataset', 'main', 'dataset']
    ])
    // Between them, every blob was copied exactly once; each writer skipped what the other copied.
    expect(reports[0].writtenBytes + reports[1].writtenBytes).toBe(total)
    for (const r of reports) expect(r.writtenBytes + r.skippedBytes).toBe(total)
    const { tinyModel, manyFiles } = t.fixtures
    await expectSnapshotMatchesHub(t, volume, {
      id: manyFiles.id,
      folder: 'models--acme--many-files',
      commit: manyFiles.commits.main,
      paths: manyFiles.files
    })
    await expectSnapshotMatchesHub(t, volume, {
      id: tinyModel.id,
      folder: TINY,
      commit: tinyModel.commits.main,
      paths: tinyModel.files
    })
    await expectCacheConsistent(volume)
  })

  test('a reader polling during a write never sees a partial snapshot', async () => {
    const volume = await tempDir('mb-volume-')
    const cache = await tempDir()
    const { manyFiles, tinyModel } = t.fixtures
    const specs = ['acme/many-files', 'acme/tiny-model:v1.0', 'acme/tiny-model:main']
    // Warm the local cache first, so that the run below is mostly the publish.
    expect((await cli([...specs, ...hubAndCache(t.hub.url, cache), '--quiet'])).code).toBe(0)
    const watched = [
      {
        folder: 'models--acme--many-files',
        ref: 'main',
        commit: manyFiles.commits.main,
        id: manyFiles.id
      },
      { folder: TINY, ref: 'v1.0', commit: tinyModel.commits.first, id: tinyModel.id },
      { folder: TINY, ref: 'main', commit: tinyModel.commits.main, id: tinyModel.id }
    ].map((w) => {
      const files = [...t.store.filesAt(w.id, w.commit).values()].sort((a, b) =>
        a.path < b.path ? -1 : 1
      )
      return { ...w, files }
    })
    const exists = (path: string) =>
      stat(path).then(
        () => true,
        () => false
      )
    const seen = { absent: 0, complete: 0, partial: [] as string[], polls: 0 }

    /** What a reader finds for one snapshot: nothing, all of it, or part of it. */
    const look = async (w: (typeof watched)[number], full: boolean) => {
      const dir = join(volume, w.folder, 'snapshots', w.commit)
      const ref = await readFile(join(volume, w.folder, 'refs', w.ref), 'utf8').catch(() => '')
      if (ref !== '' && ref !== w.commit) return `ref ${w.ref} → ${ref}`
      if (!(await exists(dir))) return ref ? `ref ${w.ref} before its snapshot` : 'absent'
      // The last file is linked last: a snapshot assembled in place would lack it for a while.
      const check = full ? w.files : [w.files[0], w.files[w.files.length - 1]]
      for (const f of check) {
        const info = await stat(join(dir, ...f.path.split('/'))).catch(() => undefined)
        if (info?.size !== f.size) return `${w.folder}@${w.commit.slice(0, 8)} lacks ${f.path}`
      }
      return 'complete'
    }

    const child = spawned([
      ...specs,
      ...hubAndCache(t.hub.url, cache),
      '--to',
      `volume:${volume}`,
      '--quiet'
    ])
    let running = true
    void child.then(() => (running = false))
    while (running) {
      seen.polls++
      for (const w of watched) {
        const state = await look(w, seen.polls % 10 === 0)
        if (state === 'absent') seen.absent++
        else if (state === 'complete') seen.complete++
        else seen.partial.push(state)
      }
    }
    expect((await child).code).toBe(0)
    for (const w of watched) expect(await look(w, true)).toBe('complete')
    expect(seen.partial).toEqual([])
    // The reader really watched the write happen.
    expect(seen.polls).toBeGreaterThan(5)
    expect(seen.absent).toBeGreaterThan(0)
  })
})

describe('--prune', () => {
  test('removes the revisions and blobs the specs no longer reference, in those repos only', async () => {
    const volume = await tempDir('mb-volume-')
    const cache = await tempDir()
    const { tinyModel, tinyDataset } = t.fixtures
    await warmTo(volume, cache, [
      'acme/tiny-model:v1.0',
      'acme/tiny-model:main',
      'datasets/acme/tiny-dataset'
    ])
    const blobsBefore = await readdir(join(volume, TINY, 'blobs'))

    const report = (await warmTo(volume, cache, ['acme/tiny-model:main'], ['--prune']))
      .destinations[0]
    expect(report.writtenBytes).toBe(0)
    const mainEtags = new Set(
      [...t.store.filesAt(tinyModel.id, 'main').values()].map((f) => (f.lfs ? f.sha256 : f.oid))
    )
    const removed = blobsBefore.filter((b) => !mainEtags.has(b))
    expect(removed.length).toBeGreaterThan(0)
    expect(report.details.pruned).toMatchObject({
      revisions: ['v1.0'],
      snapshots: [tinyModel.commits.first],
      blobs: removed.length
    })
    expect((await readdir(join(volume, TINY, 'blobs'))).sort()).toEqual([...mainEtags].sort())
    expect(await readdir(join(volume, TINY, 'refs'))).toEqual(['main'])
    expect(await readdir(join(volume, TINY, 'snapshots'))).toEqual([tinyModel.commits.main])
    expect(await readdir(join(volume, TINY, 'trees'))).toEqual([`${tinyModel.commits.main}.json`])
    // Another repo the specs do not name is untouched.
    await expectSnapshotMatchesHub(t, volume, {
      id: tinyDataset.id,
      type: 'dataset',
      folder: 'datasets--acme--tiny-dataset',
      commit: tinyDataset.commits.main,
      paths: tinyDataset.files
    })
    await expectCacheConsistent(volume)
    // Without --prune nothing is removed.
    await warmTo(volume, cache, ['acme/tiny-model:v1.0'])
    await warmTo(volume, cache, ['acme/tiny-model:main'])
    expect((await lstat(join(volume, TINY, 'refs', 'v1.0'))).isFile()).toBe(true)
  })
})
