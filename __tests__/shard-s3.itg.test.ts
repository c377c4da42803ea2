// `--shard i/3 --to s3://…` then `modelbake assemble --to s3://…`: pulled back, the same cache as from
// a single publish; the shards write blobs only, and assemble uploads no blob.
import { join } from 'node:path'
import { expectCacheConsistent, treeOf } from './helpers/cache-check.js'
import { cli, startTestHub, tempDir, type TestHub } from './helpers/env.js'
import { startTestS3, type TestS3 } from './helpers/s3.js'

let t: TestHub
let s3: TestS3
let lockFile: string
beforeAll(async () => {
  t = await startTestHub()
  s3 = await startTestS3()
  lockFile = join(await tempDir('mb-lock-'), 'modelbake.lock.json')
})
afterAll(async () => {
  await s3.close()
  await t.close()
})

const SPECS = ['acme/tiny-model:main', 'acme/tiny-model:v1.0', 'datasets/acme/tiny-dataset']
const hub = () => ['--endpoint', t.hub.url, '--quiet']

test('three shards and assemble give what a single publish gives', async () => {
  const single = await cli(
    [...SPECS, ...hub(), '--cache-dir', await tempDir(), '--to', 's3://models/single'],
    s3.env
  )
  expect(single).toMatchObject({ code: 0, stderr: '' })
  const locked = await cli(
    [...SPECS, ...hub(), '--cache-dir', await tempDir(), '--lock', lockFile],
    s3.env
  )
  expect(locked.code).toBe(0)

  s3.resetRequests()
  const shards = await Promise.all(
    ['1/3', '2/3', '3/3'].map(async (shard) =>
      cli(
        [
          ...SPECS,
          ...hub(),
          '--cache-dir',
          await tempDir(),
          '--to',
          's3://models/sharded',
          '--locked',
          '--lock',
          lockFile,
          '--shard',
          shard
        ],
        s3.env
      )
    )
  )
  for (const run of shards) expect(run).toMatchObject({ code: 0, stderr: '' })
  const written = s3.requests.filter((r) => r.method === 'PUT' || r.method === 'POST')
  expect(written.length).toBeGreaterThan(0)
  expect(written.filter((r) => !r.key.includes('/blobs/'))).toEqual([])

  s3.resetRequests()
  t.hub.resetRequests()
  const assembled = await cli(
    [
      'assemble',
      ...SPECS,
      ...hub(),
      '--to',
      's3://models/sharded',
      '--locked',
      '--lock',
      lockFile,
      '--json'
    ],
    s3.env
  )
  expect(assembled).toMatchObject({ code: 0, stderr: '' })
  const report = JSON.parse(assembled.stdout) as { destinations: Array<{ writtenBytes: number }> }
  expect(report.destinations[0].writtenBytes).toBe(0)
  expect(
    s3.requests.filter(
      (r) => (r.method === 'PUT' || r.method === 'POST') && r.key.includes('/blobs/')
    )
  ).toEqual([])
  expect(t.hub.requests.filter((r) => r.origin === 'cdn' || !r.path.includes('/tree/'))).toEqual([])

  const [fromSingle, fromShards] = [await tempDir(), await tempDir()]
  for (const [target, cache] of [
    ['s3://models/single', fromSingle],
    ['s3://models/sharded', fromShards]
  ]) {
    const pulled = await cli(['pull', target, ...SPECS, '--cache-dir', cache, '--quiet'], s3.env)
    expect(pulled).toMatchObject({ code: 0, stderr: '' })
  }
  expect(await treeOf(fromShards)).toEqual(await treeOf(fromSingle))
  await expectCacheConsistent(fromShards)
}, 60_000)
