// `--to gha-cache` end to end: modelbake (a real process, as in a job) with @actions/cache talking to
// a cache service on loopback whose storage is azurite (helpers/cache-service.ts), and the local hub.
// A cold job saves one entry per repo, commit and patterns; a warm job on a fresh disk restores them
// and asks the Hub for no file; the size limit is checked before anything is archived.
import { jest } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RepoType } from '../src/core/types.js'
import { cacheKey } from '../src/destinations/gha-cache/key.js'
import { formatBytes } from '../src/report/format.js'
import { expectCacheConsistent } from './helpers/cache-check.js'
import { runActionStep, startCacheService, type CacheService } from './helpers/cache-service.js'
import {
  cliProcess,
  expectSnapshotMatchesHub,
  hubAndCache,
  type JsonReport,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

jest.setTimeout(180_000)

let t: TestHub
let service: CacheService
/** One workspace for every job, as on a runner (the archive's paths are relative to it). */
let workspace: string
beforeAll(async () => {
  ;[t, service, workspace] = await Promise.all([
    startTestHub(),
    startCacheService(),
    tempDir('mb-workspace-')
  ])
})
afterAll(async () => {
  await Promise.all([t?.close(), service?.close()])
})

type Report = JsonReport<{
  cacheHit: boolean
  cacheKey: string
  cacheKeys: Record<string, string>
  cacheAvailable: boolean
  cacheEntries: Array<{
    key: string
    repo: string
    bytes: number
    restore: string
    restoredBytes: number
    restoredFrom?: string
    saved: string
  }>
}>

/** A job: fresh RUNNER_TEMP, the shared workspace, the cache service's variables. */
async function job(argv: string[], cache: string, env: Record<string, string> = {}) {
  const run = await cliProcess([...argv, ...hubAndCache(t.hub.url, cache), '--json', '--quiet'], {
    ...service.env,
    RUNNER_TEMP: await tempDir('mb-runner-'),
    GITHUB_WORKSPACE: workspace,
    ...env
  })
  if (run.code !== 0) throw new Error(`modelbake exited ${run.code}:\n${run.stderr}`)
  return { ...run, report: JSON.parse(run.stdout) as Report }
}

/** A fresh runner disk: the same cache path, empty. */
async function emptied(cache: string): Promise<string> {
  await rm(cache, { recursive: true, force: true })
  await mkdir(cache)
  return cache
}

const hubFileRequests = () =>
  t.hub.requests.filter((r) => r.origin === 'cdn' || r.path.includes('/resolve/'))

/** Bytes of one entry: the distinct blobs of the repo at that commit. */
function entryBytes(id: string, revision: string, type: RepoType = 'model'): number {
  const sizes = new Map<string, number>()
  for (const f of t.store.filesAt(id, revision, type).values())
    sizes.set(f.lfs ? f.sha256 : f.oid, f.size)
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

const TINY = 'models--acme--tiny-model'
const REVISIONS = ['v1.0', 'main', 'dev', 'refs/pr/1'] as const
const SPECS = [...REVISIONS.map((r) => `acme/tiny-model:${r}`), 'datasets/acme/tiny-dataset']

describe('a multi-file, multi-revision round trip', () => {
  let cache: string
  let cold: Report
  let keys: string[]
  let total: number

  beforeAll(async () => {
    cache = await tempDir()
    service.resetLogs()
    cold = (await job([...SPECS, '--to', 'gha-cache'], cache)).report
    const { tinyModel, tinyDataset } = t.fixtures
    const commits = [
      tinyModel.commits.first,
      tinyModel.commits.main,
      tinyModel.commits.dev,
      tinyModel.commits.pr1
    ]
    keys = [
      ...commits.map((commit) => cacheKey({ type: 'model', repo: tinyModel.id, commit })),
      cacheKey({ type: 'dataset', repo: tinyDataset.id, commit: tinyDataset.commits.main })
    ]
    total =
      commits.reduce((sum, c) => sum + entryBytes(tinyModel.id, c), 0) +
      entryBytes(tinyDataset.id, 'main', 'dataset')
  })

  test('a cold job finds no entry, then saves one per commit, named by the documented key', () => {
    const [report] = cold.destinations
    expect(report).toMatchObject({
      destination: 'gha-cache',
      writtenBytes: total,
      skippedBytes: 0,
      restore: { hit: false, restoredBytes: 0 }
    })
    expect(report.details).toMatchObject({
      cacheHit: false,
      cacheKey: keys[0],
      cacheAvailable: true
    })
    expect(report.details.cacheEntries.map((e) => [e.key, e.restore, e.saved])).toEqual(
      keys.map((key) => [key, 'miss', 'yes'])
    )
    expect(keys[0]).toMatch(/^modelbake-v1-models--acme--tiny-model-[0-9a-f]{16}-[0-9a-f]{40}$/)
    expect(Object.values(report.locations)).toEqual(keys)
    // The service holds exactly these entries, each uploaded through the Azure SDK.
    expect(
      service
        .entries()
        .filter((e) => keys.includes(e.key))
        .map((e) => [e.key, e.finalized])
    ).toEqual(keys.map((key) => [key, true]))
    const methods = service.calls.map((c) => `${c.method} ${c.outcome}`)
    expect(methods.filter((m) => m.startsWith('CreateCacheEntry'))).toEqual(
      keys.map(() => 'CreateCacheEntry ok')
    )
    expect(methods.filter((m) => m.startsWith('FinalizeCacheEntryUpload ok'))).toHaveLength(5)
    const uploaded = service.blobRequests.filter((r) => r.method === 'PUT')
    expect(uploaded.length).toBeGreaterThanOrEqual(5)
    expect(uploaded.every((r) => r.status === 201 && r.sentBytes > 0)).toBe(true)
  })

  describe('a warm job on a fresh disk', () => {
    let warm: Report
    beforeAll(async () => {
      await emptied(cache)
      t.hub.resetRequests()
      service.resetLogs()
      warm = (await job([...SPECS, '--to', 'gha-cache'], cache)).report
    })

    test('restores every blob, asks the Hub for no file, reports cache-hit and uploads 0 bytes', () => {
      expect(hubFileRequests()).toEqual([])
      expect(warm.repos.map((r) => r.downloadedBytes)).toEqual(SPECS.map(() => 0))
      const [report] = warm.destinations
      expect(report.restore?.hit).toBe(true)
      expect(report.restore!.restoredBytes).toBeGreaterThan(0)
      expect(report).toMatchObject({ writtenBytes: 0, skippedBytes: total })
      expect(report.details.cacheHit).toBe(true)
      expect(report.details.cacheEntries.map((e) => [e.restore, e.saved])).toEqual(
        keys.map(() => ['hit', 'already there'])
      )
      expect(service.calls.map((c) => c.method)).not.toContain('CreateCacheEntry')
      // Downloads went through the Azure SDK (properties, then ranges), nothing was uploaded.
      expect(service.blobRequests.some((r) => r.method === 'HEAD')).toBe(true)
      expect(service.blobRequests.filter((r) => r.method === 'GET').length).toBeGreaterThan(0)
      expect(service.blobRequests.filter((r) => r.method === 'PUT')).toEqual([])
    })

    test('the restored cache verifies against the hub and resolves offline', async () => {
      const { tinyModel, tinyDataset } = t.fixtures
      for (const commit of Object.values(tinyModel.commits)) {
        await expectSnapshotMatchesHub(t, cache, {
          id: tinyModel.id,
          folder: TINY,
          commit,
          paths: [...t.store.filesAt(tinyModel.id, commit).keys()]
        })
      }
      await expectSnapshotMatchesHub(t, cache, {
        id: tinyDataset.id,
        type: 'dataset',
        folder: 'datasets--acme--tiny-dataset',
        commit: tinyDataset.commits.main,
        paths: tinyDataset.files
      })
      await expectCacheConsistent(cache)
      // The staging folder is gone; only huggingface_hub's own layout is left.
      expect(await readdir(join(cache, '.locks'))).not.toContain('modelbake-gha-cache')
      const offline = await cliProcess([...SPECS, '--offline', '--cache-dir', cache, '--json'])
      expect(offline.code).toBe(0)
      const report = JSON.parse(offline.stdout) as Report
      expect(report.repos.map((r) => r.snapshotPath)).toEqual(warm.repos.map((r) => r.snapshotPath))
    })

    test('a job whose cache is already warm only looks the keys up: nothing crosses', async () => {
      service.resetLogs()
      const again = (await job([...SPECS, '--to', 'gha-cache'], cache)).report
      expect(again.destinations[0]).toMatchObject({
        writtenBytes: 0,
        skippedBytes: total,
        restore: { hit: true, restoredBytes: 0 }
      })
      expect(service.blobRequests).toEqual([])
      expect(new Set(service.calls.map((c) => c.method))).toEqual(
        new Set(['GetCacheEntryDownloadURL'])
      )
    })
  })
})

test('another commit of the same repo and patterns: shared blobs come from its entry, the rest from the Hub', async () => {
  const { tinyModel } = t.fixtures
  // Patterns of their own, so that no other test's entry matches the restore key.
  const patterns = ['--ignore', 'README.md']
  const cache = await tempDir()
  await job(['acme/tiny-model:v1.0', ...patterns, '--to', 'gha-cache'], cache)
  t.hub.resetRequests()
  // A later job on a fresh disk: the same cache path (it is part of the entry's version), empty.
  const { report } = await job(
    ['acme/tiny-model:main', ...patterns, '--to', 'gha-cache'],
    await emptied(cache)
  )
  // Only config.json changed between v1.0 and main.
  expect(hubFileRequests().map((r) => decodeURIComponent(r.path))).toEqual([
    expect.stringMatching(/\/resolve\/[0-9a-f]{40}\/config\.json$/)
  ])
  const [destination] = report.destinations
  const oldKey = cacheKey({
    type: 'model',
    repo: tinyModel.id,
    commit: tinyModel.commits.first,
    ignore: ['README.md']
  })
  expect(destination.details.cacheHit).toBe(false)
  expect(destination.details.cacheEntries).toEqual([
    expect.objectContaining({ restore: 'partial', restoredFrom: oldKey, saved: 'yes' })
  ])
  expect(destination.restore!.restoredBytes).toBeGreaterThan(0)
})

/** Save `dir` under `key` with @actions/cache in a process of its own, as another job would. */
async function saveAsAnotherJob(dir: string, key: string): Promise<void> {
  const script = [
    "import { saveCache } from '@actions/cache'",
    'const id = await saveCache([process.env.DIR], process.env.KEY)',
    'process.exit(id > 0 ? 0 : 3)'
  ].join('\n')
  const env = {
    PATH: process.env.PATH,
    ...service.env,
    RUNNER_TEMP: await tempDir('mb-runner-'),
    GITHUB_WORKSPACE: workspace,
    DIR: dir,
    KEY: key
  }
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env },
      (error, _, stderr) => (error ? reject(new Error(`saveCache failed: ${stderr}`)) : resolve())
    )
  )
}

test('a blob of an entry that does not match its digest is not used: the Hub supplies it', async () => {
  const { tinyModel } = t.fixtures
  const files = t.store.filesAt(tinyModel.id, 'main')
  const etag = (path: string) => {
    const f = files.get(path)!
    return f.lfs ? f.sha256 : f.oid
  }
  const cache = await tempDir()
  // A damaged entry under the very key of the job below: config.json has the right size and name
  // but other bytes; tokenizer.json is intact.
  const stage = join(cache, '.locks', 'modelbake-gha-cache')
  const blobs = join(stage, TINY, 'blobs')
  await mkdir(blobs, { recursive: true })
  await writeFile(
    join(blobs, etag('config.json')),
    Buffer.alloc(files.get('config.json')!.size, 32)
  )
  await copyFile(
    t.store.objectPath(files.get('tokenizer.json')!.sha256),
    join(blobs, etag('tokenizer.json'))
  )
  const allow = ['config.json', 'tokenizer.json']
  const key = cacheKey({ type: 'model', repo: tinyModel.id, commit: tinyModel.commits.main, allow })
  await saveAsAnotherJob(stage, key)
  await emptied(cache)

  t.hub.resetRequests()
  const run = await job(
    ['acme/tiny-model', '--allow', 'config.json', '--allow', 'tokenizer.json', '--to', 'gha-cache'],
    cache
  )
  expect(run.stderr).toContain(`config.json in entry ${key} does not match its digest`)
  expect(hubFileRequests().map((r) => r.path.split('/').pop())).toEqual(['config.json'])
  const [destination] = run.report.destinations
  expect(destination.details.cacheHit).toBe(false)
  expect(destination.details.cacheEntries).toEqual([
    expect.objectContaining({ key, restore: 'partial', saved: 'incomplete entry exists' })
  ])
  expect(run.stderr).toContain(`gh cache delete ${key}`)
  await expectSnapshotMatchesHub(t, cache, {
    id: tinyModel.id,
    folder: TINY,
    commit: tinyModel.commits.main,
    paths: allow
  })
  await expectCacheConsistent(cache)
})

test('an entry saved from another workspace lands elsewhere: a warning, then an ordinary download', async () => {
  const cache = await tempDir()
  const specs = ['acme/tiny-model', '--ignore', 'original/*', '--to', 'gha-cache']
  await job(specs, cache)
  // The archive's paths are relative to the workspace: one two levels deeper puts them elsewhere.
  const deeper = join(await tempDir('mb-elsewhere-'), 'a', 'b')
  await mkdir(deeper, { recursive: true })
  t.hub.resetRequests()
  const run = await job(specs, await emptied(cache), { GITHUB_WORKSPACE: deeper })
  expect(run.stderr).toContain(
    'was it saved by a job whose workspace (GITHUB_WORKSPACE) was elsewhere?'
  )
  expect(run.report.destinations[0].details.cacheHit).toBe(false)
  expect(run.report.repos[0].downloadedBytes).toBeGreaterThan(0)
  await expectCacheConsistent(cache)
})

describe('the 10 GB repository limit', () => {
  const model = () => entryBytes('acme/tiny-model', 'main')
  const dataset = () => entryBytes('acme/tiny-dataset', 'main', 'dataset')

  test('an entry larger than the limit is not archived, and the message names it', async () => {
    const limit = Math.min(model(), dataset()) - 1
    const before = service.entries().length
    const run = await job(
      ['acme/tiny-model', '--ignore', '*.md', '--to', 'gha-cache', '--gha-cache-limit', `${limit}`],
      await tempDir()
    )
    expect(run.stderr).toMatch(
      /warning: gha-cache: acme\/tiny-model@[0-9a-f]{12} \([^)]+\) would not fit: it is larger than the [^ ]+ [KMG]?i?B the Actions cache holds per repository/
    )
    expect(run.report.destinations[0].details.cacheEntries[0]).toMatchObject({
      saved: 'too-large'
    })
    expect(run.report.destinations[0].writtenBytes).toBe(0)
    expect(service.entries()).toHaveLength(before)
  })

  test('entries that fit alone but not together: the one that would not fit is named, with the others', async () => {
    const limit = Math.max(model(), dataset()) + 1
    expect(model() + dataset()).toBeGreaterThan(limit)
    const run = await job(
      [
        'acme/tiny-model',
        'datasets/acme/tiny-dataset',
        '--ignore',
        '*.txt',
        '--to',
        'gha-cache',
        '--gha-cache-limit',
        `${limit}`
      ],
      await tempDir()
    )
    expect(run.stderr).toMatch(
      /gha-cache: datasets\/acme\/tiny-dataset@[0-9a-f]{12} \([^)]+\) would not fit alongside acme\/tiny-model@[0-9a-f]{12}/
    )
    expect(
      run.report.destinations[0].details.cacheEntries.map((e) => [e.repo.split('@')[0], e.saved])
    ).toEqual([
      ['acme/tiny-model', 'yes'],
      ['datasets/acme/tiny-dataset', 'no-room']
    ])
  })
})

test('without the runner’s cache variables, a warning and an ordinary run', async () => {
  const cache = await tempDir()
  const run = await cliProcess([
    'acme/tiny-model',
    ...hubAndCache(t.hub.url, cache),
    '--to',
    'gha-cache',
    '--json',
    '--quiet'
  ])
  expect(run.code).toBe(0)
  expect(run.stderr).toContain('gha-cache: this process was given no Actions cache service')
  const report = JSON.parse(run.stdout) as Report
  expect(report.destinations[0]).toMatchObject({ writtenBytes: 0, skippedBytes: 0 })
  expect(report.destinations[0].details).toMatchObject({ cacheAvailable: false, cacheHit: false })
})

test('the Action: cache-hit false, then true on a fresh disk, with the key as output', async () => {
  const { tinyModel, tinyDataset } = t.fixtures
  const cache = await tempDir()
  const inputs = {
    models: 'acme/tiny-model:v1.0\nacme/tiny-model',
    datasets: 'acme/tiny-dataset',
    'allow-patterns': '*.json\n*.safetensors\ndata/',
    endpoint: t.hub.url,
    'cache-dir': cache,
    to: 'gha-cache'
  }
  const env = { ...service.env, GITHUB_WORKSPACE: workspace }
  const cold = await runActionStep(inputs, env)
  expect({ code: cold.code, errors: cold.stdout.match(/^::error::.*$/gm) }).toEqual({
    code: 0,
    errors: null
  })
  expect(cold.outputs['cache-hit']).toBe('false')
  expect(cold.stdout).toContain('removes entries not used for 7 days')
  const key = cacheKey({
    type: 'model',
    repo: tinyModel.id,
    commit: tinyModel.commits.first,
    allow: ['*.json', '*.safetensors', 'data/']
  })
  expect(cold.outputs['cache-key']).toBe(key)
  expect(JSON.parse(cold.outputs['cache-keys'])).toEqual({
    'acme/tiny-model:v1.0': key,
    'acme/tiny-model:main': cacheKey({
      type: 'model',
      repo: tinyModel.id,
      commit: tinyModel.commits.main,
      allow: ['*.json', '*.safetensors', 'data/']
    }),
    'datasets/acme/tiny-dataset': cacheKey({
      type: 'dataset',
      repo: tinyDataset.id,
      commit: tinyDataset.commits.main,
      allow: ['*.json', '*.safetensors', 'data/']
    })
  })
  const [coldReport] = JSON.parse(cold.outputs.destinations) as Report['destinations']
  expect(coldReport.writtenBytes).toBeGreaterThan(0)

  await emptied(cache)
  t.hub.resetRequests()
  const warm = await runActionStep(inputs, env)
  expect(warm.code).toBe(0)
  expect(warm.outputs['cache-hit']).toBe('true')
  expect(warm.outputs['downloaded-bytes']).toBe('0')
  expect(hubFileRequests()).toEqual([])
  const [warmReport] = JSON.parse(warm.outputs.destinations) as Report['destinations']
  expect(warmReport).toMatchObject({ writtenBytes: 0, skippedBytes: coldReport.writtenBytes })
  // The job summary's destination row: what was written and skipped, and where (the keys).
  expect(cold.summary).toContain(
    `| \`gha-cache\` | ${formatBytes(coldReport.writtenBytes)} | 0 B | \`${key}\``
  )
  expect(warm.summary).toContain(
    `| \`gha-cache\` (restored: cache hit) | 0 B | ${formatBytes(coldReport.writtenBytes)} | \`${key}\``
  )
})
