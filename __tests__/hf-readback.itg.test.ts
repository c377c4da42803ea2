// A cache warmed by modelbake, read back by a library no one here wrote: @huggingface/hub's cache
// functions. Where they read it as huggingface_hub (Python, the reference) would, every detail is
// checked; where huggingface.js itself departs from huggingface_hub, the departure is pinned
// exactly, in tests named for it, so that a change on either side shows.
import { access, readdir, readFile, readlink, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  downloadFileToCacheDir,
  getRepoFolderName,
  scanCacheDir,
  type CachedRepoInfo
} from '@huggingface/hub'
import type { HubRepoType, StoredFile } from '../src/localhub/index.js'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

let t: TestHub
let cache: string

/** One snapshot as huggingface_hub's scan_cache_dir would see it: every file, every ref. */
interface ExpectedRevision {
  commit: string
  refs: string[]
  files: ReadonlyMap<string, StoredFile>
}

interface ExpectedRepo {
  id: string
  type: HubRepoType
  revisions: ExpectedRevision[]
}

let expected: ExpectedRepo[]

const etagOf = (f: StoredFile) => (f.lfs ? f.sha256 : f.oid)
const folderOf = (repo: { id: string; type: HubRepoType }) =>
  getRepoFolderName({ name: repo.id, type: repo.type })

beforeAll(async () => {
  t = await startTestHub()
  cache = await tempDir()
  const { tinyModel, tinyDataset, awkwardNames, sharedBlobs } = t.fixtures
  const run = await cli([
    'acme/tiny-model',
    'acme/tiny-model:v1.0',
    'acme/tiny-model:dev',
    'acme/tiny-model:refs/pr/1',
    'datasets/acme/tiny-dataset',
    'acme/awkward-names',
    'acme/shared-blobs',
    ...hubAndCache(t.hub.url, cache),
    '--json',
    '--quiet'
  ])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  // modelbake's own report names the same folders as huggingface.js does.
  const reported = (JSON.parse(run.stdout) as { repos: Array<{ snapshotPath: string }> }).repos
  const folders = new Set(reported.map((r) => r.snapshotPath.slice(cache.length + 1).split('/')[0]))
  expect([...folders].sort()).toEqual(
    [
      folderOf(tinyModel),
      folderOf(tinyDataset),
      folderOf(awkwardNames),
      folderOf(sharedBlobs)
    ].sort()
  )

  const revision = (repo: { id: string; type: HubRepoType }, commit: string, refs: string[]) => ({
    commit,
    refs,
    files: t.store.filesAt(repo.id, commit, repo.type)
  })
  expected = [
    {
      id: tinyModel.id,
      type: 'model',
      revisions: [
        revision(tinyModel, tinyModel.commits.main, ['main']),
        revision(tinyModel, tinyModel.commits.first, ['v1.0']),
        revision(tinyModel, tinyModel.commits.dev, ['dev']),
        revision(tinyModel, tinyModel.commits.pr1, ['refs/pr/1'])
      ]
    },
    {
      id: tinyDataset.id,
      type: 'dataset',
      revisions: [revision(tinyDataset, tinyDataset.commits.main, ['main'])]
    },
    {
      id: awkwardNames.id,
      type: 'model',
      revisions: [revision(awkwardNames, awkwardNames.commits.main, ['main'])]
    },
    {
      id: sharedBlobs.id,
      type: 'model',
      revisions: [revision(sharedBlobs, sharedBlobs.commits.main, ['main'])]
    }
  ]
  // The fixtures are what this test needs: four distinct commits, nested paths, a nested ref.
  expect(new Set(expected[0].revisions.map((r) => r.commit)).size).toBe(4)
})
afterAll(async () => {
  await t.close()
  await rm(cache, { recursive: true, force: true })
})

const repoDir = (repo: ExpectedRepo) => join(cache, folderOf(repo))
const byCommit = (scanned: CachedRepoInfo) =>
  new Map(scanned.revisions.map((rev) => [rev.commitOid, rev]))

async function scannedRepos(): Promise<Map<string, CachedRepoInfo>> {
  const scan = await scanCacheDir(cache)
  expect(scan.warnings.map(String)).toEqual([])
  return new Map(scan.repos.map((r) => [`${r.id.type}:${r.id.name}`, r]))
}

describe('scanCacheDir', () => {
  test('reports no warnings and every repo with its type, id and folder', async () => {
    const scan = await scanCacheDir(cache)
    expect(scan.warnings.map(String)).toEqual([])
    expect(
      scan.repos
        .map((r) => ({ type: r.id.type, name: r.id.name, path: r.path }))
        .sort((a, b) => a.name.localeCompare(b.name))
    ).toEqual(
      expected
        .map((r) => ({ type: r.type, name: r.id, path: repoDir(r) }))
        .sort((a, b) => a.name.localeCompare(b.name))
    )
    // A dataset is a dataset, read from datasets--acme--tiny-dataset.
    const dataset = scan.repos.find((r) => r.id.name === t.fixtures.tinyDataset.id)!
    expect(dataset.id.type).toBe('dataset')
    expect(dataset.path).toBe(join(cache, 'datasets--acme--tiny-dataset'))
  })

  test('reports every revision with its commit, and the refs that are files directly under refs/', async () => {
    const repos = await scannedRepos()
    for (const repo of expected) {
      const scanned = repos.get(`${repo.type}:${repo.id}`)!
      expect(scanned.revisions.map((r) => r.commitOid).sort()).toEqual(
        repo.revisions.map((r) => r.commit).sort()
      )
      const revisions = byCommit(scanned)
      for (const rev of repo.revisions) {
        expect({ commit: rev.commit, refs: [...revisions.get(rev.commit)!.refs].sort() }).toEqual({
          commit: rev.commit,
          refs: rev.refs.filter((ref) => !ref.includes('/')).sort()
        })
        expect(revisions.get(rev.commit)!.path).toBe(join(repoDir(repo), 'snapshots', rev.commit))
      }
    }
  })

  // huggingface.js scanRefsDir skips directories, so a nested ref file is never read; huggingface_hub
  // walks refs/ with glob("**/*") and names the ref by its path under refs/ ("refs/pr/1").
  test('huggingface.js 2.17.5 departs from huggingface_hub: the nested ref refs/pr/1 is not reported', async () => {
    const { tinyModel } = t.fixtures
    const repo = expected[0]
    expect(await readFile(join(repoDir(repo), 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(
      tinyModel.commits.pr1
    )
    const scanned = (await scannedRepos()).get(`model:${tinyModel.id}`)!
    expect(byCommit(scanned).get(tinyModel.commits.pr1)!.refs).toEqual([])
  })

  test('lists each file it scans as a link to the blob named by its etag, which exists, with the hub size', async () => {
    const repos = await scannedRepos()
    for (const repo of expected) {
      const scanned = repos.get(`${repo.type}:${repo.id}`)!
      const revisions = byCommit(scanned)
      const blobs = new Map<string, number>()
      for (const rev of repo.revisions) {
        const scannedRev = revisions.get(rev.commit)!
        expect(scannedRev.files.length).toBeGreaterThan(0)
        for (const file of scannedRev.files) {
          const path = file.path.slice(scannedRev.path.length + 1)
          const stored = rev.files.get(path)
          expect({ path, known: stored !== undefined }).toEqual({ path, known: true })
          expect({ path, blob: file.blob.path, size: file.blob.size }).toEqual({
            path,
            blob: join(repoDir(repo), 'blobs', etagOf(stored!)),
            size: stored!.size
          })
          await access(file.blob.path)
          blobs.set(file.blob.path, file.blob.size)
        }
        // huggingface.js sums its files' blobs (a blob linked twice counts twice).
        expect(scannedRev.size).toBe(scannedRev.files.reduce((s, f) => s + f.blob.size, 0))
      }
      // The repo counts each blob once.
      expect({ repo: repo.id, files: scanned.filesCount, size: scanned.size }).toEqual({
        repo: repo.id,
        files: blobs.size,
        size: [...blobs.values()].reduce((a, b) => a + b, 0)
      })
    }
    // One content under two paths is one blob.
    const shared = repos.get(`model:${t.fixtures.sharedBlobs.id}`)!
    const [a, b] = t.fixtures.sharedBlobs.samePlain
    const blobOf = (name: string) => shared.revisions[0].files.find((f) => f.path.endsWith(name))!
    expect(blobOf(a).blob.path).toBe(blobOf(b).blob.path)
  })

  // huggingface.js scanSnapshotDir reads only the top level of a snapshot (it skips directories);
  // huggingface_hub walks it with glob("**/*"). Every file at the top level is found above; exactly
  // the files in subfolders are missing, although modelbake links them like the others (see the
  // downloadFileToCacheDir test below, which reads them all).
  test('huggingface.js 2.17.5 departs from huggingface_hub: files in subfolders of a snapshot are not listed', async () => {
    const repos = await scannedRepos()
    const missing: Record<string, string[]> = {}
    const nested: Record<string, string[]> = {}
    for (const repo of expected) {
      const revisions = byCommit(repos.get(`${repo.type}:${repo.id}`)!)
      for (const rev of repo.revisions) {
        const scannedRev = revisions.get(rev.commit)!
        const listed = new Set(
          scannedRev.files.map((f) => f.path.slice(scannedRev.path.length + 1))
        )
        const key = `${repo.id}@${rev.commit.slice(0, 8)}`
        missing[key] = [...rev.files.keys()].filter((p) => !listed.has(p)).sort()
        nested[key] = [...rev.files.keys()].filter((p) => p.includes('/')).sort()
      }
    }
    expect(missing).toEqual(nested)
    expect(Object.values(nested).flat()).toEqual(
      expect.arrayContaining([
        'original/params.json',
        'data/test.jsonl',
        'café/naïve é.json',
        '日本語/ファイル.txt',
        'deep/a/b/c/d/e/f/g/h/i/j/leaf.txt',
        'a/weights.safetensors'
      ])
    )
  })
})

describe('downloadFileToCacheDir at a commit', () => {
  test('returns every file of every revision from the cache, with the hub bytes, and no request', async () => {
    const calls: string[] = []
    const noNetwork = (async (input: Parameters<typeof fetch>[0]) => {
      calls.push(String(input))
      throw new Error(`network used: ${String(input)}`)
    }) as typeof fetch
    let checked = 0
    for (const repo of expected) {
      for (const rev of repo.revisions) {
        for (const [path, stored] of rev.files) {
          const got = await downloadFileToCacheDir({
            repo: { type: repo.type, name: repo.id },
            path,
            revision: rev.commit,
            cacheDir: cache,
            hubUrl: t.hub.url,
            fetch: noNetwork
          })
          expect(got).toBe(join(repoDir(repo), 'snapshots', rev.commit, ...path.split('/')))
          const depth = path.split('/').length - 1
          expect({ path, link: await readlink(got) }).toEqual({
            path,
            link: `${'../'.repeat(depth + 2)}blobs/${etagOf(stored)}`
          })
          const [onDisk, onHub] = await Promise.all([
            readFile(got),
            readFile(t.store.objectPath(stored.sha256))
          ])
          expect({ path, same: onDisk.equals(onHub) }).toEqual({ path, same: true })
          checked++
        }
      }
    }
    expect(calls).toEqual([])
    expect(checked).toBe(
      expected.reduce((n, r) => n + r.revisions.reduce((m, rev) => m + rev.files.size, 0), 0)
    )
    expect(t.fixtures.awkwardNames.files).toContain(t.fixtures.awkwardNames.emptyFile)
  })

  test('takes a dataset as "datasets/org/name" too, and finds it under datasets--org--name', async () => {
    const { tinyDataset } = t.fixtures
    const noNetwork = (async () => {
      throw new Error('network used')
    }) as typeof fetch
    for (const path of tinyDataset.files) {
      const got = await downloadFileToCacheDir({
        repo: `datasets/${tinyDataset.id}`,
        path,
        revision: tinyDataset.commits.main,
        cacheDir: cache,
        fetch: noNetwork
      })
      expect(got).toBe(
        join(cache, 'datasets--acme--tiny-dataset', 'snapshots', tinyDataset.commits.main, path)
      )
    }
    // The throwing fetch is the one it uses: a file that is not cached needs the network.
    await expect(
      downloadFileToCacheDir({
        repo: `datasets/${tinyDataset.id}`,
        path: 'not-cached.txt',
        revision: tinyDataset.commits.main,
        cacheDir: cache,
        fetch: noNetwork
      })
    ).rejects.toThrow('network used')
  })
})

// huggingface_hub writes refs/<revision> only when the revision is not a commit, and its scan accepts
// a repo with no refs/ folder; huggingface.js stat()s refs/ unconditionally and would drop such a
// repo. modelbake therefore leaves an empty refs/ for a repo fetched by commit only.
test('a repo fetched by commit only is scanned too (an empty refs/ folder, no ref file)', async () => {
  const byCommitOnly = await tempDir()
  const { manyFiles } = t.fixtures
  const run = await cli([
    `${manyFiles.id}:${manyFiles.commits.main}`,
    ...hubAndCache(t.hub.url, byCommitOnly),
    '--quiet'
  ])
  expect(run.code).toBe(0)
  const folder = join(byCommitOnly, 'models--acme--many-files')
  expect(await readdir(join(folder, 'refs'))).toEqual([])
  const scan = await scanCacheDir(byCommitOnly)
  expect(scan.warnings).toEqual([])
  expect(scan.repos.map((r) => [r.id.name, r.revisions.map((v) => v.commitOid)])).toEqual([
    [manyFiles.id, [manyFiles.commits.main]]
  ])
  await rm(byCommitOnly, { recursive: true, force: true })
})
