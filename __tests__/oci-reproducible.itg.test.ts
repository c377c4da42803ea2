// Reproducible images: two clones warmed at different times, with different file modes and mtimes
// on disk, give the same digests byte for byte; pinned layer digests catch any change of the tar
// format. Also: OCI layouts and docker-archives that skopeo and umoci read, the tar entries as GNU
// tar lists them, and a file split over layers rebuilt after a umoci unpack.
import { jest } from '@jest/globals'
import { chmod, readdir, readFile, rm, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'
import { run, skopeo, skopeoJson, umociUnpack } from './helpers/registry.js'

jest.setTimeout(120_000)

const HUB = ['root', '.cache', 'huggingface', 'hub']
const SPECS = ['acme/tiny-model', 'acme/awkward-names', 'datasets/acme/tiny-dataset']

interface Details {
  imageDigest: string
  imageId?: string
  layers: Array<{ digest: string; size: number; kind: string; holds: string }>
  joinScript?: string
}

let t: TestHub
const scratch: string[] = []
const dir = async (prefix: string) => {
  const path = await tempDir(prefix)
  scratch.push(path)
  return path
}

beforeAll(async () => {
  t = await startTestHub()
})
afterAll(async () => {
  await Promise.all([t?.close(), ...scratch.map((d) => rm(d, { recursive: true, force: true }))])
})

async function bake(cache: string, destinations: string[], extra: string[] = [], specs = SPECS) {
  const result = await cli([
    ...specs,
    ...hubAndCache(t.hub.url, cache),
    ...destinations.flatMap((d) => ['--to', d]),
    ...extra,
    '--json',
    '--quiet'
  ])
  expect(result.code).toBe(0)
  // --quiet: nothing but warnings, and only the one a split file deserves.
  for (const line of result.stderr.split('\n').filter(Boolean))
    expect(line).toMatch(
      /^warning: .* is larger than --max-layer-size: stored as \d+ part layers; run `sh \/root\/.cache\/huggingface\/hub\/.modelbake\/join.sh`/
    )
  return (
    JSON.parse(result.stdout) as { destinations: Array<{ details: Details }> }
  ).destinations.map((d) => d.details)
}

async function walk(root: string, visit: (path: string) => Promise<void>): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name)
    if (entry.isDirectory()) await walk(path, visit)
    else await visit(path)
  }
}

async function blobs(layout: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>()
  for (const name of await readdir(join(layout, 'blobs', 'sha256')))
    found.set(name, await readFile(join(layout, 'blobs', 'sha256', name)))
  return found
}

describe('two builds from different clones, at different times', () => {
  let a: Details
  let b: Details
  let layoutA: string
  let layoutB: string

  beforeAll(async () => {
    const [cacheA, cacheB, out] = await Promise.all([
      dir('mb-clone-a-'),
      dir('mb-clone-b-'),
      dir('mb-out-')
    ])
    layoutA = join(out, 'a')
    layoutB = join(out, 'b')
    ;[a] = await bake(cacheA, [`oci:${layoutA}:v1`])
    await sleep(1100)
    // Clone B: warmed later, then its files get other modes and mtimes, as another host would have.
    await bake(cacheB, [])
    await walk(cacheB, async (path) => {
      await chmod(path, 0o600).catch(() => undefined)
      await utimes(path, new Date('2031-05-06T07:08:09Z'), new Date('2031-05-06T07:08:09Z')).catch(
        () => undefined
      )
    })
    ;[b] = await bake(cacheB, [`oci:${layoutB}:v1`], ['--offline'])
  })

  test('give identical digests, and identical bytes for every blob', async () => {
    expect(b.imageDigest).toBe(a.imageDigest)
    expect(b.layers).toEqual(a.layers)
    const [blobsA, blobsB] = await Promise.all([blobs(layoutA), blobs(layoutB)])
    expect([...blobsB.keys()].sort()).toEqual([...blobsA.keys()].sort())
    for (const [name, bytes] of blobsA) expect(blobsB.get(name)!.equals(bytes)).toBe(true)
  })

  test('the layers of the tiny model have the same digests on every machine (pinned)', async () => {
    const [details] = await bake(
      await dir('mb-pinned-'),
      [`oci:${await dir('mb-pinned-out-')}`],
      [],
      ['acme/tiny-model']
    )
    // A change here means every image modelbake ever built gets new digests: only on purpose.
    expect(details.layers.map((l) => [l.kind, l.digest])).toEqual([
      ['blobs', 'sha256:491223e5dffa3bc45e4c3d9bd202ee0b51af837e0a90136d309ede068dd2866f'],
      ['metadata', 'sha256:54a137ea25cf9defb53e4b1f90e0557ba5976dbed147cb62c77ca498ee4386ee']
    ])
  })

  test('layers are plain tars: sorted entries, mtime 0, owner 0/0, fixed modes, links kept as links', async () => {
    const manifest = JSON.parse(
      (await skopeo(['inspect', '--raw', `oci:${layoutA}:v1`])).stdout
    ) as { layers: Array<{ digest: string }> }
    for (const layer of manifest.layers) {
      const path = join(layoutA, 'blobs', 'sha256', layer.digest.slice(7))
      const listing = (
        await run('tar', ['--numeric-owner', '--utc', '-tvf', path], { env: { TZ: 'UTC' } })
      ).stdout
      const lines = listing.trim().split('\n')
      for (const line of lines) {
        expect(line).toMatch(/^(drwxr-xr-x|-rw-r--r--|lrwxrwxrwx) 0\/0 +\d+ 1970-01-01 00:00 /)
      }
      const names = (await run('tar', ['-tf', path])).stdout.trim().split('\n')
      expect(names).toEqual(
        [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
      )
      expect(
        names.every((n) => !n.startsWith('/') && n.startsWith('root/.cache/huggingface/hub'))
      ).toBe(true)
    }
    // Snapshot files are links (not copies), and non-ASCII names survive (PAX).
    const all = (
      await Promise.all(
        manifest.layers.map(
          async (l) =>
            (await run('tar', ['-tvf', join(layoutA, 'blobs', 'sha256', l.digest.slice(7))])).stdout
        )
      )
    ).join('')
    expect(all).toMatch(
      /snapshots\/[0-9a-f]{40}\/model\.safetensors -> \.\.\/\.\.\/blobs\/[0-9a-f]{64}/
    )
    expect(all).toContain('日本語/ファイル.txt -> ../../../blobs/')
  })
})

test('docker-archive: skopeo reads it, it unpacks to the same cache; same image as oci:', async () => {
  const [cache, out] = await Promise.all([dir('mb-archive-cache-'), dir('mb-archive-')])
  const archive = join(out, 'model.tar')
  const [oci, docker] = await bake(cache, [
    `oci:${join(out, 'layout')}:v1`,
    `docker-archive:${archive}:acme/tiny:v1`
  ])
  expect(docker.imageDigest).toBe(oci.imageDigest)
  const inspect = await skopeoJson<{ Layers: string[]; Env: string[] }>([
    'inspect',
    `docker-archive:${archive}`
  ])
  expect(inspect.Layers).toEqual(oci.layers.map((l) => l.digest))
  expect(inspect.Env).toContain('HF_HUB_OFFLINE=1')
  const manifest = JSON.parse(
    (await run('tar', ['-xOf', archive, 'manifest.json'])).stdout
  ) as Array<{ Config: string; RepoTags: string[]; Layers: string[] }>
  expect(manifest[0].RepoTags).toEqual(['acme/tiny:v1'])
  expect(`sha256:${manifest[0].Config.replace('.json', '')}`).toBe(docker.imageId)
  await skopeo(['copy', `docker-archive:${archive}`, `oci:${join(out, 'back')}:v1`])
  await umociUnpack(`${join(out, 'back')}:v1`, join(out, 'rootfs'))
  const hub = join(out, 'rootfs', ...HUB)
  const offline = await cli([...SPECS, '--offline', '--cache-dir', hub, '--quiet'])
  expect(offline).toMatchObject({ code: 0, stderr: '' })
  const { tinyModel } = t.fixtures
  await expectSnapshotMatchesHub(t, hub, {
    id: tinyModel.id,
    folder: 'models--acme--tiny-model',
    commit: tinyModel.commits.main,
    paths: tinyModel.files
  })
})

test('a file larger than the layer limit survives the round trip: parts in layers, joined after unpacking', async () => {
  const [cache, out] = await Promise.all([dir('mb-split-cache-'), dir('mb-split-')])
  const limit = 640 * 1024
  const [details] = await bake(
    cache,
    [`oci:${join(out, 'layout')}:v1`],
    ['--max-layer-size', String(limit)]
  )
  expect(details.layers.filter((l) => l.kind === 'blob-part').length).toBeGreaterThan(1)
  expect(details.layers.every((l) => l.size <= limit)).toBe(true)
  await umociUnpack(`${join(out, 'layout')}:v1`, join(out, 'rootfs'))
  const hub = join(out, 'rootfs', ...HUB)
  // Unpacked but not joined: the cache is incomplete, and modelbake says so.
  const before = await cli(['acme/tiny-model', '--offline', '--cache-dir', hub, '--quiet'])
  expect(before.code).not.toBe(0)
  const joined = await run('sh', [join(hub, '.modelbake', 'join.sh')])
  expect(joined.stdout).toMatch(
    /modelbake join: models--acme--tiny-model\/blobs\/[0-9a-f]{64} \(\d+ bytes\)/
  )
  const after = await cli([...SPECS, '--offline', '--cache-dir', hub, '--quiet'])
  expect(after).toMatchObject({ code: 0, stderr: '' })
  for (const [key, folder] of [
    ['tinyModel', 'models--acme--tiny-model'],
    ['awkwardNames', 'models--acme--awkward-names'],
    ['tinyDataset', 'datasets--acme--tiny-dataset']
  ] as const) {
    const fixture = t.fixtures[key]
    await expectSnapshotMatchesHub(t, hub, {
      id: fixture.id,
      type: key === 'tinyDataset' ? 'dataset' : 'model',
      folder,
      commit: fixture.commits.main,
      paths: fixture.files
    })
  }
})
