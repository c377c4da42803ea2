// Which bytes go into which layer: large blobs alone, small ones grouped, links/refs/listings last,
// files over the limit in parts, the layer budget, and independence from the order of the specs.
import type { RepoFile } from '../src/core/types.js'
import { joinScript } from '../src/destinations/oci/join-script.js'
import { planLayers, type PlanRepo } from '../src/destinations/oci/layer-plan.js'

const MiB = 1024 * 1024
const hex = (seed: string, length: number) => seed.repeat(length).slice(0, length)

function lfs(path: string, size: number, seed: string): RepoFile {
  return { path, size, blobId: hex(`b${seed}`, 40), lfs: { sha256: hex(seed, 64), size } }
}
function plain(path: string, size: number, seed: string): RepoFile {
  return { path, size, blobId: hex(seed, 40) }
}

function repo(name: string, files: RepoFile[], extra: Partial<PlanRepo> = {}): PlanRepo {
  return {
    folder: `models--${name.replace('/', '--')}`,
    label: name,
    revision: 'main',
    commit: hex('c', 40),
    files,
    blobPath: (etag) => `/cache/${name}/${etag}`,
    ...extra
  }
}

const options = {
  imagePath: '/root/.cache/huggingface/hub',
  maxLayerSize: 64 * MiB,
  compressed: false,
  joinScript: (splits: Parameters<typeof joinScript>[0]) => joinScript(splits, 'test')
}

test('one layer per large blob, small files grouped, then the links, refs and listing', () => {
  const model = repo(
    'acme/m',
    [
      lfs('model-00002-of-00002.safetensors', 20 * MiB, 'a'),
      lfs('model-00001-of-00002.safetensors', 30 * MiB, 'b'),
      plain('config.json', 500, 'c'),
      plain('tokenizer.json', 2 * MiB, 'd'),
      lfs('copy/model-00001-of-00002.safetensors', 30 * MiB, 'b') // same content, same blob
    ],
    { treeListing: Buffer.from('{"format_version":1,"files":{}}') }
  )
  const plan = planLayers([model], options)
  expect(plan.layers.map((l) => [l.kind, l.files])).toEqual([
    ['blob', ['copy/model-00001-of-00002.safetensors', 'model-00001-of-00002.safetensors']],
    ['blob', ['model-00002-of-00002.safetensors']],
    ['blobs', ['config.json', 'tokenizer.json']],
    ['metadata', undefined]
  ])
  const meta = plan.layers[3].entries
  expect(
    meta
      .filter((e) => e.type === 'symlink')
      .map((e) => [e.path.split('/').slice(-2).join('/'), e.linkTarget])
  ).toEqual([
    [`${'c'.repeat(40)}/config.json`, `../../blobs/${hex('c', 40)}`],
    ['copy/model-00001-of-00002.safetensors', `../../../blobs/${hex('b', 64)}`],
    [`${'c'.repeat(40)}/model-00001-of-00002.safetensors`, `../../blobs/${hex('b', 64)}`],
    [`${'c'.repeat(40)}/model-00002-of-00002.safetensors`, `../../blobs/${hex('a', 64)}`],
    [`${'c'.repeat(40)}/tokenizer.json`, `../../blobs/${hex('d', 40)}`]
  ])
  expect(meta.some((e) => e.path.endsWith('/refs/main'))).toBe(true)
  expect(meta.some((e) => e.path.endsWith(`/trees/${hex('c', 40)}.json`))).toBe(true)
  // Every layer starts at the image path; entries sorted, parents before children.
  for (const layer of plan.layers) {
    expect(layer.entries[0]).toEqual({ type: 'dir', path: 'root/.cache/huggingface/hub' })
    const paths = layer.entries.map((e) => e.path)
    expect(paths).toEqual([...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))))
  }
  expect(plan.snapshotPaths).toEqual({
    'acme/m': `/root/.cache/huggingface/hub/models--acme--m/snapshots/${hex('c', 40)}`
  })
  expect(plan.splits).toEqual([])
})

test('no ref when the revision is the commit itself', () => {
  const pinned = repo('acme/m', [plain('a', 1, 'a')], { revision: hex('c', 40) })
  const meta = planLayers([pinned], options).layers.at(-1)!
  expect(meta.entries.some((e) => e.path.includes('/refs/'))).toBe(false)
})

test('the order of the specs does not change the layers', () => {
  const a = repo('acme/a', [lfs('w.safetensors', 20 * MiB, 'a'), plain('c.json', 10, 'c')])
  const b = repo('acme/b', [lfs('w.safetensors', 20 * MiB, 'e'), plain('c.json', 10, 'f')])
  const keys = (repos: PlanRepo[]) => planLayers(repos, options).layers.map((l) => l.key)
  expect(keys([b, a])).toEqual(keys([a, b]))
})

test.each([false, true])(
  'a blob over the limit is cut into parts that each fit (compressed: %s), plus the join script',
  (compressed) => {
    const limit = 8 * MiB
    const big = lfs('huge.gguf', 20 * MiB + 123, 'a')
    const plan = planLayers([repo('acme/m', [big, plain('c.json', 10, 'c')])], {
      ...options,
      maxLayerSize: limit,
      compressed
    })
    const parts = plan.layers.filter((l) => l.kind === 'blob-part')
    expect(parts.length).toBe(3)
    const headroom = (size: number) =>
      compressed ? size + Math.ceil(size / 1000) + 64 * 1024 : size
    expect(plan.layers.every((l) => headroom(l.size) <= limit)).toBe(true)
    // The parts cover the blob exactly, in order.
    const sources = parts.map((l) => l.entries.find((e) => e.type === 'file')!)
    let offset = 0
    for (const entry of sources) {
      expect(entry.source).toMatchObject({
        kind: 'file',
        offset,
        path: `/cache/acme/m/${hex('a', 64)}`
      })
      offset += entry.size!
    }
    expect(offset).toBe(big.size)
    expect(sources.map((e) => e.path.split('/').pop())).toEqual([
      'part-00001-of-00003',
      'part-00002-of-00003',
      'part-00003-of-00003'
    ])
    expect(plan.splits).toEqual([
      expect.objectContaining({
        etag: hex('a', 64),
        size: big.size,
        sha256: hex('a', 64),
        paths: ['huge.gguf']
      })
    ])
    const last = plan.layers.at(-1)!
    expect(last.kind).toBe('join-script')
    expect(last.entries.at(-1)).toMatchObject({
      path: 'root/.cache/huggingface/hub/.modelbake/join.sh',
      mode: 0o755
    })
    expect(plan.joinScript).toBe('/root/.cache/huggingface/hub/.modelbake/join.sh')
  }
)

test('over the layer budget, the smallest large blobs share layers; the largest keep their own', () => {
  const files = Array.from({ length: 12 }, (_, i) =>
    lfs(`shard-${i}.safetensors`, (10 + i) * MiB, i.toString(16))
  )
  const plan = planLayers([repo('acme/m', files)], {
    ...options,
    maxLayerSize: 64 * MiB,
    maxLayers: 8
  })
  expect(plan.layers.length).toBeLessThanOrEqual(8)
  const own = plan.layers.filter((l) => l.kind === 'blob').flatMap((l) => l.files)
  expect(own).toContain('shard-11.safetensors')
  expect(plan.layers.flatMap((l) => l.files ?? []).sort()).toEqual(files.map((f) => f.path).sort())
  expect(plan.layers.every((l) => l.size <= 64 * MiB)).toBe(true)
})

test('a limit too small for any part is an error', () => {
  expect(() =>
    planLayers([repo('acme/m', [lfs('w', 10 * MiB, 'a')])], { ...options, maxLayerSize: 2048 })
  ).toThrow(/too small/)
})

test('the join script names every part, checks size and sha256, and is idempotent', () => {
  const text = joinScript(
    [
      {
        folder: 'models--acme--m',
        label: 'acme/m',
        etag: hex('a', 64),
        size: 123,
        sha256: hex('a', 64),
        parts: [
          '.modelbake/parts/models--acme--m/x/part-00001-of-00002',
          '.modelbake/parts/models--acme--m/x/part-00002-of-00002'
        ],
        paths: ["it's.gguf"]
      }
    ],
    '1.2.3'
  )
  expect(text.startsWith('#!/bin/sh\n')).toBe(true)
  expect(text).toContain(`join_blob 'models--acme--m' '${hex('a', 64)}' 123 '${hex('a', 64)}'`)
  expect(text).toContain(`"$hub"/'.modelbake/parts/models--acme--m/x/part-00002-of-00002'`)
  expect(text).toContain('sha256sum -c')
  expect(text).toContain('modelbake 1.2.3')
})

test('thousands of small files fill each layer as far as the limit allows, and no further', () => {
  const files = Array.from({ length: 3000 }, (_, i) =>
    plain(`data/part-${i}.json`, 100 * 1024, i.toString(16).padStart(40, '0'))
  )
  const plan = planLayers([repo('acme/many', files)], options)
  const blobs = plan.layers.filter((l) => l.kind === 'blobs')
  expect(blobs.flatMap((l) => l.files).sort()).toEqual(files.map((f) => f.path).sort())
  // Each file is a 512-byte header and 100 KiB: 652 fit under 64 MiB with the folders, 653 do not.
  const entry = 512 + 100 * 1024
  expect(blobs.map((l) => l.files!.length)).toEqual([652, 652, 652, 652, 392])
  for (const layer of blobs.slice(0, -1)) {
    expect(layer.size).toBeLessThanOrEqual(64 * MiB)
    expect(layer.size + entry).toBeGreaterThan(64 * MiB)
  }
})
