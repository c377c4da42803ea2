// Images on a base (--base-image, pulled from a registry without a daemon), a model-only image used
// in a real `COPY --from` build by buildah, and a file larger than the layer limit rebuilt inside a
// container. Base images are built here with buildah: a shell, a few tools, and a config to keep.
import { jest } from '@jest/globals'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'
import {
  Buildah,
  skopeo,
  skopeoJson,
  startRegistry,
  umociUnpack,
  type TestRegistry
} from './helpers/registry.js'

jest.setTimeout(240_000)

const HUB = '/root/.cache/huggingface/hub'

interface Details {
  imageDigest: string
  mediaType: string
  platforms: Array<{ platform: string; digest: string; baseLayers?: number }>
  layers: Array<{
    digest: string
    size: number
    kind: string
    part?: { index: number; count: number }
  }>
  blobs: { uploaded: number; present: number; mounted: number }
  bytesUploaded: number
  joinScript?: string
  splitFiles?: Array<{ repo: string; paths: string[]; size: number; parts: number }>
}

interface ImageConfig {
  architecture: string
  config: {
    Env: string[]
    Entrypoint: string[]
    Cmd: string[]
    User: string
    WorkingDir: string
    Labels: Record<string, string>
  }
  rootfs: { diff_ids: string[] }
  history: Array<{ created_by?: string; empty_layer?: boolean }>
}

let t: TestHub
let registry: TestRegistry
let buildah: Buildah
let cache: string
const scratch: string[] = []
let baseConfig: ImageConfig

beforeAll(async () => {
  ;[t, registry, buildah] = await Promise.all([startTestHub(), startRegistry(), Buildah.create()])
  cache = await tempDir()
  await buildah.pushBase(`${registry.host}/base/mini:1`)
  await buildah.pushBase(`${registry.host}/base/multi:1`, ['linux/amd64', 'linux/arm64'])
  baseConfig = await skopeoJson<ImageConfig>([
    'inspect',
    '--config',
    `docker://${registry.host}/base/mini:1`
  ])
})
afterAll(async () => {
  await Promise.all([
    t?.close(),
    registry?.close(),
    buildah?.close(),
    ...[cache, ...scratch].map((dir) => dir && rm(dir, { recursive: true, force: true }))
  ])
})

async function push(target: string, extra: string[] = [], specs = ['acme/tiny-model']) {
  const run = await cli([
    ...specs,
    ...hubAndCache(t.hub.url, cache),
    '--to',
    `docker://${registry.host}/${target}`,
    ...extra,
    '--json'
  ])
  expect(run.stderr).not.toMatch(/error/)
  expect(run.code).toBe(0)
  return { details: JSON.parse(run.stdout).destinations[0].details as Details, stderr: run.stderr }
}

describe('appending onto a base', () => {
  test('keeps its config (entrypoint, cmd, user, workdir, env, labels) and adds the cache env and labels', async () => {
    registry.requests.length = 0
    const { details } = await push('apps/tiny:v1', ['--base-image', `${registry.host}/base/mini:1`])
    const config = await skopeoJson<ImageConfig>([
      'inspect',
      '--config',
      `docker://${registry.host}/apps/tiny:v1`
    ])
    const base = baseConfig.config
    expect(config.config.Entrypoint).toEqual(base.Entrypoint)
    expect(config.config.Cmd).toEqual(base.Cmd)
    expect(config.config.User).toBe('1000:1000')
    expect(config.config.WorkingDir).toBe('/srv')
    expect(config.config.Env).toEqual([...base.Env, `HF_HUB_CACHE=${HUB}`, 'HF_HUB_OFFLINE=1'])
    expect(config.config.Labels['base.label']).toBe('kept')
    expect(config.config.Labels['dev.modelbake.version']).toBeDefined()
    // The base's layers first, then the model's; history stays aligned with the layers.
    expect(config.rootfs.diff_ids.slice(0, baseConfig.rootfs.diff_ids.length)).toEqual(
      baseConfig.rootfs.diff_ids
    )
    expect(config.rootfs.diff_ids.length).toBe(
      baseConfig.rootfs.diff_ids.length + details.layers.length
    )
    expect(config.history.filter((h) => !h.empty_layer).length).toBe(config.rootfs.diff_ids.length)
    // The base's layers were mounted from its repository, not uploaded again.
    expect(details.blobs.mounted).toBe(baseConfig.rootfs.diff_ids.length)
    const manifest = await skopeoJson<{ annotations: Record<string, string> }>([
      'inspect',
      '--raw',
      `docker://${registry.host}/apps/tiny:v1`
    ])
    expect(manifest.annotations['org.opencontainers.image.base.name']).toBe(
      `${registry.host}/base/mini:1`
    )

    // Run in a container (buildah, chroot): the env points at the cache, the file is the hub's.
    const container = (
      await buildah.run([
        'from',
        '--tls-verify=false',
        '--quiet',
        `docker://${registry.host}/apps/tiny:v1`
      ])
    ).stdout.trim()
    const { stdout } = await buildah.run([
      'run',
      container,
      '--',
      'sh',
      '-c',
      'echo "$HF_HUB_CACHE $HF_HUB_OFFLINE $BASE_VAR"; sha256sum "$HF_HUB_CACHE"/models--acme--tiny-model/snapshots/*/model.safetensors'
    ])
    const stored = t.store
      .filesAt(t.fixtures.tinyModel.id, t.fixtures.tinyModel.commits.main)
      .get('model.safetensors')!
    expect(stdout).toContain(`${HUB} 1 from-base`)
    expect(stdout).toContain(stored.sha256)
  })

  test('--no-offline-env leaves HF_HUB_OFFLINE out', async () => {
    await push('apps/online:v1', [
      '--base-image',
      `${registry.host}/base/mini:1`,
      '--no-offline-env'
    ])
    const config = await skopeoJson<ImageConfig>([
      'inspect',
      '--config',
      `docker://${registry.host}/apps/online:v1`
    ])
    expect(config.config.Env).toEqual([...baseConfig.config.Env, `HF_HUB_CACHE=${HUB}`])
  })

  test('a multi-platform base: every platform gets the model layers, in an index; --platform picks some', async () => {
    const { details } = await push('apps/multi:v1', [
      '--base-image',
      `${registry.host}/base/multi:1`
    ])
    expect(details.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(details.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64'])
    const index = await skopeoJson<{
      manifests: Array<{ digest: string; platform: { architecture: string } }>
    }>(['inspect', '--raw', `docker://${registry.host}/apps/multi:v1`])
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64'])
    for (const entry of index.manifests) {
      const config = await skopeoJson<ImageConfig>([
        'inspect',
        '--config',
        `docker://${registry.host}/apps/multi@${entry.digest}`
      ])
      expect(config.architecture).toBe(entry.platform.architecture)
      expect(config.config.Env).toContain(`HF_HUB_CACHE=${HUB}`)
      expect(config.config.Entrypoint).toEqual(['/bin/sh', '-c'])
      expect(config.rootfs.diff_ids.slice(-details.layers.length)).toHaveLength(
        details.layers.length
      )
    }
    const one = await push('apps/arm:v1', [
      '--base-image',
      `${registry.host}/base/multi:1`,
      '--platform',
      'linux/arm64'
    ])
    expect(one.details.platforms.map((p) => p.platform)).toEqual(['linux/arm64'])
    // The same model layers either way: one upload serves every platform.
    expect(one.details.layers.map((l) => l.digest)).toEqual(details.layers.map((l) => l.digest))
    expect(one.details.bytesUploaded).toBeLessThan(2048)
  })
})

test('a model-only image works in a real COPY --from build (buildah)', async () => {
  await push('models/tiny:v1')
  const context = await tempDir('mb-context-')
  scratch.push(context)
  await writeFile(
    join(context, 'Containerfile'),
    [
      `FROM ${registry.host}/base/mini:1`,
      // BuildKit takes `COPY --link --from=...`; buildah 1.28 knows no --link, and means the same.
      `COPY --from=${registry.host}/models/tiny:v1 ${HUB} ${HUB}`,
      ''
    ].join('\n')
  )
  await buildah.run([
    'build',
    '--tls-verify=false',
    '--isolation',
    'chroot',
    '-q',
    '-t',
    'built:1',
    context
  ])
  const out = await tempDir('mb-built-')
  scratch.push(out)
  await buildah.run(['push', 'built:1', `oci:${join(out, 'layout')}:built`])
  await umociUnpack(`${join(out, 'layout')}:built`, join(out, 'rootfs'))
  const hub = join(out, 'rootfs', HUB)
  const offline = await cli([
    'acme/tiny-model',
    '--offline',
    '--cache-dir',
    hub,
    '--json',
    '--quiet'
  ])
  expect(offline.code).toBe(0)
  expect(JSON.parse(offline.stdout).repos[0].commit).toBe(t.fixtures.tinyModel.commits.main)
  await expectSnapshotMatchesHub(t, hub, {
    id: t.fixtures.tinyModel.id,
    folder: 'models--acme--tiny-model',
    commit: t.fixtures.tinyModel.commits.main,
    paths: t.fixtures.tinyModel.files
  })
  // The base's shell is still there: the COPY added files, nothing else.
  expect((await readFile(join(out, 'rootfs', 'bin', 'sh'))).length).toBeGreaterThan(0)
})

test('a file larger than --max-layer-size: several part layers, rebuilt in the container by the join script', async () => {
  const limit = 700 * 1024
  const { details, stderr } = await push('apps/split:v1', [
    '--base-image',
    `${registry.host}/base/mini:1`,
    '--max-layer-size',
    '700KiB'
  ])
  const stored = t.store
    .filesAt(t.fixtures.tinyModel.id, t.fixtures.tinyModel.commits.main)
    .get('model.safetensors')!
  const parts = details.layers.filter((l) => l.kind === 'blob-part')
  expect(parts.length).toBeGreaterThan(1)
  expect(parts.map((p) => p.part)).toEqual(
    parts.map((_, i) => ({ index: i + 1, count: parts.length }))
  )
  expect(details.layers.every((l) => l.size <= limit)).toBe(true)
  expect(details.splitFiles).toEqual([
    {
      repo: 'acme/tiny-model',
      paths: ['model.safetensors'],
      size: stored.size,
      parts: parts.length
    }
  ])
  expect(stderr).toContain(`sh ${HUB}/.modelbake/join.sh`)
  // What the registry holds has no layer over the limit.
  const manifest = await skopeoJson<{ layers: Array<{ size: number }> }>([
    'inspect',
    '--raw',
    `docker://${registry.host}/apps/split:v1`
  ])
  expect(manifest.layers.slice(-details.layers.length).every((l) => l.size <= limit)).toBe(true)

  const container = (
    await buildah.run([
      'from',
      '--tls-verify=false',
      '--quiet',
      `docker://${registry.host}/apps/split:v1`
    ])
  ).stdout.trim()
  const model = `"$HF_HUB_CACHE"/models--acme--tiny-model/snapshots/*/model.safetensors`
  // Before the join the link dangles: a loader fails loudly instead of reading a partial file.
  await expect(
    buildah.run(['run', container, '--', 'sh', '-c', `cat ${model} > /dev/null`])
  ).rejects.toThrow()
  const joined = await buildah.run([
    'run',
    '--user',
    '0:0',
    container,
    '--',
    'sh',
    `${HUB}/.modelbake/join.sh`
  ])
  expect(joined.stdout).toContain(
    `models--acme--tiny-model/blobs/${stored.sha256} (${stored.size} bytes)`
  )
  const check = await buildah.run(['run', container, '--', 'sh', '-c', `sha256sum ${model}`])
  expect(check.stdout).toContain(stored.sha256)
  // Running it again does nothing.
  const again = await buildah.run([
    'run',
    '--user',
    '0:0',
    container,
    '--',
    'sh',
    `${HUB}/.modelbake/join.sh`
  ])
  expect(again.stdout).toBe('')
})

test('oci: and docker-archive: on a base, in one run: the base layers are copied in, same image as pushed', async () => {
  const out = await tempDir('mb-base-out-')
  scratch.push(out)
  const base = `${registry.host}/base/mini:1`
  const run = await cli([
    'acme/tiny-model',
    ...hubAndCache(t.hub.url, cache),
    '--base-image',
    base,
    '--to',
    `oci:${join(out, 'layout')}:v1`,
    '--to',
    `docker-archive:${join(out, 'image.tar')}:acme/app:v1`,
    '--to',
    `docker://${registry.host}/apps/three:v1`,
    '--json',
    '--quiet'
  ])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  const [oci, archive, pushed] = (
    JSON.parse(run.stdout).destinations as Array<{ details: Details }>
  ).map((d) => d.details)
  expect(archive.imageDigest).toBe(oci.imageDigest)
  expect(pushed.imageDigest).toBe(oci.imageDigest)
  for (const ref of [`oci:${join(out, 'layout')}:v1`, `docker-archive:${join(out, 'image.tar')}`]) {
    const config = await skopeoJson<ImageConfig>(['inspect', '--config', ref])
    expect(config.config.Entrypoint).toEqual(baseConfig.config.Entrypoint)
    expect(config.config.Env).toEqual([
      ...baseConfig.config.Env,
      `HF_HUB_CACHE=${HUB}`,
      'HF_HUB_OFFLINE=1'
    ])
    expect(config.rootfs.diff_ids.length).toBe(
      baseConfig.rootfs.diff_ids.length + oci.layers.length
    )
  }
  await skopeo(['copy', `docker-archive:${join(out, 'image.tar')}`, `oci:${join(out, 'back')}:v1`])
  await umociUnpack(`${join(out, 'back')}:v1`, join(out, 'rootfs'))
  expect((await readFile(join(out, 'rootfs', 'bin', 'sh'))).length).toBeGreaterThan(0)
  await expectSnapshotMatchesHub(t, join(out, 'rootfs', HUB), {
    id: t.fixtures.tinyModel.id,
    folder: 'models--acme--tiny-model',
    commit: t.fixtures.tinyModel.commits.main,
    paths: t.fixtures.tinyModel.files
  })
})
