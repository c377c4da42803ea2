// The tar writer, read back by an implementation no one here wrote (node-tar): every field of every
// entry type, long and non-ASCII names through PAX, and the exact bytes of the number formats.
import { createHash, randomBytes } from 'node:crypto'
import { open, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Parser, type ReadEntry } from 'tar'
import type { LayerPlan, PlannedEntry } from '../src/destinations/oci/layer-plan.js'
import { LayerSource, tarBytes } from '../src/destinations/oci/layer-source.js'
import { positionalWriter, SlabPool } from '../src/fetch/direct-write.js'
import {
  BLOCK,
  encodeHeader,
  entryLength,
  padding,
  paxRecord,
  splitUstarPath
} from '../src/destinations/oci/tar.js'
import { tempDir } from './helpers/env.js'

interface Parsed {
  path: string
  type: string
  mode: number
  uid: number
  gid: number
  mtime: number
  size: number
  linkpath?: string
  uname?: string
  body: string
}

async function parse(entries: PlannedEntry[]): Promise<Parsed[]> {
  const plan = { entries } as LayerPlan
  const chunks: Buffer[] = []
  for await (const chunk of tarBytes(plan)) chunks.push(chunk)
  const bytes = Buffer.concat(chunks)
  expect(bytes.length).toBe(entries.reduce((n, e) => n + entryLength(e), 0) + 2 * BLOCK)
  const parsed: Parsed[] = []
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const body: Buffer[] = []
        entry.on('data', (c: Buffer) => body.push(c))
        entry.on('end', () =>
          parsed.push({
            path: entry.path,
            type: entry.type,
            mode: entry.mode ?? -1,
            uid: entry.uid ?? -1,
            gid: entry.gid ?? -1,
            mtime: entry.mtime?.getTime() ?? -1,
            size: entry.size ?? -1,
            ...(entry.linkpath ? { linkpath: entry.linkpath } : {}),
            uname: entry.uname ?? '',
            body: Buffer.concat(body).toString('utf8')
          })
        )
      }
    })
    parser.on('error', reject)
    parser.on('warn', (code: string, message: string) => reject(new Error(`${code}: ${message}`)))
    parser.on('end', () => resolve())
    parser.end(bytes)
  })
  return parsed
}

const file = (path: string, text: string): PlannedEntry => ({
  type: 'file',
  path,
  size: Buffer.byteLength(text),
  source: { kind: 'bytes', data: Buffer.from(text) }
})

test('every entry type reads back with mtime 0, owner 0/0, no user names and fixed modes', async () => {
  const long = `root/${'a'.repeat(90)}/${'b'.repeat(90)}/file.json` // > 100 bytes, fits prefix + name
  const unsplittable = `root/${'c'.repeat(120)}x/${'d'.repeat(101)}` // no split fits: PAX path
  const unicode = 'root/日本語/ファイル.txt'
  const target = `${'../'.repeat(40)}blobs/${'f'.repeat(64)}` // link target > 100 bytes
  const entries: PlannedEntry[] = [
    { type: 'dir', path: 'root' },
    file('root/a.txt', 'hello\n'),
    file(long, '{}'),
    file(unsplittable, 'x'),
    file(unicode, 'こんにちは\n'),
    file('root/empty', ''),
    { type: 'symlink', path: 'root/link', linkTarget: '../a.txt' },
    { type: 'symlink', path: 'root/far', linkTarget: target },
    { ...file('root/join.sh', '#!/bin/sh\n'), mode: 0o755 }
  ]
  const parsed = await parse(entries)
  expect(parsed.map((p) => [p.path, p.type, p.mode.toString(8), p.body, p.linkpath])).toEqual([
    ['root/', 'Directory', '755', '', undefined],
    ['root/a.txt', 'File', '644', 'hello\n', undefined],
    [long, 'File', '644', '{}', undefined],
    [unsplittable, 'File', '644', 'x', undefined],
    [unicode, 'File', '644', 'こんにちは\n', undefined],
    ['root/empty', 'File', '644', '', undefined],
    ['root/link', 'SymbolicLink', '777', '', '../a.txt'],
    ['root/far', 'SymbolicLink', '777', '', target],
    ['root/join.sh', 'File', '755', '#!/bin/sh\n', undefined]
  ])
  for (const entry of parsed) {
    expect({ uid: entry.uid, gid: entry.gid, mtime: entry.mtime, uname: entry.uname }).toEqual({
      uid: 0,
      gid: 0,
      mtime: 0,
      uname: ''
    })
  }
})

test('headers are plain ustar when they can be, PAX only when they must', () => {
  const plain = encodeHeader({ type: 'file', path: 'root/a.txt', size: 6 })
  expect(plain.length).toBe(BLOCK)
  expect(plain.subarray(257, 265).toString('latin1')).toBe('ustar\u000000')
  expect(plain.subarray(124, 136).toString('latin1')).toBe('00000000006\u0000')
  expect(plain.subarray(136, 148).toString('latin1')).toBe('00000000000\u0000')
  expect(plain.subarray(265, 329).every((b) => b === 0)).toBe(true) // no uname, no gname
  // Prefix + name for a long ASCII path: still one block.
  expect(encodeHeader({ type: 'file', path: `${'a'.repeat(120)}/b`, size: 0 }).length).toBe(BLOCK)
  // PAX (one more header and its records) for a non-ASCII name.
  const pax = encodeHeader({ type: 'file', path: 'café.json', size: 1 })
  expect(pax.length).toBe(3 * BLOCK)
  expect(pax[156]).toBe('x'.charCodeAt(0))
  expect(pax.subarray(BLOCK, 2 * BLOCK).toString('utf8')).toContain('path=café.json\n')
})

test('sizes of 8 GiB and more go into a PAX size record', () => {
  const size = 9 * 1024 ** 3
  const header = encodeHeader({ type: 'file', path: 'big', size })
  expect(header.subarray(BLOCK, 2 * BLOCK).toString('latin1')).toContain(`size=${size}\n`)
  expect(header.subarray(2 * BLOCK + 124, 2 * BLOCK + 136).toString('latin1')).toBe(
    '00000000000\u0000'
  )
  expect(encodeHeader({ type: 'file', path: 'big', size: 8 * 1024 ** 3 - 1 }).length).toBe(BLOCK)
})

test.each([
  [['path', 'a'], '9 path=a\n'],
  [['path', 'x'.repeat(90)], `99 path=${'x'.repeat(90)}\n`],
  // 98 bytes + 2 digits would be 100, which has 3 digits: the length skips to 101.
  [['path', 'x'.repeat(91)], `101 path=${'x'.repeat(91)}\n`],
  [['path', 'é'], '11 path=é\n']
] as Array<[[string, string], string]>)('PAX record %j', (record, expected) => {
  const text = paxRecord(record)
  expect(text).toBe(expected)
  expect(Buffer.byteLength(text)).toBe(Number(text.split(' ')[0]))
})

test.each([
  ['short/name', { name: 'short/name', prefix: '' }],
  [`${'p'.repeat(150)}/${'n'.repeat(99)}`, { name: 'n'.repeat(99), prefix: 'p'.repeat(150) }],
  [`${'p'.repeat(156)}/n`, undefined],
  [`p/${'n'.repeat(101)}`, undefined],
  ['naïve', undefined]
])('ustar split of %s', (path, expected) => {
  expect(splitUstarPath(path)).toEqual(expected)
})

test('unsafe paths are refused', () => {
  for (const path of ['/abs', 'a/../b', 'a//b', 'a/./b', '', 'trailing/'])
    expect(() => encodeHeader({ type: 'file', path, size: 0 })).toThrow(/unsafe tar path/)
})

test('padding', () => {
  expect([0, 1, 511, 512, 513].map(padding)).toEqual([0, 511, 1, 0, 511])
})

/** A layer of `entries` (a cache blob among them), as the planner would give it. */
function layerPlan(entries: PlannedEntry[], key: string): LayerPlan {
  const size = entries.reduce((n, e) => n + entryLength(e), 0) + 2 * BLOCK
  return { entries, size, key, holds: key } as LayerPlan
}

/** `root/blob`: bytes from `offset` of a file in the cache. */
function cached(path: string, size: number, offset: number): PlannedEntry {
  return {
    type: 'file',
    path: 'root/blob',
    size,
    source: { kind: 'file', path, offset, identity: `${path}@${offset}` }
  }
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of source) chunks.push(chunk)
  return Buffer.concat(chunks)
}

test('a layer re-opened at any offset gives the same bytes as from the start (uploads resume there)', async () => {
  const dir = await tempDir('mb-tar-')
  const data = randomBytes(3 * 1024 * 1024 + 77)
  await writeFile(join(dir, 'blob'), data)
  const plan = layerPlan(
    [
      { type: 'dir', path: 'root' },
      cached(join(dir, 'blob'), data.length - 1000, 1000),
      file('root/z.txt', 'tail\n')
    ],
    'reopened'
  )
  for (const compression of ['none', 'gzip'] as const) {
    const layer = new LayerSource(plan, compression)
    const whole = await collect(layer.stream())
    const measured = await layer.measure()
    expect(measured.size).toBe(whole.length)
    if (compression === 'none') {
      expect(whole.length).toBe(plan.size)
      expect(whole.subarray(1024, 1024 + 100).equals(data.subarray(1000, 1100))).toBe(true)
    }
    for (const offset of [0, 1, 511, 512, 1024 + 12345, whole.length - 1]) {
      expect((await collect(layer.open(offset))).equals(whole.subarray(offset))).toBe(true)
    }
  }
})

test('an uncompressed layer written from slabs has the bytes and digest of its stream, across every slab boundary', async () => {
  const dir = await tempDir('mb-tar-')
  const data = randomBytes(300 * 1024 + 77)
  await writeFile(join(dir, 'blob'), data)
  const plan = layerPlan(
    [
      { type: 'dir', path: 'root' },
      file('root/a.txt', 'x'.repeat(70_000)),
      cached(join(dir, 'blob'), data.length - 1000, 1000),
      file('root/z.txt', 'tail\n')
    ],
    'slabs'
  )
  const whole = await collect(new LayerSource(plan, 'none').open())
  const sha256 = `sha256:${createHash('sha256').update(whole).digest('hex')}`
  // Three 64 KiB slabs: pieces of headers, padding and both files land on every boundary.
  const slabs = new SlabPool(3, 64 * 1024, { direct: true })
  const path = join(dir, 'layer')
  const handle = await open(path, 'w')
  const writer = await positionalWriter(handle, path, { direct: slabs.direct })
  const digests = await new LayerSource(plan, 'none').writeUncompressed(writer, slabs)
  await writer.close()
  await handle.close()
  const written = await readFile(path)
  expect(written.length).toBe(plan.size)
  expect(written.equals(whole)).toBe(true)
  expect(digests).toEqual({ digest: sha256, diffId: sha256, size: plan.size })
})

test('a layer whose cache file is shorter than planned fails, naming the file, and nothing is left reading', async () => {
  const dir = await tempDir('mb-tar-')
  await writeFile(join(dir, 'blob'), Buffer.alloc(100_000, 1))
  const plan = layerPlan([cached(join(dir, 'blob'), 200_000, 0)], 'short')
  const path = join(dir, 'layer')
  const handle = await open(path, 'w')
  const writer = await positionalWriter(handle, path, { direct: true })
  await expect(
    new LayerSource(plan, 'none').writeUncompressed(
      writer,
      new SlabPool(2, 64 * 1024, { direct: true })
    )
  ).rejects.toThrow(`${join(dir, 'blob')} is shorter than its listed size (root/blob)`)
  await writer.close()
  await handle.close()
})
