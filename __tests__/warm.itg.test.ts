// The cache warm path, end to end against the local hub: what lands on disk, and what it cost.
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { serializeTreeListing } from '../src/core/tree-listing.js'
import type { RepoFile } from '../src/core/types.js'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub({ pageSize: 50 })
})
afterAll(() => t.close())
beforeEach(() => t.hub.resetRequests())

const hubCalls = (origin: 'hub' | 'cdn' = 'hub') =>
  t.hub.requests.filter((r) => r.origin === origin)

describe('a cold run', () => {
  let cache: string
  let json: { repos: Array<Record<string, unknown>> }

  beforeAll(async () => {
    cache = await tempDir()
    const run = await cli([
      'acme/tiny-model',
      ...hubAndCache(t.hub.url, cache),
      '--json',
      '--quiet'
    ])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    json = JSON.parse(run.stdout)
  })

  test('writes every file as a relative link to a blob named by its etag, with the hub bytes', async () => {
    const { tinyModel } = t.fixtures
    await expectSnapshotMatchesHub(t, cache, {
      id: tinyModel.id,
      folder: 'models--acme--tiny-model',
      commit: tinyModel.commits.main,
      paths: tinyModel.files
    })
    // Nested paths get one more ../ per folder level.
    const nested = tinyModel.files.find((p) => p.includes('/'))!
    expect(
      await readlink(
        join(cache, 'models--acme--tiny-model', 'snapshots', tinyModel.commits.main, nested)
      )
    ).toMatch(/^\.\.\/\.\.\/\.\.\/blobs\//)
  })

  test('refs/main holds the commit with no newline; CACHEDIR.TAG is there; nothing temporary is left', async () => {
    const repoDir = join(cache, 'models--acme--tiny-model')
    expect(await readFile(join(repoDir, 'refs', 'main'), 'utf8')).toBe(
      t.fixtures.tinyModel.commits.main
    )
    expect((await readFile(join(cache, 'CACHEDIR.TAG'), 'utf8')).split('\n')[0]).toBe(
      'Signature: 8a477f597d28d172789f06886806bc55'
    )
    const blobs = await readdir(join(repoDir, 'blobs'))
    expect(blobs.every((name) => /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(name))).toBe(true)
    expect(await readdir(join(cache, '.locks', 'models--acme--tiny-model'))).toEqual([])
  })

  test('trees/<commit>.json lists the whole commit exactly as huggingface_hub writes it', async () => {
    const { tinyModel } = t.fixtures
    const stored = [...t.store.filesAt(tinyModel.id, tinyModel.commits.main).values()]
    const expected: RepoFile[] = stored.map((f) => ({
      path: f.path,
      size: f.size,
      blobId: f.oid,
      ...(f.lfs ? { lfs: { sha256: f.sha256, size: f.size } } : {}),
      ...(f.xetHash ? { xetHash: f.xetHash } : {})
    }))
    const written = await readFile(
      join(cache, 'models--acme--tiny-model', 'trees', `${tinyModel.commits.main}.json`),
      'utf8'
    )
    expect(written).toBe(serializeTreeListing(expected))
  })

  test('--json reports the contract fields', () => {
    const { tinyModel } = t.fixtures
    const total = [...t.store.filesAt(tinyModel.id, 'main').values()].reduce(
      (s, f) => s + f.size,
      0
    )
    expect(json.repos).toEqual([
      expect.objectContaining({
        repo: 'acme/tiny-model',
        type: 'model',
        revision: 'main',
        commit: tinyModel.commits.main,
        snapshotPath: join(cache, 'models--acme--tiny-model', 'snapshots', tinyModel.commits.main),
        files: tinyModel.files.length,
        bytes: total,
        downloadedBytes: total
      })
    ])
  })

  test('a second run downloads nothing and makes one metadata call', async () => {
    t.hub.resetRequests()
    const run = await cli([
      'acme/tiny-model',
      ...hubAndCache(t.hub.url, cache),
      '--json',
      '--quiet'
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).repos[0].downloadedBytes).toBe(0)
    expect(hubCalls('hub').map((r) => r.path)).toEqual([
      '/api/models/acme/tiny-model/revision/main'
    ])
    expect(hubCalls('cdn')).toEqual([])
  })

  test('a commit spec on a warm cache makes no call at all', async () => {
    t.hub.resetRequests()
    const run = await cli([
      `acme/tiny-model:${t.fixtures.tinyModel.commits.main}`,
      ...hubAndCache(t.hub.url, cache),
      '--quiet'
    ])
    expect(run.code).toBe(0)
    expect(t.hub.requests).toEqual([])
  })
})

describe('revisions', () => {
  test('a tag, a branch, refs/pr/N and a commit share blobs; refs/pr/1 is a nested ref file', async () => {
    const cache = await tempDir()
    const { tinyModel } = t.fixtures
    const run = await cli(
      [
        'acme/tiny-model:v1.0',
        'acme/tiny-model:dev',
        'acme/tiny-model:refs/pr/1',
        `acme/tiny-model:${tinyModel.commits.main}`,
        ...hubAndCache(t.hub.url, cache),
        '--json'
      ],
      {}
    )
    expect(run.code).toBe(0)
    const repoDir = join(cache, 'models--acme--tiny-model')
    expect(await readFile(join(repoDir, 'refs', 'v1.0'), 'utf8')).toBe(tinyModel.commits.first)
    expect(await readFile(join(repoDir, 'refs', 'dev'), 'utf8')).toBe(tinyModel.commits.dev)
    expect(await readFile(join(repoDir, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(
      tinyModel.commits.pr1
    )
    // No ref is written for a commit spec.
    expect((await readdir(join(repoDir, 'refs'))).sort()).toEqual(['dev', 'refs', 'v1.0'])
    const snapshots = (await readdir(join(repoDir, 'snapshots'))).sort()
    expect(snapshots).toEqual(
      [
        ...new Set([
          tinyModel.commits.first,
          tinyModel.commits.dev,
          tinyModel.commits.pr1,
          tinyModel.commits.main
        ])
      ].sort()
    )
    // The weights did not change between v1.0 and main: one blob, two links.
    const weights = tinyModel.lfsFiles[0]
    const first = await readlink(join(repoDir, 'snapshots', tinyModel.commits.first, weights))
    const main = await readlink(join(repoDir, 'snapshots', tinyModel.commits.main, weights))
    expect(first).toBe(main)
    const blobs = await readdir(join(repoDir, 'blobs'))
    const distinct = new Set(
      [
        tinyModel.commits.first,
        tinyModel.commits.dev,
        tinyModel.commits.pr1,
        tinyModel.commits.main
      ].flatMap((c) =>
        [...t.store.filesAt(tinyModel.id, c).values()].map((f) => (f.lfs ? f.sha256 : f.oid))
      )
    )
    expect(blobs.sort()).toEqual([...distinct].sort())
    // Each distinct blob crossed the network once.
    const json = JSON.parse(run.stdout) as { repos: Array<{ downloadedBytes: number }> }
    const blobBytes = await Promise.all(
      blobs.map(async (b) => (await stat(join(repoDir, 'blobs', b))).size)
    )
    expect(json.repos.reduce((s, r) => s + r.downloadedBytes, 0)).toBe(
      blobBytes.reduce((a, b) => a + b, 0)
    )
  })

  test('datasets go to datasets--org--name and use the datasets API and resolve paths', async () => {
    const cache = await tempDir()
    const { tinyDataset } = t.fixtures
    const run = await cli([
      'datasets/acme/tiny-dataset',
      ...hubAndCache(t.hub.url, cache),
      '--quiet'
    ])
    expect(run.code).toBe(0)
    await expectSnapshotMatchesHub(t, cache, {
      id: tinyDataset.id,
      type: 'dataset',
      folder: 'datasets--acme--tiny-dataset',
      commit: tinyDataset.commits.main,
      paths: tinyDataset.files
    })
    const paths = hubCalls('hub').map((r) => r.path)
    expect(paths.some((p) => p.startsWith('/api/datasets/acme/tiny-dataset/revision/main'))).toBe(
      true
    )
    expect(paths.some((p) => p.startsWith('/datasets/acme/tiny-dataset/resolve/'))).toBe(true)
  })
})

describe('listings and names', () => {
  test('a repo with hundreds of files is listed across pages and fetched whole', async () => {
    const cache = await tempDir()
    const { manyFiles } = t.fixtures
    const run = await cli([
      'acme/many-files',
      ...hubAndCache(t.hub.url, cache),
      '--json',
      '--quiet'
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).repos[0].files).toBe(manyFiles.files.length)
    expect(manyFiles.files.length).toBeGreaterThan(250)
    const treePages = hubCalls('hub').filter((r) => r.path.includes('/tree/'))
    expect(treePages.length).toBeGreaterThan(5)
    await expectSnapshotMatchesHub(t, cache, {
      id: manyFiles.id,
      folder: 'models--acme--many-files',
      commit: manyFiles.commits.main,
      paths: manyFiles.files
    })
  })

  test('awkward file names and an empty file arrive intact', async () => {
    const cache = await tempDir()
    const { awkwardNames } = t.fixtures
    const run = await cli(['acme/awkward-names', ...hubAndCache(t.hub.url, cache), '--quiet'])
    expect(run).toMatchObject({ code: 0 })
    await expectSnapshotMatchesHub(t, cache, {
      id: awkwardNames.id,
      folder: 'models--acme--awkward-names',
      commit: awkwardNames.commits.main,
      paths: awkwardNames.files
    })
    const empty = join(
      cache,
      'models--acme--awkward-names',
      'snapshots',
      awkwardNames.commits.main,
      awkwardNames.emptyFile
    )
    expect((await stat(empty)).size).toBe(0)
    // git's blob sha1 of no bytes.
    expect(await readlink(empty)).toMatch(/blobs\/e69de29bb2d1d6434b8b29ae775ad8c2e48c5391$/)
  })

  test('two paths with the same bytes are one blob and two links', async () => {
    const cache = await tempDir()
    const { sharedBlobs } = t.fixtures
    const run = await cli([
      'acme/shared-blobs',
      ...hubAndCache(t.hub.url, cache),
      '--json',
      '--quiet'
    ])
    expect(run.code).toBe(0)
    const snap = join(cache, 'models--acme--shared-blobs', 'snapshots', sharedBlobs.commits.main)
    const [a, b] = sharedBlobs.sameLfs
    expect(await readlink(join(snap, a))).toBe(await readlink(join(snap, b)))
    const size = (await stat(join(snap, a))).size
    const cdnFetches = hubCalls('cdn').filter((r) => r.status === 200 || r.status === 206)
    expect(cdnFetches.reduce((s, r) => s + r.bodyBytes, 0)).toBeLessThan(
      JSON.parse(run.stdout).repos[0].bytes
    )
    expect(size).toBeGreaterThan(0)
  })
})

describe('patterns', () => {
  const files = async (cache: string, folder: string, commit: string) => {
    const root = join(cache, folder, 'snapshots', commit)
    const found: string[] = []
    const walk = async (dir: string, prefix: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name
        if (entry.isDirectory()) await walk(join(dir, entry.name), path)
        else found.push(path)
      }
    }
    await walk(root, '')
    return found.sort()
  }

  test("'*' crosses '/', a trailing '/' means a folder, and ignore applies after allow", async () => {
    const { tinyModel } = t.fixtures
    const all = tinyModel.files
    const cache = await tempDir()
    const run = await cli(
      [
        'acme/tiny-model',
        '--allow',
        '*.json',
        '--ignore',
        'tokenizer*',
        ...hubAndCache(t.hub.url, cache),
        '--quiet'
      ],
      {}
    )
    expect(run.code).toBe(0)
    const expected = all.filter((p) => p.endsWith('.json') && !p.startsWith('tokenizer')).sort()
    expect(expected).toContain('original/params.json')
    expect(await files(cache, 'models--acme--tiny-model', tinyModel.commits.main)).toEqual(expected)

    const folderCache = await tempDir()
    expect(
      (
        await cli([
          'acme/tiny-model',
          '--allow',
          'original/',
          ...hubAndCache(t.hub.url, folderCache),
          '--quiet'
        ])
      ).code
    ).toBe(0)
    expect(await files(folderCache, 'models--acme--tiny-model', tinyModel.commits.main)).toEqual(
      all.filter((p) => p.startsWith('original/')).sort()
    )
  })

  test('per-repo YAML options override the run-wide flags', async () => {
    const cache = await tempDir()
    const spec = [
      '- repo: acme/tiny-model',
      '  allow: ["config.json"]',
      '- repo: acme/tiny-dataset',
      '  type: dataset'
    ].join('\n')
    const run = await cli([
      `--models=${spec}`,
      '--allow',
      'README.md',
      ...hubAndCache(t.hub.url, cache),
      '--quiet'
    ])
    expect(run).toMatchObject({ code: 0 })
    expect(
      await files(cache, 'models--acme--tiny-model', t.fixtures.tinyModel.commits.main)
    ).toEqual(['config.json'])
    expect(
      await files(cache, 'datasets--acme--tiny-dataset', t.fixtures.tinyDataset.commits.main)
    ).toEqual(['README.md'])
  })

  test('patterns that match nothing fail, saying how many files there are and showing some', async () => {
    const cache = await tempDir()
    const run = await cli([
      'acme/tiny-model',
      '--allow',
      '*.gguf',
      ...hubAndCache(t.hub.url, cache)
    ])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('acme/tiny-model')
    expect(run.stderr).toContain('*.gguf')
    expect(run.stderr).toContain(String(t.fixtures.tinyModel.files.length))
    expect(run.stderr).toContain('config.json')
    expect(await readdir(cache)).toEqual([])
  })
})

describe('--dry-run', () => {
  test('shows the commit, the files and their size, and writes nothing', async () => {
    const cache = join(await tempDir(), 'not-created')
    const run = await cli([
      'acme/tiny-model',
      '--dry-run',
      '--json',
      ...hubAndCache(t.hub.url, cache)
    ])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(t.fixtures.tinyModel.commits.main)
    for (const path of t.fixtures.tinyModel.files) expect(run.stderr).toContain(path)
    const repo = JSON.parse(run.stdout).repos[0]
    expect(repo.paths.sort()).toEqual([...t.fixtures.tinyModel.files].sort())
    expect(repo.wouldDownloadBytes).toBe(repo.bytes)
    await expect(lstat(cache)).rejects.toThrow()
    expect(hubCalls('cdn')).toEqual([])
  })
})
