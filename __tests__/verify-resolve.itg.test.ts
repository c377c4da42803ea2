// `modelbake verify` re-hashes a cache; `modelbake resolve` prints commits without downloading.
import { appendFile, mkdir, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())
beforeEach(() => t.hub.resetRequests())

type Warm = { cache: string; lock: string; snapshot: string }

async function warm(extra: string[] = []): Promise<Warm> {
  const dir = await tempDir()
  const cache = join(dir, 'cache')
  const lock = join(dir, 'modelbake.lock.json')
  const run = await cli([
    'acme/tiny-model',
    'datasets/acme/tiny-dataset',
    ...hubAndCache(t.hub.url, cache),
    '--lock',
    lock,
    '--quiet',
    ...extra
  ])
  expect(run.code).toBe(0)
  return {
    cache,
    lock,
    snapshot: join(
      cache,
      'models--acme--tiny-model',
      'snapshots',
      t.fixtures.tinyModel.commits.main
    )
  }
}

describe('verify', () => {
  test.each([
    ['against the lock', (w: { lock: string }) => ['--lock', w.lock]],
    [
      'against the stored listing, for specs',
      () => ['acme/tiny-model', 'datasets/acme/tiny-dataset']
    ],
    ['every snapshot in the cache', () => []]
  ])('a good cache verifies %s, offline, exit 0', async (_name, args) => {
    const w = await warm()
    t.hub.resetRequests()
    const run = await cli(['verify', ...args(w), '--cache-dir', w.cache, '--json'])
    expect(run.stderr).toContain('OK: every file verifies.')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.ok).toBe(true)
    expect(
      report.repos
        .map((r: { verified: number }) => r.verified)
        .reduce((a: number, b: number) => a + b, 0)
    ).toBe(t.fixtures.tinyModel.files.length + t.fixtures.tinyDataset.files.length)
    expect(t.hub.requests).toEqual([])
  })

  test('a folder that no repo is named by is passed over, not judged', async () => {
    const w = await warm()
    // `a/b/c` is no Hub repo: huggingface_hub would not write this folder either.
    await mkdir(join(w.cache, 'models--a--b--c', 'snapshots', 'x'), { recursive: true })
    const run = await cli(['verify', '--cache-dir', w.cache])
    expect(run.stderr).toContain('OK: every file verifies.')
    expect(run.code).toBe(0)
  })

  test('reports a corrupted blob, a missing file and an extra file, and exits 1', async () => {
    const w = await warm()
    const { tinyModel } = t.fixtures
    const weights = tinyModel.lfsFiles[0]
    // Corrupt the weights' blob (through its link), remove a file, add a stray one.
    await appendFile(join(w.snapshot, weights), 'x')
    await unlink(join(w.snapshot, 'config.json'))
    await writeFile(join(w.snapshot, 'stray.txt'), 'not from the hub')
    const run = await cli(['verify', '--lock', w.lock, '--cache-dir', w.cache, '--json'])
    expect(run.code).toBe(1)
    const repo = JSON.parse(run.stdout).repos.find(
      (r: { label: string }) => r.label === 'acme/tiny-model'
    )
    expect(repo.missing).toEqual(['config.json'])
    expect(repo.corrupted).toEqual([
      { path: weights, reason: expect.stringMatching(/bytes, expected/) }
    ])
    expect(repo.extra).toEqual(['stray.txt'])
    expect(run.stderr).toContain(`corrupted  ${weights}`)
    expect(run.stderr).toContain('missing    config.json')
    expect(run.stderr).toContain('FAILED')
  })

  test('a link to the wrong blob and a blob with the right size but wrong bytes are corrupted', async () => {
    const w = await warm()
    const readme = join(w.snapshot, 'README.md')
    const target = join(w.snapshot, 'config.json')
    await rm(readme)
    await symlink('../../blobs/0000000000000000000000000000000000000000', readme)
    const { readlink, readFile } = await import('node:fs/promises')
    const blob = join(w.snapshot, await readlink(target))
    const bytes = await readFile(blob)
    bytes[0] ^= 0xff
    await writeFile(blob, bytes)
    const run = await cli(['verify', 'acme/tiny-model', '--cache-dir', w.cache, '--json'])
    expect(run.code).toBe(1)
    const reasons = Object.fromEntries(
      JSON.parse(run.stdout).repos[0].corrupted.map((c: { path: string; reason: string }) => [
        c.path,
        c.reason
      ])
    )
    expect(reasons['README.md']).toMatch(/links to \.\.\/\.\.\/blobs\/0+, not/)
    expect(reasons['config.json']).toMatch(/^git-sha1 [0-9a-f]{40}, expected [0-9a-f]{40}$/)
  })

  test('--to volume:DIR verifies a volume', async () => {
    const w = await warm()
    const volume = join(await tempDir(), 'volume')
    const publish = await cli([
      'acme/tiny-model',
      ...hubAndCache(t.hub.url, w.cache),
      '--to',
      `volume:${volume}`,
      '--quiet'
    ])
    expect(publish.code).toBe(0)
    const run = await cli(['verify', 'acme/tiny-model', '--to', `volume:${volume}`])
    expect(run.stderr).toContain('OK')
    expect(run.code).toBe(0)
  })

  test.each([
    [
      'an s3 destination',
      () => ['--to', 's3://bucket/prefix'],
      /verify reads cache folders and volume: destinations/
    ],
    [
      'a spec the lock does not hold',
      (w: Warm) => ['acme/shared-blobs', '--lock', w.lock, '--cache-dir', w.cache],
      /acme\/shared-blobs:main is not in the lock file/
    ],
    [
      'a revision the cache never saw',
      (w: Warm) => ['acme/tiny-model:v9', '--cache-dir', w.cache],
      /no ref for revision "v9"/
    ],
    ['an unknown flag', () => ['--frob'], /frob/]
  ])('bad input: %s', async (_name, args, message) => {
    const run = await cli(['verify', ...args(await warm())])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain('→')
  })
})

describe('resolve', () => {
  test('prints the commit of each spec and downloads nothing', async () => {
    const { tinyModel, tinyDataset } = t.fixtures
    const run = await cli([
      'resolve',
      'acme/tiny-model:v1.0',
      'acme/tiny-model:refs/pr/1',
      'datasets/acme/tiny-dataset',
      '--endpoint',
      t.hub.url
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        `acme/tiny-model:v1.0 ${tinyModel.commits.first}`,
        `acme/tiny-model:refs/pr/1 ${tinyModel.commits.pr1}`,
        `datasets/acme/tiny-dataset:main ${tinyDataset.commits.main}`,
        ''
      ].join('\n')
    )
    expect(t.hub.requests.every((r) => r.path.includes('/revision/'))).toBe(true)
    expect(t.hub.requests).toHaveLength(3)
  })

  test('--json, and a private repo with a token that is never printed', async () => {
    const token = t.fixtures.tokens.reader
    const run = await cli(['resolve', 'acme/private-model', '--json', '--endpoint', t.hub.url], {
      HF_TOKEN: token
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).repos).toEqual([
      {
        repo: 'acme/private-model',
        type: 'model',
        revision: 'main',
        commit: t.fixtures.privateModel.commits.main,
        label: 'acme/private-model'
      }
    ])
    expect(run.stdout + run.stderr).not.toContain(token)
  })

  test('a missing revision fails with the Hub error and a hint', async () => {
    const run = await cli(['resolve', 'acme/tiny-model:nope', '--endpoint', t.hub.url])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('acme/tiny-model: revision "nope" not found')
  })
})
