// --shard i/n: parsing, and the deal of blobs to shards (pure).
import { assignBlobs, parseShard, shardOfBlobs, shardPlans } from '../src/pipeline/shard.js'
import type { RepoPlan } from '../src/pipeline/plan.js'
import type { RepoFile } from '../src/core/types.js'

const file = (path: string, size: number, etag: string): RepoFile => ({
  path,
  size,
  blobId: etag.padEnd(40, '0')
})

const plan = (repo: string, files: RepoFile[]): RepoPlan => ({
  spec: { type: 'model', repo, revision: 'main' },
  label: repo,
  commit: 'c'.repeat(40),
  files,
  totalBytes: files.reduce((s, f) => s + f.size, 0),
  listingFetched: false
})

describe('parseShard', () => {
  test.each([
    ['1/3', { index: 1, count: 3 }],
    ['3/3', { index: 3, count: 3 }],
    [' 2 / 5 ', { index: 2, count: 5 }],
    ['1/1', { index: 1, count: 1 }]
  ])('%s', (text, expected) => expect(parseShard(text)).toEqual(expected))

  test.each(['0/3', '4/3', 'a/b', '1/0', '1', '1/2/3', '-1/3', '1.5/3', ''])(
    '%s is refused',
    (text) => expect(() => parseShard(text)).toThrow(/invalid shard/)
  )
})

describe('assignBlobs', () => {
  const plans = [
    plan('acme/a', [
      file('big.bin', 1000, 'aa'),
      file('mid.bin', 600, 'bb'),
      file('copy-of-mid.bin', 600, 'bb'),
      file('small.txt', 10, 'cc')
    ]),
    plan('acme/b', [file('big.bin', 900, 'dd'), file('mid.bin', 500, 'ee'), file('x', 10, 'ff')])
  ]

  test('largest first to the least-loaded shard; a blob once; the same for every caller', () => {
    const shards = assignBlobs(plans, 3)
    expect(shards.map((s) => s.map((b) => b.size))).toEqual([[1000], [900, 10, 10], [600, 500]])
    expect(shards.flat()).toHaveLength(6)
    expect(assignBlobs([...plans].reverse(), 3)).toEqual(shards)
  })

  test('balanced: no shard exceeds the mean by more than the largest blob', () => {
    const many = [
      plan(
        'acme/many',
        Array.from({ length: 200 }, (_, i) =>
          file(`f${i}`, ((i * 7919) % 1000) + 1, i.toString(16).padStart(4, '0'))
        )
      )
    ]
    for (const n of [2, 3, 5, 8]) {
      const loads = assignBlobs(many, n).map((s) => s.reduce((sum, b) => sum + b.size, 0))
      const mean = loads.reduce((a, b) => a + b, 0) / n
      expect(Math.max(...loads) - mean).toBeLessThanOrEqual(1000)
    }
  })

  test('ties in size are ordered by etag', () => {
    const shards = assignBlobs([plan('acme/t', [file('z', 5, 'b2'), file('y', 5, 'a1')])], 2)
    expect(shards.map((s) => s.map((b) => b.etag.slice(0, 2)))).toEqual([['a1'], ['b2']])
  })

  test('more shards than blobs: the extra shards get nothing', () => {
    expect(assignBlobs([plan('acme/t', [file('a', 1, 'a1')])], 3).map((s) => s.length)).toEqual([
      1, 0, 0
    ])
  })

  test('shardPlans keeps every path of an assigned blob, and reports blobs and bytes', () => {
    const { plans: mine, report } = shardPlans(plans, { index: 3, count: 3 })
    expect(mine.map((p) => p.files.map((f) => f.path))).toEqual([
      ['mid.bin', 'copy-of-mid.bin'],
      ['mid.bin']
    ])
    expect(mine.map((p) => p.totalBytes)).toEqual([1200, 500])
    expect(report).toEqual({ index: 3, count: 3, blobs: 2, bytes: 1100 })
    const owner = shardOfBlobs(plans, 3)
    expect(owner(plans[1], plans[1].files[0])).toBe(2)
  })
})
