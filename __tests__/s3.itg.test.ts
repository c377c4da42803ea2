// `--to s3://BUCKET/PREFIX` and `modelbake pull`, end to end against the local hub and s3rver (behind a
// proxy that checks every SigV4 signature and payload hash, as AWS would).
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { S3Client } from '../src/destinations/s3/client.js'
import { resolveS3Config } from '../src/destinations/s3/config.js'
import { HttpClient } from '../src/hub/http.js'
import { expectCacheConsistent, treeOf } from './helpers/cache-check.js'
import {
  cli,
  expectSnapshotMatchesHub,
  hubAndCache,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'
import { startTestS3, type TestS3 } from './helpers/s3.js'

let t: TestHub
let s3: TestS3
let bigCommit: string
const BIG = 'acme/big-s3'
const BIG_SIZE = 12 * 1024 * 1024 + 12345

beforeAll(async () => {
  t = await startTestHub()
  s3 = await startTestS3('models')
  t.store.createRepo(BIG)
  bigCommit = await t.store.commit(BIG, {
    files: {
      'model.safetensors': { size: BIG_SIZE, seed: 'big-s3' },
      'config.json': '{"big": true}'
    }
  })
})
afterAll(async () => {
  await s3.close()
  await t.close()
})
beforeEach(() => s3.resetRequests())
afterEach(() => expect(s3.refused).toEqual([]))

interface Destination {
  destination: string
  writtenBytes: number
  skippedBytes: number
  locations: Record<string, string>
  details: Record<string, unknown>
}

const TINY = 'models--acme--tiny-model'
const SPECS = [
  'acme/tiny-model:v1.0',
  'acme/tiny-model:main',
  'acme/tiny-model:dev',
  'acme/tiny-model:refs/pr/1',
  'datasets/acme/tiny-dataset',
  'acme/awkward-names',
  BIG
]

function distinctBlobBytes(entries: Array<[string, string, ('model' | 'dataset')?]>): number {
  const sizes = new Map<string, number>()
  for (const [id, revision, type] of entries)
    for (const f of t.store.filesAt(id, revision, type).values())
      sizes.set(`${id}/${f.lfs ? f.sha256 : f.oid}`, f.size)
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}
const specBlobBytes = () =>
  distinctBlobBytes([
    ['acme/tiny-model', 'v1.0'],
    ['acme/tiny-model', 'main'],
    ['acme/tiny-model', 'dev'],
    ['acme/tiny-model', 'refs/pr/1'],
    ['acme/tiny-dataset', 'main', 'dataset'],
    ['acme/awkward-names', 'main'],
    [BIG, 'main']
  ])

async function publish(target: string, cache: string, specs: string[], extra: string[] = []) {
  const run = await cli(
    [
      ...specs,
      ...hubAndCache(t.hub.url, cache),
      '--to',
      target,
      '--s3-part-size',
      '5MiB',
      '--json',
      '--quiet',
      ...extra
    ],
    s3.env
  )
  expect(run).toMatchObject({ code: 0, stderr: '' })
  return JSON.parse(run.stdout) as { destinations: Destination[] }
}

describe('publish and pull a multi-file, multi-revision set', () => {
  const target = 's3://models/team/hf'
  let cache: string
  let first: Destination
  let firstRequests: TestS3['requests']

  beforeAll(async () => {
    cache = await tempDir()
    s3.resetRequests()
    first = (await publish(target, cache, SPECS)).destinations[0]
    firstRequests = [...s3.requests]
  })

  test('uploads every distinct blob once (large ones in parts), and reports where', () => {
    expect(first).toMatchObject({
      destination: target,
      writtenBytes: specBlobBytes(),
      skippedBytes: 0
    })
    expect(first.details).toMatchObject({
      endpoint: s3.endpoint,
      bucket: 'models',
      prefix: 'team/hf',
      multipartUploads: 1
    })
    const { tinyModel } = t.fixtures
    expect(first.locations['acme/tiny-model:dev']).toBe(
      `s3://models/team/hf/${TINY}/manifests/${tinyModel.commits.dev}.json`
    )
    expect(first.locations[BIG]).toBe(
      `s3://models/team/hf/models--acme--big-s3/manifests/${bigCommit}.json`
    )
  })

  test('keys mirror the cache layout under the prefix: blobs once, a manifest per snapshot, listings, refs', async () => {
    const client = new S3Client({
      config: resolveS3Config({ env: s3.env }),
      location: { bucket: 'models', prefix: '' },
      http: new HttpClient({ trustedOrigin: s3.endpoint })
    })
    const keys: string[] = []
    for await (const item of client.list('')) keys.push(item.key!)
    client.close()
    const { tinyModel } = t.fixtures
    expect(keys.every((k) => k.startsWith('team/hf/'))).toBe(true)
    const tiny = keys
      .filter((k) => k.startsWith(`team/hf/${TINY}/`))
      .map((k) => k.slice(`team/hf/${TINY}/`.length))
    const commits = Object.values(tinyModel.commits)
    expect(tiny.filter((k) => k.startsWith('manifests/')).sort()).toEqual(
      commits.map((c) => `manifests/${c}.json`).sort()
    )
    expect(tiny.filter((k) => k.startsWith('trees/')).sort()).toEqual(
      commits.map((c) => `trees/${c}.json`).sort()
    )
    expect(tiny.filter((k) => k.startsWith('refs/')).sort()).toEqual(
      ['refs/dev', 'refs/main', 'refs/refs/pr/1', 'refs/v1.0'].sort()
    )
    const blobs = tiny.filter((k) => k.startsWith('blobs/'))
    expect(blobs.length).toBe(await readdir(join(cache, TINY, 'blobs')).then((b) => b.length))
    // The large blob went up in three 5 MiB parts, every other object in one PUT.
    const big = `team/hf/models--acme--big-s3/blobs/${t.store.filesAt(BIG, 'main').get('model.safetensors')!.sha256}`
    const parts = firstRequests.filter((r) => r.method === 'PUT' && r.query.includes('partNumber'))
    expect(parts.map((r) => [r.key, r.bodyBytes]).sort()).toEqual(
      [
        [big, 5 * 1024 * 1024],
        [big, 5 * 1024 * 1024],
        [big, BIG_SIZE - 10 * 1024 * 1024]
      ].sort()
    )
    expect(keys).toContain(big)
  })

  test('a second run uploads 0 bytes: no PUT at all', async () => {
    s3.resetRequests()
    const again = (await publish(target, cache, SPECS)).destinations[0]
    expect(again).toMatchObject({ writtenBytes: 0, skippedBytes: specBlobBytes() })
    expect(again.details).toMatchObject({ uploadedBlobs: 0, metadataObjects: 0 })
    expect(s3.requests.filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([])
  })

  test('pull gives a cache identical to a direct download: files, links, refs, listings, bytes', async () => {
    const direct = await tempDir()
    const fromHub = await cli([...SPECS, ...hubAndCache(t.hub.url, direct), '--quiet'])
    expect(fromHub.code).toBe(0)
    const pulled = await tempDir()
    t.hub.resetRequests()
    const run = await cli(['pull', target, ...SPECS, '--cache-dir', pulled, '--json'], s3.env)
    expect(run).toMatchObject({ code: 0 })
    expect(t.hub.requests).toEqual([]) // not one call to the Hub
    const report = JSON.parse(run.stdout)
    expect(report.downloadedBytes).toBe(specBlobBytes())
    expect(await treeOf(pulled)).toEqual(await treeOf(direct))
    await expectCacheConsistent(pulled)
    await expectSnapshotMatchesHub(t, pulled, {
      id: BIG,
      folder: 'models--acme--big-s3',
      commit: bigCommit,
      paths: ['config.json', 'model.safetensors']
    })
    // modelbake itself resolves it offline, at the paths pull reported.
    const offline = await cli([...SPECS, '--offline', '--cache-dir', pulled, '--json', '--quiet'])
    expect(offline.code).toBe(0)
    expect(
      JSON.parse(offline.stdout).repos.map((r: { snapshotPath: string }) => r.snapshotPath)
    ).toEqual(report.repos.map((r: { snapshotPath: string }) => r.snapshotPath))
    // A second pull downloads nothing.
    const again = await cli(['pull', target, ...SPECS, '--cache-dir', pulled, '--json'], s3.env)
    expect(JSON.parse(again.stdout).downloadedBytes).toBe(0)
  })

  test('pull with no spec takes every snapshot and ref under the prefix', async () => {
    const direct = await tempDir()
    expect((await cli([...SPECS, ...hubAndCache(t.hub.url, direct), '--quiet'])).code).toBe(0)
    const pulled = await tempDir()
    const run = await cli(['pull', target, '--cache-dir', pulled, '--quiet'], s3.env)
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(await treeOf(pulled)).toEqual(await treeOf(direct))
  })

  test('pull with patterns takes only what they select, and refuses what was not published', async () => {
    const pulled = await tempDir()
    const run = await cli(
      [
        'pull',
        target,
        'acme/tiny-model:dev',
        '--allow',
        '*.json',
        '--cache-dir',
        pulled,
        '--quiet'
      ],
      s3.env
    )
    expect(run).toMatchObject({ code: 0, stderr: '' })
    const snapshot = join(pulled, TINY, 'snapshots', t.fixtures.tinyModel.commits.dev)
    const files = (await treeOf(snapshot)).filter((e) => e.kind === 'link').map((e) => e.path)
    expect(files.every((p) => p.endsWith('.json'))).toBe(true)
    expect(files).toContain('original/params.json')

    const narrow = await tempDir()
    await publish('s3://models/narrow', narrow, ['acme/tiny-model'], ['--allow', 'config.json'])
    const refused = await cli(
      [
        'pull',
        's3://models/narrow',
        'acme/tiny-model',
        '--allow',
        '*.json',
        '--cache-dir',
        await tempDir()
      ],
      s3.env
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/lacks \d+ file\(s\) the patterns select/)
  })
})

describe('what pull refuses', () => {
  const client = () =>
    new S3Client({
      config: resolveS3Config({ env: s3.env }),
      location: { bucket: 'models', prefix: '' },
      http: new HttpClient({ trustedOrigin: s3.endpoint, retry: { retries: 0 } })
    })

  test('a blob whose bytes do not match its digest never reaches the cache', async () => {
    const cache = await tempDir()
    await publish('s3://models/tamper', cache, ['acme/tiny-model'])
    const { tinyModel } = t.fixtures
    const files = t.store.filesAt(tinyModel.id, 'main')
    const lfs = files.get('model.safetensors')!
    const plain = files.get('config.json')!
    const c = client()
    const size = lfs.size
    await c.put(`tamper/${TINY}/blobs/${lfs.sha256}`, Buffer.alloc(size, 7), { sha256: 'x' })
    const pulled = await tempDir()
    const run = await cli(
      ['pull', 's3://models/tamper', 'acme/tiny-model', '--cache-dir', pulled],
      {
        ...s3.env,
        MODELBAKE_RETRY_BASE_MS: '1'
      }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/model\.safetensors: sha256 mismatch/)
    await expect(stat(join(pulled, TINY, 'blobs', lfs.sha256))).rejects.toThrow()
    await expect(stat(join(pulled, TINY, 'refs', 'main'))).rejects.toThrow()

    await c.put(`tamper/${TINY}/blobs/${plain.oid}`, Buffer.from('{"tampered": 1}'), {
      sha256: 'x'
    })
    const again = await cli(
      [
        'pull',
        's3://models/tamper',
        'acme/tiny-model',
        '--allow',
        'config.json',
        '--cache-dir',
        await tempDir()
      ],
      s3.env
    )
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/config\.json: .* does not match its digest/)
    c.close()
  })

  test('a manifest whose paths would climb out of the snapshot is refused, and nothing is written', async () => {
    const cache = await tempDir()
    await publish('s3://models/evil', cache, ['acme/tiny-model'])
    const commit = t.fixtures.tinyModel.commits.main
    const key = `evil/${TINY}/manifests/${commit}.json`
    const c = client()
    const manifest = JSON.parse((await c.get(key))!.toString('utf8'))
    manifest.files[0].path = '../../../escape.txt'
    await c.put(key, Buffer.from(JSON.stringify(manifest)), {})
    c.close()
    const pulled = await tempDir()
    const run = await cli(
      ['pull', 's3://models/evil', 'acme/tiny-model', '--cache-dir', pulled],
      s3.env
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/unsafe path "\.\.\/\.\.\/\.\.\/escape\.txt"/)
    expect(await readdir(pulled)).toEqual([])
  })

  test.each([
    ['s3://models/a/../b', /invalid S3 prefix/],
    ['s3://models//a', /invalid S3 prefix/],
    ['s3://Bad_Bucket/x', /invalid S3 bucket name/]
  ])('%s is refused before any request', async (target, message) => {
    const run = await cli(
      ['acme/tiny-model', '--to', target, '--endpoint', t.hub.url, '--cache-dir', await tempDir()],
      s3.env
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(s3.requests).toEqual([])
  })

  test('a missing revision names what to publish', async () => {
    const run = await cli(
      ['pull', 's3://models/team/hf', 'acme/tiny-model:nope', '--cache-dir', await tempDir()],
      s3.env
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('has no revision "nope"')
    expect(run.stderr).toContain('--to s3://models/team/hf')
  })
})

describe('credentials, endpoints and failures', () => {
  test('credentials from a profile in ~/.aws/credentials, endpoint from --s3-endpoint', async () => {
    const home = await tempDir('mb-home-')
    await mkdir(join(home, '.aws'))
    await writeFile(
      join(home, '.aws', 'credentials'),
      `[default]\naws_access_key_id = nobody\naws_secret_access_key = wrong\n\n[ci]\naws_access_key_id = ${s3.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${s3.env.AWS_SECRET_ACCESS_KEY}\n`
    )
    const run = await cli(
      [
        'acme/tiny-model',
        '--endpoint',
        t.hub.url,
        '--cache-dir',
        await tempDir(),
        '--to',
        's3://models/profile',
        '--s3-endpoint',
        s3.endpoint,
        '--json'
      ],
      { HOME: home, AWS_PROFILE: 'ci' }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).destinations[0].writtenBytes).toBeGreaterThan(0)
  })

  test('wrong credentials: a clear error that names where they came from, and no secret', async () => {
    const run = await cli(
      [
        'acme/tiny-model',
        '--endpoint',
        t.hub.url,
        '--cache-dir',
        await tempDir(),
        '--to',
        's3://models/x'
      ],
      { ...s3.env, AWS_SECRET_ACCESS_KEY: 'not-the-secret-key' }
    )
    await s3.idle()
    s3.resetRequests() // the proxy refused them on purpose
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/HTTP 403 \(SignatureDoesNotMatch/)
    expect(run.stderr).toContain('environment (AWS_ACCESS_KEY_ID)')
    expect(run.stderr).not.toContain('not-the-secret-key')
  })

  test('no credentials at all: refused before anything is downloaded', async () => {
    const cache = await tempDir()
    const run = await cli(
      ['acme/tiny-model', ...hubAndCache(t.hub.url, cache), '--to', 's3://models/x'],
      {
        AWS_ENDPOINT_URL: s3.endpoint
      }
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/no AWS credentials/)
    expect(await readdir(cache)).toEqual([])
  })

  test('503 SlowDown answers are retried until the upload completes', async () => {
    s3.failNext(4, (method) => method === 'PUT')
    const cache = await tempDir()
    const run = await cli(
      ['acme/tiny-model', ...hubAndCache(t.hub.url, cache), '--to', 's3://models/slow', '--json'],
      { ...s3.env, MODELBAKE_RETRY_BASE_MS: '1' }
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/retrying .*SlowDown/)
    expect(s3.requests.filter((r) => r.status === 503)).toHaveLength(4)
    const pulled = await tempDir()
    expect(
      (
        await cli(
          ['pull', 's3://models/slow', 'acme/tiny-model', '--cache-dir', pulled, '--quiet'],
          s3.env
        )
      ).code
    ).toBe(0)
    expect(await readFile(join(pulled, TINY, 'refs', 'main'), 'utf8')).toBe(
      t.fixtures.tinyModel.commits.main
    )
    await expectCacheConsistent(pulled)
  })
})
