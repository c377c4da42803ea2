// The local hub's store, fixtures and helpers, without HTTP.
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  HubStore,
  buildDemoFixtures,
  buildFixtures,
  gitBlobSha1,
  isLfsByDefault,
  keystreamBuffer,
  lfsPointer,
  loadFolder,
  parseRange
} from '../src/localhub/index.js'

const dirs: string[] = []
async function freshStore(): Promise<HubStore> {
  const dir = await mkdtemp(join(tmpdir(), 'localhub-store-'))
  dirs.push(dir)
  return new HubStore(dir)
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('parseRange', () => {
  test.each([
    [undefined, 10, { kind: 'full' }],
    ['bytes=0-4', 10, { kind: 'partial', start: 0, end: 4 }],
    ['bytes=5-', 10, { kind: 'partial', start: 5, end: 9 }],
    ['bytes=-3', 10, { kind: 'partial', start: 7, end: 9 }],
    ['bytes=-30', 10, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=8-100', 10, { kind: 'partial', start: 8, end: 9 }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }],
    ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=0-0', 0, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=5-2', 10, { kind: 'full' }],
    ['bytes=0-1,4-5', 10, { kind: 'full' }],
    ['items=0-1', 10, { kind: 'full' }]
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected)
  })
})

describe('ids', () => {
  test('git blob sha1 matches `git hash-object`', () => {
    expect(gitBlobSha1(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    expect(gitBlobSha1(Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391')
  })

  test('the LFS pointer text', () => {
    expect(lfsPointer('ab'.repeat(32), 42)).toBe(
      `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 42\n`
    )
  })

  test.each([
    ['model.safetensors', 10, true],
    ['sub/Model.BIN', 10, true],
    ['data/x.parquet', 1, true],
    ['config.json', 10, false],
    ['big.txt', 10 * 1024 * 1024, true],
    ['almost.txt', 10 * 1024 * 1024 - 1, false]
  ])('LFS by default: %s (%i bytes) → %s', (path, size, expected) => {
    expect(isLfsByDefault(path, size)).toBe(expected)
  })
})

describe('HubStore', () => {
  test('the same inputs give the same shas in another store', async () => {
    const build = async () => {
      const store = await freshStore()
      store.createRepo('org/repo')
      const first = await store.commit('org/repo', {
        files: { 'a.txt': 'a', 'w.safetensors': { size: 5000, seed: 's' }, 'g.bin': { size: 100 } }
      })
      const second = await store.commit('org/repo', { files: { 'a.txt': 'b' } })
      return { first, second, files: [...store.filesAt('org/repo').values()] }
    }
    const [one, two] = [await build(), await build()]
    expect(one).toEqual(two)
    expect(one.first).not.toBe(one.second)
  })

  test('a commit starts from the branch; delete removes; the object is the content', async () => {
    const store = await freshStore()
    store.createRepo('org/repo')
    await store.commit('org/repo', { files: { 'keep.txt': 'k', 'drop.txt': 'd' } })
    await store.commit('org/repo', { files: { 'new.txt': 'n' }, delete: ['drop.txt'] })
    const files = store.filesAt('org/repo')
    expect([...files.keys()].sort()).toEqual(['keep.txt', 'new.txt'])
    const kept = files.get('keep.txt')!
    expect(await readFile(store.objectPath(kept.sha256), 'utf8')).toBe('k')
    expect(kept.oid).toBe(gitBlobSha1(Buffer.from('k')))
  })

  test('generated content is deterministic per seed and carries LFS ids', async () => {
    const store = await freshStore()
    store.createRepo('org/gen')
    await store.commit('org/gen', {
      files: {
        'a.safetensors': { size: 3 * 1024 * 1024 + 7, seed: 'x' },
        'b.safetensors': { size: 3 * 1024 * 1024 + 7, seed: 'x' },
        'c.safetensors': { size: 3 * 1024 * 1024 + 7, seed: 'y' }
      }
    })
    const files = store.filesAt('org/gen')
    const [a, b, c] = ['a', 'b', 'c'].map((n) => files.get(`${n}.safetensors`)!)
    expect(a!.sha256).toBe(b!.sha256)
    expect(a!.sha256).not.toBe(c!.sha256)
    const bytes = await readFile(store.objectPath(a!.sha256))
    expect(bytes.length).toBe(3 * 1024 * 1024 + 7)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(a!.sha256)
    expect(bytes.subarray(0, 1024)).toEqual((await keystreamBuffer('x', 1024)).subarray(0, 1024))
    const pointer = lfsPointer(a!.sha256, bytes.length)
    expect(a!.lfs).toEqual({ oid: a!.sha256, size: bytes.length, pointerSize: pointer.length })
    expect(a!.oid).toBe(gitBlobSha1(Buffer.from(pointer)))
    expect(a!.xetHash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('the lfs option overrides the default rule', async () => {
    const store = await freshStore()
    store.createRepo('org/rule')
    await store.commit('org/rule', {
      files: { 'x.safetensors': 'tiny', 'y.txt': 'text' },
      lfs: (path) => path.endsWith('.txt')
    })
    const files = store.filesAt('org/rule')
    expect(files.get('x.safetensors')!.lfs).toBeUndefined()
    expect(files.get('y.txt')!.lfs).toBeDefined()
  })

  test('bad paths and file/folder clashes are refused', async () => {
    const store = await freshStore()
    store.createRepo('org/bad')
    for (const path of ['../x', '/abs', 'a//b', 'a/./b', '']) {
      await expect(store.commit('org/bad', { files: { [path]: 'x' } })).rejects.toThrow(
        /invalid path/
      )
    }
    await expect(
      store.commit('org/bad', { files: { a: 'file', 'a/b': 'inside' } })
    ).rejects.toThrow(/both a file and a folder/)
  })

  test('refs: tags, branches, refs/pr/N, commits; "datasets/" ids select the type', async () => {
    const store = await freshStore()
    store.createRepo('datasets/org/data')
    const first = await store.commit('datasets/org/data', { files: { 'a.txt': '1' } })
    store.tag('datasets/org/data', 'v1', first)
    store.setRef('datasets/org/data', 'refs/pr/3', 'v1')
    await store.commit('org/data', { type: 'dataset', files: { 'a.txt': '2' } })
    const repo = store.repo('org/data', 'dataset')
    expect(repo.type).toBe('dataset')
    for (const rev of ['v1', 'refs/pr/3', 'refs/tags/v1', first]) {
      expect(store.resolveRevision(repo, rev)?.sha).toBe(first)
    }
    expect(store.resolveRevision(repo, 'main')?.sha).not.toBe(first)
    expect(() => store.setRef('datasets/org/data', 'pr/3', first)).toThrow()
  })

  test('rename: the old id redirects and tokens granted on it still apply', async () => {
    const store = await freshStore()
    store.createRepo('org/old', { private: true })
    await store.commit('org/old', { files: { 'a.txt': 'a' } })
    store.addToken('tok', { repos: ['org/old'] })
    store.rename('org/old', 'org/new')
    store.rename('org/new', 'org/newest')
    const found = store.lookup('model', 'org/old')
    expect(found.kind).toBe('renamed')
    expect(found.kind !== 'missing' && found.repo.id).toBe('org/newest')
    expect(store.lookup('model', 'org/newest').kind).toBe('repo')
    expect(store.canAccess('tok', store.repo('org/newest'))).toBe(true)
    expect(store.canAccess(undefined, store.repo('org/newest'))).toBe(false)
  })
})

describe('fixtures', () => {
  test('are deterministic: two builds describe the same commits', async () => {
    const a = await buildFixtures(await freshStore())
    const b = await buildFixtures(await freshStore())
    expect(a).toEqual(b)
    expect(a.manyFiles.files.filter((f) => f !== '.gitattributes')).toHaveLength(300)
    expect(a.tinyModel.lfsFiles).toEqual(['model.safetensors'])
    expect(a.tinyDataset.type).toBe('dataset')
  })

  test('the demo model is a sharded safetensors checkpoint whose index matches its shards', async () => {
    const store = await freshStore()
    const demo = await buildDemoFixtures(store)
    const files = store.filesAt(demo.model.id)
    const index = JSON.parse(
      await readFile(store.objectPath(files.get('model.safetensors.index.json')!.sha256), 'utf8')
    ) as { metadata: { total_size: number }; weight_map: Record<string, string> }
    let total = 0
    for (const shard of new Set(Object.values(index.weight_map))) {
      const bytes = await readFile(store.objectPath(files.get(shard)!.sha256))
      const headerLength = Number(bytes.readBigUInt64LE(0))
      const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as Record<
        string,
        { data_offsets?: [number, number] }
      >
      for (const [name, tensor] of Object.entries(header)) {
        if (name === '__metadata__') continue
        expect(index.weight_map[name]).toBe(shard)
        total += tensor.data_offsets![1] - tensor.data_offsets![0]
      }
    }
    expect(total).toBe(index.metadata.total_size)
    expect(files.get(demo.model.files.find((f) => f.endsWith('.safetensors'))!)?.lfs).toBeDefined()
  })
})

describe('loadFolder', () => {
  test('org/name folders become models, datasets/org/name datasets, one commit each', async () => {
    const root = await mkdtemp(join(tmpdir(), 'localhub-folder-'))
    dirs.push(root)
    await mkdir(join(root, 'org', 'model', 'sub'), { recursive: true })
    await mkdir(join(root, 'datasets', 'org', 'data'), { recursive: true })
    await writeFile(join(root, 'org', 'model', 'config.json'), '{}')
    await writeFile(join(root, 'org', 'model', 'sub', 'w.safetensors'), Buffer.alloc(1000, 1))
    await writeFile(join(root, 'datasets', 'org', 'data', 'rows.jsonl'), '{}\n')
    const store = await freshStore()
    const loaded = await loadFolder(store, root)
    expect(loaded.map((r) => [r.type, r.id, r.files])).toEqual([
      ['dataset', 'org/data', 1],
      ['model', 'org/model', 2]
    ])
    const weights = store.filesAt('org/model').get('sub/w.safetensors')!
    expect(weights.lfs?.oid).toBe(createHash('sha256').update(Buffer.alloc(1000, 1)).digest('hex'))
  })
})
