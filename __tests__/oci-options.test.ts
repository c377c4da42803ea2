// The pure parts of the image destinations, as tables: image references and transport targets,
// flags, WWW-Authenticate challenges, where credentials come from, and config merging.
import { UsageError } from '../src/core/errors.js'
import { parseByteSize } from '../src/core/size.js'
import { findCredential, registryOfKey } from '../src/destinations/oci/credentials.js'
import { buildConfig, mergeEnv, parsePlatform } from '../src/destinations/oci/image.js'
import { parseOciOptions, parseSize } from '../src/destinations/oci/options.js'
import {
  isLoopback,
  parseArchiveTarget,
  parseImageReference,
  parseLayoutTarget
} from '../src/destinations/oci/reference.js'
import { parseChallenges } from '../src/destinations/oci/registry-auth.js'

test.each([
  [
    'ubuntu',
    { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/ubuntu' }
  ],
  ['docker.io/org/img:1.0', { registry: 'docker.io', repository: 'org/img', tag: '1.0' }],
  [
    'index.docker.io/library/python:3.12',
    { registry: 'docker.io', repository: 'library/python', tag: '3.12' }
  ],
  ['ghcr.io/Org/../x', undefined],
  [
    'ghcr.io/org/models/llama:v1',
    { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/models/llama', tag: 'v1' }
  ],
  ['docker://127.0.0.1:5000/m', { registry: '127.0.0.1:5000', repository: 'm' }],
  ['localhost/m:t', { registry: 'localhost', repository: 'm', tag: 't' }],
  [
    `r.example/m@sha256:${'a'.repeat(64)}`,
    { registry: 'r.example', repository: 'm', digest: `sha256:${'a'.repeat(64)}` }
  ],
  ['r.example/m@sha256:abc', undefined],
  ['r.example/UPPER:v1', undefined],
  ['', undefined]
])('image reference %s', (text, expected) => {
  if (!expected) expect(() => parseImageReference(text)).toThrow(UsageError)
  else expect(parseImageReference(text)).toMatchObject(expected)
})

test.each([
  ['/tmp/layout', { dir: '/tmp/layout' }],
  ['/tmp/layout:v1', { dir: '/tmp/layout', tag: 'v1' }]
])('oci:%s', (target, expected) => expect(parseLayoutTarget(target)).toEqual(expected))

test.each([
  ['/tmp/a.tar', { file: '/tmp/a.tar' }],
  ['/tmp/a.tar:acme/tiny:v1', { file: '/tmp/a.tar', tag: 'acme/tiny:v1' }],
  ['/tmp/a.tar:tiny', { file: '/tmp/a.tar', tag: 'tiny:latest' }],
  ['/tmp/a.tar:ghcr.io/o/m:2', { file: '/tmp/a.tar', tag: 'ghcr.io/o/m:2' }]
])('docker-archive:%s', (target, expected) => expect(parseArchiveTarget(target)).toEqual(expected))

test.each([
  ['127.0.0.1:5000', true],
  ['localhost', true],
  ['[::1]:5000', true],
  ['ghcr.io', false],
  ['10.0.0.1:5000', false]
])('loopback %s', (host, expected) => expect(isLoopback(host)).toBe(expected))

test.each([
  ['9GiB', 9 * 1024 ** 3],
  ['10GB', 10 * 1000 ** 3],
  ['512MiB', 512 * 1024 ** 2],
  ['700KiB', 700 * 1024],
  ['1048576', 1048576],
  ['1.5g', 1.5 * 1024 ** 3],
  ['1.5GiB', 1.5 * 1024 ** 3],
  // Fractions of a byte round to the nearest, as every size modelbake reads (--s3-part-size, ...).
  ['10.7KiB', Math.round(10.7 * 1024)],
  ['4.0009 KiB', 4097]
])('size %s', (text, bytes) => {
  expect(parseSize(text, '--max-layer-size', 0)).toBe(bytes)
  expect(parseByteSize(text)).toBe(bytes)
})

test.each(['', 'ten', '-1', '12XB', '100'])('bad size %j', (text) => {
  if (text === '') expect(parseSize(text, 'x', 7)).toBe(7)
  else expect(() => parseSize(text, '--max-layer-size', 0)).toThrow(UsageError)
})

test('a bad size names the flag or variable, the value, and what to write', () => {
  const refused = (text: string, what: string) => {
    try {
      parseSize(text, what, 0)
    } catch (error) {
      return { message: (error as UsageError).message, hint: (error as UsageError).hint }
    }
    throw new Error(`${text} was accepted`)
  }
  const hint = 'give a size of at least 4096 bytes, e.g. 9GiB, 10GB, 512MiB or a number of bytes'
  expect(refused('1.5 GiBs', '--max-layer-size')).toEqual({
    message: 'invalid --max-layer-size "1.5 GiBs"',
    hint
  })
  expect(refused('4095.4', 'MODELBAKE_UPLOAD_CHUNK_SIZE')).toEqual({
    message: 'invalid MODELBAKE_UPLOAD_CHUNK_SIZE "4095.4"',
    hint
  })
})

test('flags → options, with defaults', () => {
  const env = {}
  expect(parseOciOptions({ env })).toMatchObject({
    imagePath: '/root/.cache/huggingface/hub',
    offlineEnv: true,
    maxLayerSize: 9 * 1024 ** 3,
    compression: 'none',
    insecureRegistries: []
  })
  const options = parseOciOptions({
    env,
    imagePath: '/models/hub/',
    noOfflineEnv: true,
    platform: ['linux/amd64,linux/arm64/v8'],
    compression: 'zstd',
    insecureRegistry: ['http://reg.local:5000', 'other:80'],
    baseImage: 'python:3.12-slim'
  })
  expect(options).toMatchObject({
    imagePath: '/models/hub',
    offlineEnv: false,
    platforms: [
      parsePlatform('linux/amd64'),
      { os: 'linux', architecture: 'arm64', variant: 'v8' }
    ],
    compression: 'zstd',
    insecureRegistries: ['reg.local:5000', 'other:80'],
    baseImage: { registry: 'docker.io', repository: 'library/python', tag: '3.12-slim' }
  })
  expect(() => parseOciOptions({ env, compression: 'brotli' })).toThrow(/invalid --compression/)
  expect(() => parseOciOptions({ env, imagePath: 'relative/hub' })).toThrow(/--image-path/)
  expect(() => parseOciOptions({ env, registryUsername: 'u' })).toThrow(/go together/)
  expect(() => parseOciOptions({ env, platform: ['linux'] })).toThrow(/--platform/)
})

test.each([
  [
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/ubuntu:pull'
        }
      }
    ]
  ],
  ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
  [
    'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/m:pull,push", Basic realm="x"',
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://ghcr.io/token',
          service: 'ghcr.io',
          scope: 'repository:o/m:pull,push'
        }
      },
      { scheme: 'basic', params: { realm: 'x' } }
    ]
  ],
  [
    'Bearer realm=https://x/t , error="insufficient_scope"',
    [{ scheme: 'bearer', params: { realm: 'https://x/t', error: 'insufficient_scope' } }]
  ],
  ['', []]
])('challenge %s', (header, expected) => expect(parseChallenges(header)).toEqual(expected))

describe('credentials', () => {
  const made: string[] = []
  afterAll(async () => {
    const { rm } = await import('node:fs/promises')
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })))
  })
  const fs = async (config: unknown) => {
    const { mkdtemp, writeFile } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = await mkdtemp(join(tmpdir(), 'mb-docker-config-'))
    made.push(dir)
    await writeFile(join(dir, 'config.json'), JSON.stringify(config))
    return dir
  }
  const b64 = (text: string) => Buffer.from(text).toString('base64')

  test('flags apply to the destination registries only', async () => {
    const flags = { username: 'u', password: 'p' }
    const options = { env: {}, flags, flagRegistries: new Set(['ghcr.io']) }
    expect(await findCredential('ghcr.io', options)).toMatchObject({ username: 'u', password: 'p' })
    expect(await findCredential('docker.io', options)).toBeUndefined()
  })

  test('docker config: auths (Docker Hub under its v1 URL), identity tokens, helpers, credsStore', async () => {
    const dir = await fs({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub-user:hub:pass') },
        'registry.example': { identitytoken: 'refresh' },
        'helped.example': {}
      },
      credHelpers: { 'helped.example': 'fake' }
    })
    const runHelper = async (name: string, server: string) =>
      JSON.stringify({ ServerURL: server, Username: `${name}-user`, Secret: 'from-helper' })
    const options = { env: { DOCKER_CONFIG: dir }, flagRegistries: new Set<string>(), runHelper }
    expect(await findCredential('docker.io', options)).toMatchObject({
      username: 'hub-user',
      password: 'hub:pass',
      source: 'docker config'
    })
    expect(await findCredential('registry.example', options)).toMatchObject({
      identityToken: 'refresh'
    })
    expect(await findCredential('helped.example', options)).toMatchObject({
      username: 'fake-user',
      password: 'from-helper',
      source: 'docker-credential-fake'
    })
    const store = await fs({ credsStore: 'desktop' })
    const viaStore = {
      env: { DOCKER_CONFIG: store },
      flagRegistries: new Set<string>(),
      runHelper: async () => JSON.stringify({ Username: '<token>', Secret: 'tok' })
    }
    expect(await findCredential('any.example', viaStore)).toMatchObject({ identityToken: 'tok' })
    // A helper that fails (not installed, nothing stored) leaves the other sources to answer.
    const failing = { ...viaStore, runHelper: async () => Promise.reject(new Error('exit 1')) }
    expect(await findCredential('any.example', failing)).toBeUndefined()
  })

  test('GITHUB_TOKEN for ghcr.io, after the docker config; never elsewhere', async () => {
    const env = { GITHUB_TOKEN: 'ghs_x', GITHUB_ACTOR: 'octocat', HOME: '/nonexistent' }
    const none = new Set<string>()
    expect(await findCredential('ghcr.io', { env, flagRegistries: none })).toMatchObject({
      username: 'octocat',
      password: 'ghs_x',
      source: 'GITHUB_TOKEN'
    })
    expect(await findCredential('docker.io', { env, flagRegistries: none })).toBeUndefined()
    const dir = await fs({ auths: { 'ghcr.io': { auth: b64('me:pat') } } })
    expect(
      await findCredential('ghcr.io', { env: { ...env, DOCKER_CONFIG: dir }, flagRegistries: none })
    ).toMatchObject({ username: 'me', password: 'pat' })
  })

  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('auth key %s → %s', (key, registry) => expect(registryOfKey(key)).toBe(registry))
})

test('env merging replaces a variable in place and appends new ones', () => {
  expect(
    mergeEnv(
      ['PATH=/bin', 'HF_HUB_OFFLINE=0', 'A=1'],
      [
        ['HF_HUB_CACHE', '/hub'],
        ['HF_HUB_OFFLINE', '1']
      ]
    )
  ).toEqual(['PATH=/bin', 'HF_HUB_OFFLINE=1', 'A=1', 'HF_HUB_CACHE=/hub'])
})

test('a base config keeps everything, gains layers, labels and (only if it had one) history', () => {
  const add = {
    platform: parsePlatform('linux/amd64'),
    env: [['HF_HUB_CACHE', '/hub']] as Array<[string, string]>,
    labels: { 'dev.modelbake.version': '1' },
    layers: [{ diffId: 'sha256:new', createdBy: 'modelbake', comment: 'weights' }]
  }
  const base = {
    architecture: 'arm64',
    os: 'linux',
    config: {
      Entrypoint: ['/e'],
      Cmd: ['c'],
      User: 'app',
      WorkingDir: '/w',
      Env: ['X=1'],
      Labels: { a: 'b' }
    },
    rootfs: { type: 'layers', diff_ids: ['sha256:base'] },
    history: [{ created_by: 'base' }]
  }
  const merged = JSON.parse(buildConfig(base, add).toString())
  expect(merged).toEqual({
    ...base,
    config: {
      ...base.config,
      Env: ['X=1', 'HF_HUB_CACHE=/hub'],
      Labels: { a: 'b', 'dev.modelbake.version': '1' }
    },
    rootfs: { type: 'layers', diff_ids: ['sha256:base', 'sha256:new'] },
    history: [
      { created_by: 'base' },
      { created: '1970-01-01T00:00:00Z', created_by: 'modelbake', comment: 'weights' }
    ]
  })
  const noHistory: Record<string, unknown> = { ...base }
  delete noHistory.history
  expect(JSON.parse(buildConfig(noHistory, add).toString()).history).toBeUndefined()
  // The caller's object is not changed.
  expect(base.rootfs.diff_ids).toEqual(['sha256:base'])
})
