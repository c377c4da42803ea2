// Sharded images (pure parts): which shard pushes which layer, and the record tags.
import type { RepoFile } from '../src/core/types.js'
import { joinScript } from '../src/destinations/oci/join-script.js'
import { layerBlobs, planLayers, type PlanRepo } from '../src/destinations/oci/layer-plan.js'
import { layerOwners, layerUnits, recordTag } from '../src/destinations/oci/shard.js'

const MiB = 1024 * 1024
const hex = (seed: string, length: number) => seed.repeat(length).slice(0, length)
const lfs = (path: string, size: number, seed: string): RepoFile => ({
  path,
  size,
  blobId: hex(`b${seed}`, 40),
  lfs: { sha256: hex(seed, 64), size }
})

function repo(name: string, files: RepoFile[]): PlanRepo {
  return {
    folder: `models--${name.replace('/', '--')}`,
    label: name,
    revision: 'main',
    commit: hex('c', 40),
    files,
    blobPath: (etag) => `/cache/${name}/${etag}`
  }
}

const options = {
  imagePath: '/root/.cache/huggingface/hub',
  maxLayerSize: 64 * MiB,
  compressed: false,
  joinScript: (splits: Parameters<typeof joinScript>[0]) => joinScript(splits, 'test')
}

const repos = [
  repo('acme/big', [
    lfs('huge.safetensors', 150 * MiB, 'a'), // three parts
    lfs('model-1.safetensors', 40 * MiB, 'b'),
    lfs('model-2.safetensors', 30 * MiB, 'c'),
    lfs('config.json', 1000, 'd')
  ]),
  repo('acme/small', [lfs('model.safetensors', 20 * MiB, 'e'), lfs('tokenizer.json', 9 * MiB, 'f')])
]

test('the parts of a split blob are one unit; every other layer is a unit of its own', () => {
  const plan = planLayers(repos, options)
  const units = layerUnits(plan)
  const parts = plan.layers.flatMap((l, i) => (l.kind === 'blob-part' ? [i] : []))
  expect(parts).toHaveLength(3)
  expect(units.filter((u) => u.layers.length > 1).map((u) => u.layers)).toEqual([parts])
  expect(units.flatMap((u) => u.layers).sort((a, b) => a - b)).toEqual(plan.layers.map((_, i) => i))
  expect(units.reduce((n, u) => n + u.size, 0)).toBe(plan.layers.reduce((n, l) => n + l.size, 0))
})

test('layers dealt largest first to the least-loaded shard; each blob read by one shard; any spec order', () => {
  const plan = planLayers(repos, options)
  const owners = layerOwners(plan, 3)
  expect(owners.every((o) => o >= 1 && o <= 3)).toBe(true)
  // The 150 MiB file's parts: shard 1. Then 40 MiB to shard 2, 30 MiB to shard 3, 20 MiB to shard 3…
  const byHolds = (text: string) => owners[plan.layers.findIndex((l) => l.holds.includes(text))]
  expect(byHolds('huge.safetensors, part 1')).toBe(1)
  expect(byHolds('huge.safetensors, part 3')).toBe(1)
  expect(byHolds('model-1.safetensors')).toBe(2)
  expect(byHolds('model-2.safetensors')).toBe(3)
  const readers = new Map<string, Set<number>>()
  plan.layers.forEach((layer, i) =>
    layerBlobs(layer).forEach((b) => readers.set(b, (readers.get(b) ?? new Set()).add(owners[i])))
  )
  for (const shards of readers.values()) expect(shards.size).toBe(1)
  expect(layerOwners(planLayers([...repos].reverse(), options), 3)).toEqual(owners)
  // More shards than units: the extra shards get nothing.
  const many = layerOwners(plan, 50)
  expect(new Set(many).size).toBe(layerUnits(plan).length)
})

test('record tags: readable, within the 128 characters of a tag', () => {
  expect(recordTag('v1', 2, 3)).toBe('v1-modelbake-shard-2-of-3')
  const long = 'x'.repeat(120)
  const tag = recordTag(long, 12, 40)
  expect(tag).toMatch(/^modelbake-shard-12-of-40-[0-9a-f]{32}$/)
  expect(tag).not.toBe(recordTag('y'.repeat(120), 12, 40))
  expect(/^[\w][\w.-]{0,127}$/.test(recordTag('a'.repeat(128), 999999, 999999))).toBe(true)
})
