// `--to tool-cache`: snapshots kept in a self-hosted runner's tool cache between jobs, end to end
// against the local hub: the layout @actions/tool-cache uses, one copy of the weights on the disk,
// a later job that downloads nothing, and what each run reports.
import { jest } from '@jest/globals'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { arch, tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatBytes } from '../src/report/format.js'
import { expectCacheConsistent } from './helpers/cache-check.js'
import { runActionStep } from './helpers/cache-service.js'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  type JsonReport,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

jest.setTimeout(120_000)

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

type Report = JsonReport

const TINY = 'models--acme--tiny-model'
const DATASET = 'datasets--acme--tiny-dataset'
const REVISIONS = ['v1.0', 'main', 'dev', 'refs/pr/1'] as const
const SPECS = [...REVISIONS.map((r) => `acme/tiny-model:${r}`), 'datasets/acme/tiny-dataset']

async function job(
  specs: string[],
  cache: string,
  toolCache: string,
  extra: string[] = []
): Promise<Report> {
  const run = await cli(
    [
      ...specs,
      ...hubAndCache(t.hub.url, cache),
      '--to',
      'tool-cache',
      '--json',
      '--quiet',
      ...extra
    ],
    { RUNNER_TOOL_CACHE: toolCache }
  )
  expect(run).toMatchObject({ code: 0, stderr: '' })
  return JSON.parse(run.stdout) as Report
}

/** `<tool cache>/hf-<folder>/<commit>/<arch>`, as @actions/tool-cache lays a tool out. */
const entryDir = (toolCache: string, folder: string, commit: string) =>
  join(toolCache, `hf-${folder}`, commit, arch())

/** Bytes of the distinct blobs of a repo at a commit: what one entry holds. */
function entryBytes(id: string, commit: string, type: 'model' | 'dataset' = 'model'): number {
  const sizes = new Map<string, number>()
  for (const f of t.store.filesAt(id, commit, type).values())
    sizes.set(f.lfs ? f.sha256 : f.oid, f.size)
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

/** Bytes of the distinct blobs of a repo over several commits: what one HF cache holds. */
function repoBytes(id: string, commits: string[], type: 'model' | 'dataset' = 'model'): number {
  const sizes = new Map<string, number>()
  for (const commit of commits)
    for (const f of t.store.filesAt(id, commit, type).values())
      sizes.set(f.lfs ? f.sha256 : f.oid, f.size)
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

const hubFileRequests = () =>
  t.hub.requests.filter((r) => r.origin === 'cdn' || r.path.includes('/resolve/'))

describe('one job stores the snapshots, a later job on the same host finds them', () => {
  let toolCache: string
  let cache: string
  let cold: Report
  let commits: string[]
  let total: number

  beforeAll(async () => {
    toolCache = await tempDir('mb-toolcache-')
    cache = await tempDir()
    cold = await job(SPECS, cache, toolCache)
    const { tinyModel, tinyDataset } = t.fixtures
    commits = [
      tinyModel.commits.first,
      tinyModel.commits.main,
      tinyModel.commits.dev,
      tinyModel.commits.pr1
    ]
    total =
      commits.reduce((sum, c) => sum + entryBytes(tinyModel.id, c), 0) +
      entryBytes(tinyDataset.id, tinyDataset.commits.main, 'dataset')
  })

  test('one tool per repo, one version per commit, each marked .complete as @actions/tool-cache marks it', async () => {
    const { tinyModel, tinyDataset } = t.fixtures
    expect((await readdir(toolCache)).sort()).toEqual([`hf-${DATASET}`, `hf-${TINY}`])
    expect((await readdir(join(toolCache, `hf-${TINY}`))).sort()).toEqual([...commits].sort())
    for (const [folder, commit] of [
      ...commits.map((c) => [TINY, c]),
      [DATASET, tinyDataset.commits.main]
    ]) {
      const dir = entryDir(toolCache, folder, commit)
      // Only the tool folder and its empty marker: no lock or staging folder left behind.
      expect((await readdir(join(dir, '..'))).sort()).toEqual([arch(), `${arch()}.complete`])
      expect(await readFile(`${dir}.complete`, 'utf8')).toBe('')
      // Each is a hub cache root with that repo at that commit only.
      expect((await readdir(dir)).sort()).toEqual(['CACHEDIR.TAG', folder])
      expect(await readdir(join(dir, folder, 'snapshots'))).toEqual([commit])
      expect(await readdir(join(dir, folder, 'trees'))).toEqual([`${commit}.json`])
    }
    expect(
      await readFile(
        join(entryDir(toolCache, TINY, tinyModel.commits.pr1), TINY, 'refs', 'refs', 'pr', '1'),
        'utf8'
      )
    ).toBe(tinyModel.commits.pr1)
  })

  test('reports what it stored (hard links, nothing copied) and where', () => {
    const [report] = cold.destinations
    const { tinyModel, tinyDataset } = t.fixtures
    expect(report).toMatchObject({
      destination: 'tool-cache',
      writtenBytes: total,
      skippedBytes: 0,
      restore: { hit: false, restoredBytes: 0 }
    })
    expect(report.details).toMatchObject({
      cacheHit: false,
      toolCacheDir: toolCache,
      linkedBytes: total,
      copiedBlobs: 0,
      copiedBytes: 0
    })
    const snapshot = (folder: string, commit: string) =>
      join(entryDir(toolCache, folder, commit), folder, 'snapshots', commit)
    expect(report.locations).toEqual({
      'acme/tiny-model:v1.0': snapshot(TINY, tinyModel.commits.first),
      'acme/tiny-model:main': snapshot(TINY, tinyModel.commits.main),
      'acme/tiny-model:dev': snapshot(TINY, tinyModel.commits.dev),
      'acme/tiny-model:refs/pr/1': snapshot(TINY, tinyModel.commits.pr1),
      'datasets/acme/tiny-dataset': snapshot(DATASET, tinyDataset.commits.main)
    })
  })

  test('the weights are on the disk once: every entry and the job cache share the inode', async () => {
    const { tinyModel } = t.fixtures
    const weights = t.store.filesAt(tinyModel.id, tinyModel.commits.main).get('model.safetensors')!
    const blob = (root: string) => join(root, TINY, 'blobs', weights.sha256)
    const inCache = await stat(blob(cache))
    for (const commit of commits) {
      const inTool = await stat(blob(entryDir(toolCache, TINY, commit)))
      expect(inTool.ino).toBe(inCache.ino)
    }
    expect(inCache.nlink).toBe(1 + commits.length)
  })

  test('each entry verifies against the hub, and resolves offline at the reported path', async () => {
    const { tinyModel, tinyDataset } = t.fixtures
    const revisionOf = Object.fromEntries(REVISIONS.map((r) => [resolveCommit(r), r]))
    for (const commit of commits) {
      const dir = entryDir(toolCache, TINY, commit)
      await expectSnapshotMatchesHub(t, dir, {
        id: tinyModel.id,
        folder: TINY,
        commit,
        paths: [...t.store.filesAt(tinyModel.id, commit).keys()]
      })
      await expectCacheConsistent(dir)
      const revision = revisionOf[commit]
      const offline = await cli([
        `acme/tiny-model:${revision}`,
        '--offline',
        '--cache-dir',
        dir,
        '--json'
      ])
      expect(offline.code).toBe(0)
      const [repo] = (JSON.parse(offline.stdout) as Report).repos
      expect(repo.snapshotPath).toBe(cold.destinations[0].locations[`acme/tiny-model:${revision}`])
    }
    await expectSnapshotMatchesHub(t, entryDir(toolCache, DATASET, tinyDataset.commits.main), {
      id: tinyDataset.id,
      type: 'dataset',
      folder: DATASET,
      commit: tinyDataset.commits.main,
      paths: tinyDataset.files
    })
  })

  describe('a later job with an empty cache', () => {
    let cache2: string
    let warm: Report
    beforeAll(async () => {
      cache2 = await tempDir()
      t.hub.resetRequests()
      warm = await job(SPECS, cache2, toolCache)
    })

    test('finds every file before downloading: cache-hit, no file from the Hub, 0 bytes stored', () => {
      const { tinyModel, tinyDataset } = t.fixtures
      expect(hubFileRequests()).toEqual([])
      expect(warm.repos.map((r) => r.downloadedBytes)).toEqual(SPECS.map(() => 0))
      const [report] = warm.destinations
      expect(report.restore).toEqual({
        hit: true,
        restoredBytes:
          repoBytes(tinyModel.id, commits) +
          repoBytes(tinyDataset.id, [tinyDataset.commits.main], 'dataset')
      })
      expect(report).toMatchObject({ writtenBytes: 0, skippedBytes: total })
      expect(report.details).toMatchObject({ cacheHit: true, linkedBytes: 0, copiedBytes: 0 })
    })

    test('its cache links to the same inodes, verifies against the hub and resolves offline', async () => {
      const { tinyModel } = t.fixtures
      for (const commit of commits) {
        await expectSnapshotMatchesHub(t, cache2, {
          id: tinyModel.id,
          folder: TINY,
          commit,
          paths: [...t.store.filesAt(tinyModel.id, commit).keys()]
        })
      }
      await expectCacheConsistent(cache2)
      for (const blob of await readdir(join(cache2, TINY, 'blobs'))) {
        const here = await stat(join(cache2, TINY, 'blobs', blob))
        expect(here.ino).toBe((await stat(join(cache, TINY, 'blobs', blob))).ino)
      }
      const offline = await cli([...SPECS, '--offline', '--cache-dir', cache2, '--json'])
      expect(offline.code).toBe(0)
    })
  })
})

/** The commit a revision of acme/tiny-model names, from the fixtures. */
function resolveCommit(revision: string): string {
  const { commits } = t.fixtures.tinyModel
  return { 'v1.0': commits.first, main: commits.main, dev: commits.dev, 'refs/pr/1': commits.pr1 }[
    revision
  ]!
}

test('an entry stored with narrower patterns is completed by a later job, and is a hit only then', async () => {
  const toolCache = await tempDir('mb-toolcache-')
  const { tinyModel } = t.fixtures
  const dir = entryDir(toolCache, TINY, tinyModel.commits.main)
  await job(['acme/tiny-model'], await tempDir(), toolCache, ['--allow', 'config.json'])
  expect(await readdir(join(dir, TINY, 'snapshots', tinyModel.commits.main))).toEqual([
    'config.json'
  ])

  t.hub.resetRequests()
  const second = await job(['acme/tiny-model'], await tempDir(), toolCache)
  expect(second.destinations[0].details.cacheHit).toBe(false)
  // Everything but config.json came from the Hub.
  const fetched = hubFileRequests().filter((r) => r.path.includes('/resolve/'))
  expect(fetched.map((r) => r.path.split('/').pop()).sort()).toEqual(
    [...t.store.filesAt(tinyModel.id, 'main').keys()]
      .filter((p) => p !== 'config.json')
      .map((p) => encodeURIComponent(p.split('/').pop()!))
      .sort()
  )
  expect(await stat(`${dir}.complete`)).toBeDefined()
  await expectSnapshotMatchesHub(t, dir, {
    id: tinyModel.id,
    folder: TINY,
    commit: tinyModel.commits.main,
    paths: [...t.store.filesAt(tinyModel.id, 'main').keys()]
  })

  t.hub.resetRequests()
  const third = await job(['acme/tiny-model'], await tempDir(), toolCache)
  expect(third.destinations[0].details.cacheHit).toBe(true)
  expect(hubFileRequests()).toEqual([])
})

test('a folder without its .complete marker (a writer that died) is built again', async () => {
  const toolCache = await tempDir('mb-toolcache-')
  const { tinyDataset } = t.fixtures
  const dir = entryDir(toolCache, DATASET, tinyDataset.commits.main)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'half-written'), 'x')
  const run = await job(['datasets/acme/tiny-dataset'], await tempDir(), toolCache)
  expect(run.destinations[0].restore?.hit).toBe(false)
  expect((await readdir(dir)).sort()).toEqual(['CACHEDIR.TAG', DATASET])
  expect(await readFile(`${dir}.complete`, 'utf8')).toBe('')
  await expectCacheConsistent(dir)
})

const shm = '/dev/shm'
const otherFilesystem = async () => {
  const [a, b] = await Promise.all([stat(tmpdir()), stat(shm).catch(() => undefined)])
  return b !== undefined && a.dev !== b.dev
}

test('a tool cache on another filesystem gets verified copies, and says so', async () => {
  // Not skipped where /dev/shm is missing: the test needs a second filesystem, and says so.
  expect({ secondFilesystem: await otherFilesystem(), shm, tmp: tmpdir() }).toMatchObject({
    secondFilesystem: true
  })
  const toolCache = join(shm, `mb-toolcache-${process.pid}-${Date.now()}`)
  try {
    const { tinyDataset } = t.fixtures
    const run = await job(['datasets/acme/tiny-dataset'], await tempDir(), toolCache)
    const bytes = entryBytes(tinyDataset.id, tinyDataset.commits.main, 'dataset')
    expect(run.destinations[0]).toMatchObject({ writtenBytes: bytes })
    expect(run.destinations[0].details).toMatchObject({
      linkedBlobs: 0,
      copiedBytes: bytes
    })
    await expectCacheConsistent(entryDir(toolCache, DATASET, tinyDataset.commits.main))
    // And back: a later job copies them into its cache.
    const later = await job(['datasets/acme/tiny-dataset'], await tempDir(), toolCache)
    expect(later.destinations[0].restore).toEqual({ hit: true, restoredBytes: bytes })
  } finally {
    await rm(toolCache, { recursive: true, force: true })
  }
})

test('without RUNNER_TOOL_CACHE: a usage error that says where the folder comes from', async () => {
  const run = await cli(['acme/tiny-model', '--endpoint', t.hub.url, '--to', 'tool-cache'])
  expect(run.code).toBe(2)
  expect(run.stderr).toContain('tool-cache needs RUNNER_TOOL_CACHE')
  expect(run.stderr).toContain('tool-cache:DIR')
})

test('the Action on a self-hosted runner: cache-hit false, then true in a later job', async () => {
  const toolCache = await tempDir('mb-toolcache-')
  const inputs = (cache: string) => ({
    models: 'acme/tiny-model:v1.0\nacme/tiny-model',
    endpoint: t.hub.url,
    'cache-dir': cache,
    to: 'tool-cache'
  })
  const cold = await runActionStep(inputs(await tempDir()), { RUNNER_TOOL_CACHE: toolCache })
  expect(cold.code).toBe(0)
  expect(cold.outputs['cache-hit']).toBe('false')
  const [coldReport] = JSON.parse(cold.outputs.destinations) as Report['destinations']
  expect(coldReport.writtenBytes).toBeGreaterThan(0)

  t.hub.resetRequests()
  const warm = await runActionStep(inputs(await tempDir()), { RUNNER_TOOL_CACHE: toolCache })
  expect(warm.code).toBe(0)
  expect(warm.outputs['cache-hit']).toBe('true')
  expect(warm.outputs['downloaded-bytes']).toBe('0')
  expect(hubFileRequests()).toEqual([])
  const [warmReport] = JSON.parse(warm.outputs.destinations) as Report['destinations']
  expect(warmReport).toMatchObject({ writtenBytes: 0, skippedBytes: coldReport.writtenBytes })
  // The job summary's destination row: what was written and skipped, and where.
  const where = `\`${warmReport.locations['acme/tiny-model:v1.0']}\``
  expect(cold.summary).toContain(
    `| \`tool-cache\` | ${formatBytes(coldReport.writtenBytes)} | 0 B | ${where}`
  )
  expect(warm.summary).toContain(
    `| \`tool-cache\` (restored: cache hit) | 0 B | ${formatBytes(coldReport.writtenBytes)} | ${where}`
  )
})
