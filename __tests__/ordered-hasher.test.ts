import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { digestFor } from '../src/fetch/digest.js'
import { RangeSet, splitRanges } from '../src/fetch/download-blob.js'
import { MemoryBudget } from '../src/fetch/limiter.js'
import { digestHere, HashThread } from '../src/fetch/hash-thread.js'
import { OrderedHasher } from '../src/fetch/ordered-hasher.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mb-hash-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Write `content` in shuffled pieces, as parallel ranges would, and hash it with `budget` bytes of memory. */
async function hashShuffled(
  content: Buffer,
  pieceSize: number,
  budget: number,
  seed: number,
  thread?: HashThread
): Promise<string> {
  const sha256 = createHash('sha256').update(content).digest('hex')
  const handle = await open(join(dir, `f-${seed}-${budget}-${thread ? 't' : 'm'}`), 'w+')
  const file = {
    path: 'x',
    size: content.length,
    blobId: '',
    lfs: { sha256, size: content.length }
  }
  const hasher = new OrderedHasher(
    thread ? thread.digest(file) : digestHere(digestFor(file)),
    handle,
    new MemoryBudget(budget)
  )
  const pieces = splitRanges([[0, content.length]], pieceSize)
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = pieces.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[pieces[i], pieces[j]] = [pieces[j], pieces[i]]
  }
  for (const [start, end] of pieces) {
    const bytes = Buffer.from(content.subarray(start, end))
    await handle.write(bytes, 0, bytes.length, start)
    hasher.offer(start, bytes)
    hasher.landed(start, end)
    if (random() < 0.3) await new Promise((r) => setImmediate(r))
  }
  const hex = await hasher.finish(content.length)
  await handle.close()
  return hex
}

describe('OrderedHasher', () => {
  const content = randomBytes(1_000_003)
  const expected = createHash('sha256').update(content).digest('hex')

  const cases: Array<[string, number, number]> = [
    ['all in memory', 1 << 30, 1],
    ['no memory: everything read back from disk', 0, 2],
    ['a little memory', 100_000, 3],
    ['tiny pieces', 50_000, 4]
  ]
  test.each(cases)('hashes shuffled pieces exactly once (%s)', async (_name, budget, seed) => {
    expect(await hashShuffled(content, seed === 4 ? 997 : 65_536, budget, seed)).toBe(expected)
  })

  describe('received before landed, as a stream reports them', () => {
    const file = {
      path: 'x',
      size: content.length,
      blobId: '',
      lfs: { sha256: expected, size: content.length }
    }
    const pieces = splitRanges([[0, content.length]], 65_536).reverse()

    test('with memory for all, every piece is hashed from memory: nothing needs to land', async () => {
      const handle = await open(join(dir, 'never-written'), 'w+')
      const hasher = new OrderedHasher(
        digestHere(digestFor(file)),
        handle,
        new MemoryBudget(1 << 30)
      )
      for (const [start, end] of pieces) hasher.offer(start, content.subarray(start, end))
      expect(await hasher.finish(content.length)).toBe(expected)
      await handle.close()
    })

    test('with no memory, the frontier waits for each write to land, then reads it back', async () => {
      const handle = await open(join(dir, 'landing-late'), 'w+')
      const hasher = new OrderedHasher(digestHere(digestFor(file)), handle, new MemoryBudget(0))
      // All received (in reverse) before any lands: only the first piece, at the frontier, is hashed.
      for (const [start, end] of pieces) hasher.offer(start, content.subarray(start, end))
      expect(hasher.frontier).toBe(65_536)
      await new Promise((resolve) => setImmediate(resolve))
      expect(hasher.frontier).toBe(65_536)
      for (const [start, end] of pieces) {
        await handle.write(content, start, end - start, start)
        hasher.landed(start, end)
      }
      expect(await hasher.finish(content.length)).toBe(expected)
      await handle.close()
    })
  })

  describe('on the hash thread', () => {
    // A small ring, so that records wrap around its end and the writer waits for the thread.
    const thread = new HashThread(64 * 1024)
    afterAll(() => thread.close())
    test.each(cases)('hashes shuffled pieces exactly once (%s)', async (_name, budget, seed) => {
      expect(await hashShuffled(content, seed === 4 ? 997 : 65_536, budget, seed, thread)).toBe(
        expected
      )
    })

    test('several digests at once, git sha1 among them, pieces larger than the ring', async () => {
      const big = randomBytes(300_000)
      const text = Buffer.from('hello\n')
      const a = thread.digest({
        path: 'a',
        size: big.length,
        blobId: '',
        lfs: { sha256: '', size: big.length }
      })
      const b = thread.digest({
        path: 'b',
        size: text.length,
        blobId: 'ce013625030ba8dba906f756967f9e9ca394464a'
      })
      const dropped = thread.digest({
        path: 'c',
        size: 3,
        blobId: '',
        lfs: { sha256: '', size: 3 }
      })
      dropped.update(Buffer.from('abc'))
      b.update(text)
      a.update(big.subarray(0, 1000))
      dropped.dispose()
      a.update(big.subarray(1000))
      const [ha, hb] = await Promise.all([a.result(), b.result()])
      expect(ha).toBe(createHash('sha256').update(big).digest('hex'))
      // `git hash-object` of "hello\n"
      expect(hb).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    })
  })

  test('git blob sha1 for non-LFS files', () => {
    const text = Buffer.from('hello\n')
    const digest = digestFor({
      path: 'a',
      size: text.length,
      blobId: 'ce013625030ba8dba906f756967f9e9ca394464a'
    })
    digest.update(text)
    // `git hash-object` of "hello\n"
    expect(digest.hex()).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
  })
})

describe('ranges', () => {
  test.each([
    [
      [[0, 10]],
      4,
      [
        [0, 4],
        [4, 8],
        [8, 10]
      ]
    ],
    [
      [
        [0, 3],
        [5, 6]
      ],
      10,
      [
        [0, 3],
        [5, 6]
      ]
    ],
    [[], 4, []]
  ] as Array<[Array<[number, number]>, number, Array<[number, number]>]>)(
    'splitRanges(%j, %d)',
    (ranges, size, expected) => {
      expect(splitRanges(ranges, size)).toEqual(expected)
    }
  )

  test('RangeSet merges and finds the gaps', () => {
    const set = new RangeSet([[10, 20]])
    set.add(0, 5)
    set.add(5, 8)
    set.add(18, 30)
    expect(set.ranges).toEqual([
      [0, 8],
      [10, 30]
    ])
    expect(set.total()).toBe(28)
    expect(set.missingWithin(40)).toEqual([
      [8, 10],
      [30, 40]
    ])
  })
})

describe('settleAll', () => {
  test('reports the failure that caused the abort, even when an aborted sibling rejects first', async () => {
    const { settleAll } = await import('../src/fetch/settle.js')
    const abort = new AbortController()
    const real = new Error('sha256 mismatch')
    // The outer level sees an aborted sibling first: its AbortError arrives before the real error.
    const aborted = new Promise((_, reject) =>
      abort.signal.addEventListener('abort', () =>
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }))
      )
    )
    const failing = (async () => {
      await new Promise((r) => setTimeout(r, 5))
      abort.abort(real)
      await new Promise((r) => setTimeout(r, 5))
      throw real
    })()
    await expect(settleAll([aborted, failing], abort)).rejects.toBe(real)
  })

  test('…and when the stopped sibling fails with its own error, in a sibling call sharing the abort', async () => {
    const { settleAll } = await import('../src/fetch/settle.js')
    const abort = new AbortController()
    const real = Object.assign(new Error('gave up after 3 attempts'), { hint: 'retry later' })
    // Repo B's download is cut by the abort and fails as a reset connection would, and repo B's
    // call settles before repo A's, whose failure caused it all.
    const repoB = settleAll(
      [
        new Promise((_, reject) =>
          abort.signal.addEventListener('abort', () =>
            reject(new Error('download interrupted (ECONNRESET)'))
          )
        )
      ],
      abort
    )
    const repoA = settleAll(
      [
        (async () => {
          await new Promise((r) => setTimeout(r, 5))
          throw real
        })(),
        new Promise((r) => setTimeout(r, 30))
      ],
      abort
    )
    await expect(settleAll([repoB, repoA], abort)).rejects.toBe(real)
  })
})
