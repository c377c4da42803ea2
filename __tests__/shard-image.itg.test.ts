// A matrix of `--shard i/3` processes pushing the layers of one image to a real registry (the CNCF
// distribution registry, on a loopback port), then `modelbake assemble`: the same image, digest for
// digest, as a single run; no job downloads everything; assemble uploads nothing but the config.
import { jest } from '@jest/globals'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  cli,
  cliProcess,
  type CliRun,
  expectSnapshotMatchesHub,
  hubAndCache,
  type JsonReport,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'
import {
  Buildah,
  run as runTool,
  skopeo,
  skopeoJson,
  startRegistry,
  umociUnpack,
  uploadedBytes,
  type TestRegistry
} from './helpers/registry.js'

jest.setTimeout(240_000)

const SPECS = [
  'acme/tiny-model',
  'acme/tiny-model:v1.0',
  'datasets/acme/tiny-dataset',
  'acme/shared-blobs',
  'acme/awkward-names'
]
// Small layers, so that the image has many (the weights are split into parts), and compressed, so
// that a layer's digest differs from its diff ID.
const IMAGE_OPTIONS = ['--max-layer-size', '768KiB', '--compression', 'gzip']
const HUB = ['root', '.cache', 'huggingface', 'hub']

interface Layer {
  digest: string
  size: number
  kind: string
  holds: string
}
type Report = JsonReport<{
  imageDigest?: string
  layers: Array<Layer & { position?: number }>
  shard?: string
  shardRecord?: string
  shardRecords?: string[]
  bytesUploaded: number
  splitFiles?: unknown[]
}>
interface RawManifest {
  config: { digest: string; size: number }
  layers: Array<{ digest: string; mediaType: string }>
}

let t: TestHub
let registry: TestRegistry
let lockFile: string
let single: Report
const scratch: string[] = []
const dir = async (prefix?: string) => {
  const path = await tempDir(prefix)
  scratch.push(path)
  return path
}

beforeAll(async () => {
  ;[t, registry] = await Promise.all([startTestHub(), startRegistry()])
  lockFile = join(await dir('mb-lock-'), 'modelbake.lock.json')
  // The reference: one unsharded run, to another repository of the same registry.
  const run = await cli([
    ...SPECS,
    '--endpoint',
    t.hub.url,
    '--cache-dir',
    await dir(),
    '--to',
    `docker://${registry.host}/single/model:v1`,
    ...IMAGE_OPTIONS,
    '--lock',
    lockFile,
    '--json',
    '--quiet'
  ])
  expect(run.code).toBe(0)
  single = JSON.parse(run.stdout) as Report
})
afterAll(async () => {
  await Promise.all([
    t?.close(),
    registry?.close(),
    ...scratch.map((d) => rm(d, { recursive: true, force: true }))
  ])
})

const shardArgs = (ref: string, cache: string, shard: string, extra: string[] = []) => [
  ...SPECS,
  ...hubAndCache(t.hub.url, cache),
  '--to',
  `docker://${ref}`,
  ...IMAGE_OPTIONS,
  '--locked',
  '--lock',
  lockFile,
  '--shard',
  shard,
  '--json',
  '--quiet',
  ...extra
]

const assembleArgs = (ref: string, extra: string[] = []) => [
  'assemble',
  ...SPECS,
  '--endpoint',
  t.hub.url,
  '--to',
  `docker://${ref}`,
  ...IMAGE_OPTIONS,
  '--locked',
  '--lock',
  lockFile,
  '--json',
  '--quiet',
  ...extra
]

/** Tags of a repository, as the registry lists them. */
async function tags(repository: string): Promise<string[]> {
  const response = await fetch(`http://${registry.host}/v2/${repository}/tags/list`)
  if (response.status === 404) return []
  return ((await response.json()) as { tags: string[] | null }).tags?.sort() ?? []
}

/** Blob files (`<repo folder>/<etag>`) in a cache. */
async function blobsIn(cache: string): Promise<string[]> {
  const found: string[] = []
  for (const folder of (await readdir(cache).catch(() => [] as string[])).filter((f) =>
    f.includes('--')
  ))
    for (const name of await readdir(join(cache, folder, 'blobs')).catch(() => [] as string[]))
      found.push(`${folder}/${name}`)
  return found.sort()
}

const rawManifest = (ref: string) =>
  skopeoJson<RawManifest>(['inspect', '--raw', `docker://${ref}`])

describe('three shard processes, then assemble', () => {
  const ref = () => `${registry.host}/sharded/model:v1`
  let caches: string[]
  let shards: CliRun[]
  let reports: Report[]

  beforeAll(async () => {
    caches = await Promise.all([1, 2, 3].map(() => dir()))
    // Real processes, at the same time, as the jobs of a matrix run.
    shards = await Promise.all(
      [1, 2, 3].map((i) => cliProcess(shardArgs(ref(), caches[i - 1], `${i}/3`)))
    )
    reports = shards.map((run) => (run.code === 0 ? (JSON.parse(run.stdout) as Report) : single))
  })

  test('each shard pushes a share of the layers, and together they push each layer once', () => {
    for (const run of shards) expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(reports.map((r) => r.shard!.index)).toEqual([1, 2, 3])
    const layers = single.destinations[0].details.layers
    for (const r of reports) expect(r.shard!.layers).toBeGreaterThan(0)
    const pushed = reports.flatMap((r) => r.destinations[0].details.layers)
    expect(pushed.map((l) => l.position).sort((a, b) => a! - b!)).toEqual(layers.map((_, i) => i))
    // The same layers as the single run, position for position.
    for (const layer of pushed)
      expect({ digest: layer.digest, size: layer.size }).toEqual({
        digest: layers[layer.position!].digest,
        size: layers[layer.position!].size
      })
    // The parts of the split weights are one shard's: the weights are downloaded once.
    const parts = pushed.filter((l) => l.kind === 'blob-part')
    expect(parts.length).toBeGreaterThan(1)
    const withParts = reports.filter((r) =>
      r.destinations[0].details.layers.some((l) => l.kind === 'blob-part')
    )
    expect(withParts).toHaveLength(1)
  })

  test('no shard downloads everything, and each blob is downloaded by one shard', async () => {
    const perShard = await Promise.all(caches.map(blobsIn))
    const all = perShard.flat()
    expect(new Set(all).size).toBe(all.length)
    const reference = reports.reduce((n, r) => n + r.shard!.blobs, 0)
    expect(all).toHaveLength(reference)
    for (const blobs of perShard) expect(blobs.length).toBeLessThan(all.length)
  })

  test('before assemble, the tag does not exist: only the shard records do', async () => {
    expect(await tags('sharded/model')).toEqual([
      'v1-modelbake-shard-1-of-3',
      'v1-modelbake-shard-2-of-3',
      'v1-modelbake-shard-3-of-3'
    ])
    // A record is an artifact manifest listing the layers its shard pushed.
    const record = await skopeoJson<{
      artifactType: string
      config: { mediaType: string }
      layers: Array<{ digest: string; annotations: Record<string, string> }>
    }>(['inspect', '--raw', `docker://${registry.host}/sharded/model:v1-modelbake-shard-2-of-3`])
    expect(record.artifactType).toBe('application/vnd.dev.modelbake.image-shard.v1')
    expect(record.config.mediaType).toBe('application/vnd.oci.empty.v1+json')
    expect(record.layers.map((l) => l.digest)).toEqual(
      reports[1].destinations[0].details.layers.map((l) => l.digest)
    )
    for (const layer of record.layers)
      expect(layer.annotations['dev.modelbake.layer.diff-id']).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  describe('assemble', () => {
    let run: CliRun
    let report: Report
    let requests: typeof registry.requests
    let hubRequests: typeof t.hub.requests

    beforeAll(async () => {
      registry.requests.length = 0
      t.hub.resetRequests()
      // A process of its own, as the last job of a matrix (nothing known from the runs above).
      run = await cliProcess(assembleArgs(ref(), ['--shards', '3']))
      requests = [...registry.requests]
      hubRequests = [...t.hub.requests]
      if (run.code === 0) report = JSON.parse(run.stdout) as Report
    })

    test('gives the image of a single run: the same manifest digest', async () => {
      expect(run).toMatchObject({ code: 0 })
      const details = report.destinations[0].details
      expect(details.imageDigest).toBe(single.destinations[0].details.imageDigest)
      const [sharded, reference] = await Promise.all([
        skopeo(['inspect', '--raw', `docker://${ref()}`]),
        skopeo(['inspect', '--raw', `docker://${registry.host}/single/model:v1`])
      ])
      expect(sharded.stdout).toBe(reference.stdout)
      const inspect = await skopeoJson<{ Digest: string; Env: string[] }>([
        'inspect',
        `docker://${ref()}`
      ])
      expect(inspect.Digest).toBe(details.imageDigest)
      expect(inspect.Env).toContain('HF_HUB_OFFLINE=1')
      expect(details.shardRecords).toHaveLength(3)
    })

    test('moves no layer again: the registry receives the config and nothing else', async () => {
      const manifest = await rawManifest(ref())
      expect(uploadedBytes(requests)).toBe(manifest.config.size)
      expect(report.destinations[0].writtenBytes).toBe(manifest.config.size)
      const uploads = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/uploads/'))
      expect(uploads).toHaveLength(1)
      // --locked: the listings are read; no file is downloaded.
      expect(hubRequests.filter((r) => r.origin === 'cdn')).toEqual([])
      expect(hubRequests.filter((r) => !/^\/api\/\w+\/[^?]+\/tree\//.test(r.path))).toEqual([])
    })

    test('unpacked, the cache holds every snapshot with the hub bytes, files and links as a user sees them', async () => {
      const out = await dir('mb-pulled-')
      await skopeo(['copy', `docker://${ref()}`, `oci:${join(out, 'layout')}:pulled`])
      await umociUnpack(`${join(out, 'layout')}:pulled`, join(out, 'rootfs'))
      const hub = join(out, 'rootfs', ...HUB)
      // The weights were split into parts: joined once after the pull, as the image says.
      expect(single.destinations[0].details.splitFiles).toHaveLength(1)
      await runTool('sh', [join(hub, '.modelbake', 'join.sh')])
      const offline = await cli([...SPECS, '--offline', '--cache-dir', hub, '--quiet'])
      expect(offline).toMatchObject({ code: 0, stderr: '' })
      const { tinyModel, tinyDataset, sharedBlobs, awkwardNames } = t.fixtures
      for (const [fixture, folder, type] of [
        [tinyModel, 'models--acme--tiny-model', 'model'],
        [tinyDataset, 'datasets--acme--tiny-dataset', 'dataset'],
        [sharedBlobs, 'models--acme--shared-blobs', 'model'],
        [awkwardNames, 'models--acme--awkward-names', 'model']
      ] as const)
        await expectSnapshotMatchesHub(t, hub, {
          id: fixture.id,
          type,
          folder,
          commit: fixture.commits.main,
          paths: fixture.files
        })
      // Every file of every snapshot (v1.0 too) re-hashes to the lock's digests.
      expect((await cli(['verify', '--lock', lockFile, '--cache-dir', hub])).code).toBe(0)
    })

    test('run again, it pushes the same image and uploads nothing', async () => {
      registry.requests.length = 0
      const again = await cli(assembleArgs(ref(), ['--shards', '3']))
      expect(again.code).toBe(0)
      expect((JSON.parse(again.stdout) as Report).destinations[0].details.imageDigest).toBe(
        single.destinations[0].details.imageDigest
      )
      expect(uploadedBytes(registry.requests)).toBe(0)
    })
  })
})

test('a shard that has not run makes assemble fail, naming it, and push no manifest', async () => {
  const ref = `${registry.host}/missing/model:v1`
  for (const shard of ['1/3', '3/3'])
    expect(await cliProcess(shardArgs(ref, await dir(), shard))).toMatchObject({ code: 0 })
  registry.requests.length = 0
  const run = await cli(assembleArgs(ref, ['--shards', '3']))
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/lacks \d+ of the image's \d+ layers, so nothing was assembled/)
  expect(run.stderr).toMatch(/shard 2\/3: no record \(missing\/model:v1-modelbake-shard-2-of-3\)/)
  expect(run.stderr).not.toMatch(/shard [13]\/3/)
  expect(run.stderr).toMatch(/re-run the shards named above/)
  expect(registry.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([])
  expect(await tags('missing/model')).toEqual([
    'v1-modelbake-shard-1-of-3',
    'v1-modelbake-shard-3-of-3'
  ])
})

test('a base image: each shard pushes model layers only; assemble mounts the base and writes the same config as a single run', async () => {
  const buildah = await Buildah.create()
  scratch.push(buildah.dir)
  const base = `${registry.host}/base/tools:v1`
  await buildah.pushBase(base)
  const specs = ['acme/tiny-model', 'datasets/acme/tiny-dataset']
  const args = (ref: string, extra: string[]) => [
    ...specs,
    '--endpoint',
    t.hub.url,
    '--to',
    `docker://${ref}`,
    '--base-image',
    base,
    '--max-layer-size',
    '768KiB',
    '--json',
    '--quiet',
    ...extra
  ]
  const reference = await cli(
    args(`${registry.host}/single/on-base:v1`, ['--cache-dir', await dir()])
  )
  expect(reference.code).toBe(0)
  const ref = `${registry.host}/sharded/on-base:v1`
  const shards = await Promise.all(
    ['1/2', '2/2'].map(async (shard) =>
      cliProcess(args(ref, ['--cache-dir', await dir(), '--shard', shard]))
    )
  )
  for (const shard of shards) expect(shard).toMatchObject({ code: 0, stderr: '' })
  registry.requests.length = 0
  const assembled = await cliProcess(['assemble', ...args(ref, ['--shards', '2'])])
  expect(assembled.code).toBe(0)
  const digest = (run: CliRun) =>
    (JSON.parse(run.stdout) as Report).destinations[0].details.imageDigest
  expect(digest(assembled)).toBe(digest(reference))
  // The base's layers were mounted from its repository; only the config was uploaded.
  const manifest = await rawManifest(ref)
  expect(uploadedBytes(registry.requests)).toBe(manifest.config.size)
  const mounts = registry.requests.filter((r) => r.method === 'POST' && r.query.includes('mount='))
  expect(mounts.length).toBeGreaterThan(0)
  expect(mounts.every((m) => m.status === 201 && m.query.includes('from=base%2Ftools'))).toBe(true)
  const config = await skopeoJson<{ config: { Env: string[]; Entrypoint: string[] } }>([
    'inspect',
    '--config',
    `docker://${ref}`
  ])
  expect(config.config.Env).toContain('BASE_VAR=from-base')
  expect(config.config.Entrypoint).toEqual(['/bin/sh', '-c'])
})

describe('refused', () => {
  test.each(['oci:DIR', 'docker-archive:DIR/model.tar'])(
    '--shard to %s: an image file on one runner, exit 2',
    async (to) => {
      const out = await dir('mb-out-')
      const run = await cli([
        'acme/tiny-model',
        '--endpoint',
        t.hub.url,
        '--cache-dir',
        await dir(),
        '--shard',
        '1/2',
        '--to',
        to.replace('DIR', out)
      ])
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/--shard cannot publish to (oci|docker-archive):/)
      expect(run.stderr).toMatch(/shard to a registry \(--to docker:\/\/REGISTRY\/REPO:TAG\)/)
      expect(await readdir(out)).toEqual([])
    }
  )

  test('--shard to an image and a volume at once, exit 2', async () => {
    const run = await cli([
      'acme/tiny-model',
      '--endpoint',
      t.hub.url,
      '--shard',
      '1/2',
      '--to',
      `docker://${registry.host}/refused/model:v1`,
      '--to',
      `volume:${await dir('mb-volume-')}`
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/publishes an image \(docker:\/\/.*\) as its only destination/)
  })

  test('assemble to an image without --shards, exit 2', async () => {
    const run = await cli(assembleArgs(`${registry.host}/refused/model:v1`))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/needs --shards N/)
  })
})
