// Release pipelines: a lock file pins each repo like a dependency, and --locked refuses any drift.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())
beforeEach(() => t.hub.resetRequests())

interface Lock {
  version: number
  repos: Array<{
    label: string
    revision: string
    commit: string
    allow?: string[]
    files: Array<{ path: string; size: number; blobId: string; sha256?: string }>
  }>
}

async function lockedRun(extra: string[] = [], env: Record<string, string> = {}) {
  const dir = await tempDir()
  const lock = join(dir, 'modelbake.lock.json')
  const cache = join(dir, 'cache')
  const args = [
    'acme/tiny-model:v1.0',
    'datasets/acme/tiny-dataset',
    '--allow',
    '*.json',
    '--allow',
    '*.safetensors',
    '--allow',
    'data/*'
  ]
  const run = await cli(
    [...args, ...hubAndCache(t.hub.url, cache), '--lock', lock, '--quiet', ...extra],
    env
  )
  return { run, lock, cache, args, dir }
}

test('--lock writes every repo with its commit, patterns and each file digest, stably', async () => {
  const { run, lock, cache, args } = await lockedRun([], { HF_TOKEN: t.fixtures.tokens.reader })
  expect(run.code).toBe(0)
  const text = await readFile(lock, 'utf8')
  const data = JSON.parse(text) as Lock
  expect(data.version).toBe(1)
  expect(data.repos.map((r) => `${r.label}:${r.revision}`)).toEqual([
    'acme/tiny-model:v1.0',
    'datasets/acme/tiny-dataset:main'
  ])
  const model = data.repos[0]
  expect(model.commit).toBe(t.fixtures.tinyModel.commits.first)
  expect(model.allow).toEqual(['*.json', '*.safetensors', 'data/*'])
  const stored = t.store.filesAt('acme/tiny-model', model.commit)
  for (const file of model.files) {
    const hub = stored.get(file.path)!
    expect(file).toEqual({
      path: file.path,
      size: hub.size,
      blobId: hub.oid,
      ...(hub.lfs ? { sha256: hub.sha256 } : {})
    })
  }
  expect(model.files.some((f) => f.sha256)).toBe(true)
  expect(text).not.toContain(t.fixtures.tokens.reader)
  // The same run again writes the same bytes.
  const again = await cli([...args, ...hubAndCache(t.hub.url, cache), '--lock', lock, '--quiet'])
  expect(again.code).toBe(0)
  expect(await readFile(lock, 'utf8')).toBe(text)
})

test('--locked uses the pinned commits: no resolution call, even on a cold cache', async () => {
  const { lock, dir, args } = await lockedRun()
  t.hub.resetRequests()
  const cold = join(dir, 'cold-cache')
  const run = await cli([
    ...args,
    ...hubAndCache(t.hub.url, cold),
    '--lock',
    lock,
    '--locked',
    '--json',
    '--quiet'
  ])
  expect(run.code).toBe(0)
  expect(t.hub.requests.filter((r) => r.path.includes('/revision/'))).toEqual([])
  expect(JSON.parse(run.stdout).repos[0].commit).toBe(t.fixtures.tinyModel.commits.first)
  // Warm and locked: not a single request.
  t.hub.resetRequests()
  const warm = await cli([
    ...args,
    ...hubAndCache(t.hub.url, cold),
    '--lock',
    lock,
    '--locked',
    '--quiet'
  ])
  expect(warm.code).toBe(0)
  expect(t.hub.requests).toEqual([])
})

test('--locked pins a branch even after it moved upstream', async () => {
  const id = 'acme/moving-branch'
  t.store.createRepo(id)
  const first = await t.store.commit(id, { files: { 'config.json': '{"v":1}' } })
  const dir = await tempDir()
  const lock = join(dir, 'modelbake.lock.json')
  expect(
    (
      await cli([
        id,
        '--endpoint',
        t.hub.url,
        '--cache-dir',
        join(dir, 'a'),
        '--lock',
        lock,
        '--quiet'
      ])
    ).code
  ).toBe(0)
  await t.store.commit(id, { files: { 'config.json': '{"v":2}' } })
  const run = await cli([
    id,
    '--endpoint',
    t.hub.url,
    '--cache-dir',
    join(dir, 'b'),
    '--lock',
    lock,
    '--locked',
    '--json',
    '--quiet'
  ])
  expect(run.code).toBe(0)
  expect(JSON.parse(run.stdout).repos[0].commit).toBe(first)
  expect(
    await readFile(
      join(dir, 'b', 'models--acme--moving-branch', 'snapshots', first, 'config.json'),
      'utf8'
    )
  ).toBe('{"v":1}')
})

test.each([
  [
    'a file whose digest differs from the lock (rewritten history, or a tampered lock)',
    (lock: Lock) => {
      const file = lock.repos[0].files.find((f) => f.sha256)!
      file.sha256 = 'f'.repeat(64)
      return file.path
    },
    (path: string) =>
      new RegExp(`~ ${path.replace('.', '\\.')}: locked \\d+ bytes sha256 ffffffffffff, now`)
  ],
  [
    'a file the lock has and the commit lacks',
    (lock: Lock) => {
      lock.repos[0].files.push({ path: 'gone.bin', size: 3, blobId: 'a'.repeat(40) })
      return 'gone.bin'
    },
    () => /- gone\.bin \(3 bytes\) is no longer selected/
  ],
  [
    'different patterns',
    (lock: Lock) => {
      lock.repos[0].allow = ['*.json']
      return ''
    },
    () => /patterns: locked/
  ]
])('--locked fails with a diff on drift: %s', async (_name, tamper, message) => {
  const { lock, cache, args } = await lockedRun()
  const data = JSON.parse(await readFile(lock, 'utf8')) as Lock
  const path = tamper(data)
  await writeFile(lock, JSON.stringify(data))
  t.hub.resetRequests()
  const run = await cli([...args, ...hubAndCache(t.hub.url, cache), '--lock', lock, '--locked'])
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('drift from')
  expect(run.stderr).toContain('acme/tiny-model:v1.0')
  expect(run.stderr).toMatch(message(path))
  expect(run.stderr).toContain('--lock (without --locked)')
  // Refused before any download.
  expect(t.hub.requests.filter((r) => r.origin === 'cdn' || r.path.includes('/resolve/'))).toEqual(
    []
  )
})

test('--locked refuses specs that the lock does not hold, and lock entries that are not requested', async () => {
  const { lock, cache } = await lockedRun()
  t.hub.resetRequests()
  const run = await cli([
    'acme/tiny-model:v1.0',
    'acme/shared-blobs',
    ...hubAndCache(t.hub.url, cache),
    '--lock',
    lock,
    '--locked'
  ])
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('+ acme/shared-blobs:main (requested, not in the lock)')
  expect(run.stderr).toContain('- datasets/acme/tiny-dataset:main (in the lock, not requested)')
  expect(t.hub.requests).toEqual([])
})

test.each([
  ['a missing lock', async () => '/nonexistent/modelbake.lock.json', /cannot read the lock file/],
  [
    'a lock that is not JSON',
    async () => {
      const path = join(await tempDir(), 'modelbake.lock.json')
      await writeFile(path, 'not json')
      return path
    },
    /is not valid JSON/
  ],
  [
    'a lock of another format',
    async () => {
      const path = join(await tempDir(), 'modelbake.lock.json')
      await writeFile(path, '{"lockfileVersion": 3}')
      return path
    },
    /is not a modelbake lock file/
  ]
])('--locked with %s fails clearly, before any network call', async (_name, makeLock, message) => {
  const lock = await makeLock()
  const run = await cli([
    'acme/tiny-model',
    '--endpoint',
    t.hub.url,
    '--cache-dir',
    await tempDir(),
    '--lock',
    lock,
    '--locked'
  ])
  expect(run.code).toBe(2)
  expect(run.stderr).toMatch(message)
  expect(run.stderr).toContain('→')
  expect(t.hub.requests).toEqual([])
})
