// docker:// against the real CNCF distribution registry (started here on a loopback port): what
// skopeo sees, what comes back out (copied by skopeo, unpacked by umoci, read offline by modelbake
// and checked against the hub's bytes), what a second push costs, mounts, chunked uploads,
// compression, and every way of authenticating.
import { jest } from '@jest/globals'
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  type JsonReport,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'
import {
  Buildah,
  PASSWORD,
  USERNAME,
  run as runTool,
  skopeo,
  skopeoJson,
  startRegistry,
  umociUnpack,
  uploadedBytes,
  type TestRegistry
} from './helpers/registry.js'

jest.setTimeout(180_000)

const HUB_PATH = ['root', '.cache', 'huggingface', 'hub']

interface PushDetails {
  imageDigest: string
  imageRef: string
  mediaType: string
  layers: Array<{ digest: string; size: number; mediaType: string; kind: string; holds: string }>
  snapshotPaths: Record<string, string>
  bytesUploaded: number
  bytesSkipped: number
  blobs: { uploaded: number; present: number; mounted: number }
}

type Report = JsonReport<PushDetails>

const hasZstd = await runTool('sh', ['-c', 'command -v zstd']).then(
  () => true,
  () => false
)

let t: TestHub
let registry: TestRegistry
let cache: string
const scratch: string[] = []

beforeAll(async () => {
  ;[t, registry] = await Promise.all([startTestHub(), startRegistry()])
  cache = await tempDir()
})
afterAll(async () => {
  await Promise.all([
    t?.close(),
    registry?.close(),
    ...[cache, ...scratch].map((dir) => dir && rm(dir, { recursive: true, force: true }))
  ])
})

async function push(specs: string[], destinations: string[], extra: string[] = [], env = {}) {
  const run = await cli(
    [
      ...specs,
      ...hubAndCache(t.hub.url, cache),
      ...destinations.flatMap((d) => ['--to', d]),
      ...extra,
      '--json'
    ],
    env
  )
  return { ...run, report: run.code === 0 ? (JSON.parse(run.stdout) as Report) : undefined }
}

/**
 * Copy the image back with skopeo and unpack it with umoci (or pull it into buildah's storage and
 * mount it: umoci 0.4 reads no zstd), then read the cache offline with modelbake.
 */
async function pullAndVerify(
  ref: string,
  specs: string[],
  expected: Array<{ id: string; type?: 'model' | 'dataset'; folder: string; paths?: string[] }>,
  options: { creds?: boolean; via?: 'umoci' | 'buildah' } = {}
) {
  let rootfs: string
  if (options.via === 'buildah') {
    const buildah = await Buildah.create()
    scratch.push(buildah.dir)
    const container = (
      await buildah.run(['from', '--tls-verify=false', '--quiet', `docker://${ref}`])
    ).stdout.trim()
    rootfs = (await buildah.run(['mount', container])).stdout.trim()
  } else {
    const dir = await tempDir('mb-pulled-')
    scratch.push(dir)
    await skopeo(['copy', `docker://${ref}`, `oci:${join(dir, 'layout')}:pulled`], options)
    await umociUnpack(`${join(dir, 'layout')}:pulled`, join(dir, 'rootfs'))
    rootfs = join(dir, 'rootfs')
  }
  const hub = join(rootfs, ...HUB_PATH)
  const offline = await cli([...specs, '--offline', '--cache-dir', hub, '--json', '--quiet'])
  expect(offline).toMatchObject({ code: 0, stderr: '' })
  const repos = (JSON.parse(offline.stdout) as Report).repos
  for (const repo of expected) {
    const fixture = Object.values(t.fixtures).find(
      (f) => (f as { id?: string }).id === repo.id
    ) as {
      id: string
      commits: { main: string }
      files: string[]
    }
    expect(repos.find((r) => r.label.endsWith(repo.id))?.commit).toBe(fixture.commits.main)
    await expectSnapshotMatchesHub(t, hub, {
      id: repo.id,
      type: repo.type,
      folder: repo.folder,
      commit: fixture.commits.main,
      paths: repo.paths ?? fixture.files
    })
  }
  return hub
}

describe('a model-only image pushed to a registry', () => {
  let first: Awaited<ReturnType<typeof push>>
  const ref = () => `${registry.host}/models/tiny:v1`

  beforeAll(async () => {
    registry.requests.length = 0
    first = await push(['acme/tiny-model', 'datasets/acme/tiny-dataset'], [`docker://${ref()}`])
    expect(first.code).toBe(0)
  })

  test('inspects cleanly with skopeo: digest, env, labels with the source commits, the layers reported', async () => {
    const details = first.report!.destinations[0].details
    expect(details.imageRef).toBe(`${registry.host}/models/tiny@${details.imageDigest}`)
    const inspect = await skopeoJson<{
      Digest: string
      Env: string[]
      Labels: Record<string, string>
      Layers: string[]
      Architecture: string
      Os: string
    }>(['inspect', `docker://${ref()}`])
    expect(inspect.Digest).toBe(details.imageDigest)
    expect(inspect.Env).toEqual(['HF_HUB_CACHE=/root/.cache/huggingface/hub', 'HF_HUB_OFFLINE=1'])
    expect(inspect.Layers).toEqual(details.layers.map((l) => l.digest))
    expect({ os: inspect.Os, arch: inspect.Architecture }).toEqual({ os: 'linux', arch: 'amd64' })
    const repos = JSON.parse(inspect.Labels['dev.modelbake.repos']) as Array<{
      repo: string
      commit: string
      type: string
    }>
    expect(repos).toEqual([
      {
        repo: 'acme/tiny-dataset',
        type: 'dataset',
        revision: 'main',
        commit: t.fixtures.tinyDataset.commits.main
      },
      {
        repo: 'acme/tiny-model',
        type: 'model',
        revision: 'main',
        commit: t.fixtures.tinyModel.commits.main
      }
    ])
    expect(inspect.Labels['dev.modelbake.version']).toMatch(/^\d+\.\d+\.\d+/)
    // The raw manifest: OCI, uncompressed layers, each annotated with what it holds.
    const manifest = await skopeoJson<{
      mediaType: string
      layers: Array<{ mediaType: string; annotations: Record<string, string> }>
      annotations: Record<string, string>
    }>(['inspect', '--raw', `docker://${ref()}`])
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(
      manifest.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar')
    ).toBe(true)
    expect(manifest.layers.map((l) => l.annotations['dev.modelbake.holds'])).toEqual(
      details.layers.map((l) => l.holds)
    )
    expect(manifest.annotations['dev.modelbake.repos']).toBe(inspect.Labels['dev.modelbake.repos'])
    // Snapshot paths inside the image, for the report.
    expect(details.snapshotPaths).toEqual({
      'acme/tiny-model': `/root/.cache/huggingface/hub/models--acme--tiny-model/snapshots/${t.fixtures.tinyModel.commits.main}`,
      'datasets/acme/tiny-dataset': `/root/.cache/huggingface/hub/datasets--acme--tiny-dataset/snapshots/${t.fixtures.tinyDataset.commits.main}`
    })
    expect(details.bytesUploaded).toBe(uploadedBytes(registry.requests) - 0)
  })

  test('copied back and unpacked, it holds a cache that resolves offline to the same commits, with the hub bytes', async () => {
    await pullAndVerify(
      ref(),
      ['acme/tiny-model', 'datasets/acme/tiny-dataset'],
      [
        { id: 'acme/tiny-model', folder: 'models--acme--tiny-model' },
        { id: 'acme/tiny-dataset', type: 'dataset', folder: 'datasets--acme--tiny-dataset' }
      ]
    )
  })

  test('a second push uploads 0 blob bytes, and says so', async () => {
    registry.requests.length = 0
    const again = await push(
      ['acme/tiny-model', 'datasets/acme/tiny-dataset'],
      [`docker://${ref()}`]
    )
    expect(again.code).toBe(0)
    const details = again.report!.destinations[0].details
    expect(details.imageDigest).toBe(first.report!.destinations[0].details.imageDigest)
    expect(details.bytesUploaded).toBe(0)
    expect(again.report!.destinations[0].writtenBytes).toBe(0)
    expect(details.blobs.uploaded).toBe(0)
    expect(again.stderr).toMatch(/uploaded 0 B: all \d+ blobs were already in the registry/)
    // The registry saw no upload at all: HEADs, then the manifest.
    expect(uploadedBytes(registry.requests)).toBe(0)
    expect(registry.requests.filter((r) => r.method === 'POST')).toEqual([])
    expect(registry.requests.filter((r) => r.method === 'HEAD').length).toBe(
      details.layers.length + 1
    )
  })
})

describe('uploads', () => {
  test('in chunks, in order per blob; a second repository of the same registry mounts instead of uploading', async () => {
    registry.requests.length = 0
    const run = await push(
      ['acme/awkward-names'],
      [`docker://${registry.host}/models/awkward:v1`, `docker://${registry.host}/other/awkward:v1`],
      [],
      { MODELBAKE_UPLOAD_CHUNK_SIZE: '16KiB' }
    )
    expect(run.code).toBe(0)
    const [a, b] = run.report!.destinations.map((d) => d.details)
    expect(a.imageDigest).toBe(b.imageDigest)
    expect(a.bytesUploaded).toBeGreaterThan(40 * 1024)
    // Several PATCHes for the large layer, with increasing ranges; then the PUT with the digest.
    const patches = registry.requests.filter((r) => r.method === 'PATCH')
    expect(patches.length).toBeGreaterThan(a.blobs.uploaded)
    expect(Math.max(...patches.map((p) => p.bytes))).toBeLessThanOrEqual(16 * 1024)
    expect(uploadedBytes(registry.requests)).toBe(a.bytesUploaded)
    // The second destination: every blob mounted from the first repository, nothing uploaded.
    expect(b.blobs).toEqual({ uploaded: 0, present: 0, mounted: a.blobs.uploaded })
    expect(b.bytesUploaded).toBe(0)
    const mounts = registry.requests.filter(
      (r) => r.method === 'POST' && r.query.includes('mount=')
    )
    expect(mounts.length).toBe(a.blobs.uploaded)
    expect(
      mounts.every(
        (m) =>
          m.path === '/v2/other/awkward/blobs/uploads/' &&
          m.query.includes('from=models%2Fawkward') &&
          m.status === 201
      )
    ).toBe(true)
    await pullAndVerify(
      `${registry.host}/other/awkward:v1`,
      ['acme/awkward-names'],
      [{ id: 'acme/awkward-names', folder: 'models--acme--awkward-names' }]
    )
  })

  test.each([
    ['gzip', 'application/vnd.oci.image.layer.v1.tar+gzip', 'umoci'],
    ['zstd', 'application/vnd.oci.image.layer.v1.tar+zstd', 'buildah']
  ] as const)(
    '--compression %s: compressed layers, and the image unpacks to the same cache (%s)',
    async (compression, mediaType, via) => {
      const ref = `${registry.host}/models/tiny-${compression}:v1`
      const run = await push(
        ['acme/tiny-model'],
        [`docker://${ref}`],
        ['--compression', compression],
        { PATH: process.env.PATH }
      )
      if (compression === 'zstd' && !hasZstd) {
        // Node 20 has no zstd: without the zstd command, modelbake says what to do.
        expect(run.code).toBe(1)
        expect(run.stderr).toMatch(/cannot run zstd \(ENOENT\)[\s\S]*install the zstd command/)
        return
      }
      expect(run).toMatchObject({ code: 0 })
      const details = run.report!.destinations[0].details
      expect(details.layers.every((l) => l.mediaType === mediaType)).toBe(true)
      const raw = await skopeoJson<{ layers: Array<{ mediaType: string }> }>([
        'inspect',
        '--raw',
        `docker://${ref}`
      ])
      expect(raw.layers.map((l) => l.mediaType)).toEqual(details.layers.map(() => mediaType))
      await pullAndVerify(
        ref,
        ['acme/tiny-model'],
        [{ id: 'acme/tiny-model', folder: 'models--acme--tiny-model' }],
        { via }
      )
    }
  )
})

test('connections broken in the middle of a chunk, and 503s: retried, and the upload resumed or restarted as the registry says', async () => {
  registry.requests.length = 0
  Object.assign(registry.faults, { unavailable: 2, cutPatches: 2, cutAfterBytes: 20_000 })
  const ref = `${registry.host}/models/flaky:v1`
  const run = await push(['acme/shared-blobs'], [`docker://${ref}`], [], {
    MODELBAKE_UPLOAD_CHUNK_SIZE: '32KiB',
    MODELBAKE_RETRY_BASE_MS: '1'
  })
  expect(run.code).toBe(0)
  expect(registry.faults).toMatchObject({ unavailable: 0, cutPatches: 0 })
  expect(run.stderr.match(/retrying HEAD blob/g)).toHaveLength(2)
  expect(run.stderr.match(/retrying upload of/g)).toHaveLength(2)
  expect(registry.requests.filter((r) => r.method === 'PATCH' && r.status === 0)).toHaveLength(2)
  // (a repository no other test pushed to: nothing to mount from)
  // After each break the client asked the registry how far it got (GET on the upload URL).
  expect(
    registry.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/uploads/')).length
  ).toBeGreaterThanOrEqual(2)
  await pullAndVerify(
    ref,
    ['acme/shared-blobs'],
    [{ id: 'acme/shared-blobs', folder: 'models--acme--shared-blobs' }]
  )
})

describe('authentication', () => {
  let tokenRegistry: TestRegistry
  let basicRegistry: TestRegistry
  beforeAll(async () => {
    ;[tokenRegistry, basicRegistry] = await Promise.all([
      startRegistry('token'),
      startRegistry('basic')
    ])
  })
  afterAll(() => Promise.all([tokenRegistry?.close(), basicRegistry?.close()]))

  test('without credentials: a clear failure that names the way to log in', async () => {
    const run = await push(['acme/tiny-model'], [`docker://${tokenRegistry.host}/models/tiny:v1`])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/refused anonymous access \(HTTP 401/)
    expect(run.stderr).toMatch(/docker login|--registry-username/)
  })

  test('token flow (WWW-Authenticate: Bearer) with --registry-username/--registry-password; the password is never printed', async () => {
    tokenRegistry.tokenRequests.length = 0
    const ref = `${tokenRegistry.host}/models/tiny:v1`
    const run = await push(
      ['acme/tiny-model'],
      [`docker://${ref}`],
      ['--registry-username', USERNAME, '--registry-password', PASSWORD]
    )
    expect(run.code).toBe(0)
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD)
    expect(
      tokenRegistry.tokenRequests.some(
        (r) => r.user === USERNAME && r.scopes.includes('repository:models/tiny:pull,push')
      )
    ).toBe(true)
    expect(
      tokenRegistry.requests
        .filter((r) => r.method === 'PUT')
        .every((r) => r.authorization === 'bearer')
    ).toBe(true)
    const inspect = await skopeoJson<{ Digest: string; Labels: Record<string, string> }>(
      ['inspect', `docker://${ref}`],
      { creds: true }
    )
    expect(inspect.Digest).toBe(run.report!.destinations[0].details.imageDigest)
    expect(JSON.stringify(inspect.Labels)).not.toContain(PASSWORD)
    await pullAndVerify(
      ref,
      ['acme/tiny-model'],
      [{ id: 'acme/tiny-model', folder: 'models--acme--tiny-model' }],
      { creds: true }
    )
  })

  test('credentials from ~/.docker/config.json (auths), and through a credential helper', async () => {
    const home = await tempDir('mb-home-')
    scratch.push(home)
    await mkdir(join(home, '.docker'))
    await writeFile(
      join(home, '.docker', 'config.json'),
      JSON.stringify({
        auths: {
          [tokenRegistry.host]: { auth: Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64') }
        }
      })
    )
    const fromAuths = await push(
      ['acme/tiny-model'],
      [`docker://${tokenRegistry.host}/models/from-config:v1`],
      [],
      { HOME: home }
    )
    expect(fromAuths.code).toBe(0)

    const bin = join(home, 'bin')
    await mkdir(bin)
    const helper = join(bin, 'docker-credential-mbtest')
    await writeFile(
      helper,
      `#!/bin/sh\nread server\n[ "$server" = "${basicRegistry.host}" ] || exit 1\nprintf '{"ServerURL":"%s","Username":"${USERNAME}","Secret":"${PASSWORD}"}' "$server"\n`
    )
    await chmod(helper, 0o755)
    await writeFile(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ credHelpers: { [basicRegistry.host]: 'mbtest' } })
    )
    const ref = `${basicRegistry.host}/models/tiny:v1`
    const viaHelper = await push(['acme/tiny-model'], [`docker://${ref}`], [], {
      HOME: home,
      PATH: `${bin}:${process.env.PATH}`
    })
    expect(viaHelper.code).toBe(0)
    // htpasswd: Basic auth on every request after the first challenge.
    expect(
      basicRegistry.requests.some((r) => r.method === 'PUT' && r.authorization === 'basic')
    ).toBe(true)
    const inspect = await skopeoJson<{ Digest: string }>(['inspect', `docker://${ref}`], {
      creds: true
    })
    expect(inspect.Digest).toBe(viaHelper.report!.destinations[0].details.imageDigest)
  })
})
