// Direct writes: the bytes land exactly, the aligned part past the page cache (fincore counts the
// file's pages in the cache), and what cannot go direct goes through the cache instead.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  alignedSlabs,
  DIRECT_ALIGNMENT,
  directWritesWanted,
  positionalWriter,
  SlabPool,
  type PositionalWriter
} from '../src/fetch/direct-write.js'
import { tempDir } from './helpers/env.js'

const MiB = 1024 * 1024

/** Bytes of `path` in the page cache, as util-linux's fincore counts them. */
function cachedBytes(path: string): number {
  return Number(
    execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', path], {
      encoding: 'utf8'
    }).trim()
  )
}

/** A new file at `path`, with a writer beside its plain handle; `done()` closes both. */
async function create(
  path: string,
  options: { direct: boolean }
): Promise<PositionalWriter & { done(): Promise<void> }> {
  const handle = await open(path, 'w')
  const writer = await positionalWriter(handle, path, options)
  return Object.assign(writer, {
    async done() {
      await writer.close()
      await handle.close()
    }
  })
}

test('slabs are page-aligned views of one memory', () => {
  const { slabs, aligned } = alignedSlabs(4, MiB)
  expect(aligned).toBe(true)
  expect(slabs.map((s) => s.length)).toEqual([MiB, MiB, MiB, MiB])
  expect(slabs.map((s) => s.byteOffset % DIRECT_ALIGNMENT)).toEqual([0, 0, 0, 0])
  expect(new Set(slabs.map((s) => s.buffer)).size).toBe(1)
})

test('aligned pieces go past the page cache, an unaligned tail through it; the file has every byte', async () => {
  const path = join(await tempDir('mb-direct-'), 'file')
  const { slabs } = alignedSlabs(2, 4 * MiB)
  const content = randomBytes(8 * MiB + 1000)
  const writer = await create(path, { direct: true })
  // Out of order, as parallel ranges would write; the last piece is not a whole block.
  content.copy(slabs[0], 0, 4 * MiB, 8 * MiB)
  await writer.write(slabs[0], 4 * MiB)
  content.copy(slabs[1], 0, 0, 4 * MiB)
  await writer.write(slabs[1], 0)
  content.copy(slabs[0], 0, 8 * MiB)
  await writer.write(slabs[0].subarray(0, 1000), 8 * MiB)
  expect(writer.direct).toBe(true)
  await writer.done()
  expect((await readFile(path)).equals(content)).toBe(true)
})

test('written direct, the file is not in the page cache; written plainly, all of it is', async () => {
  const dir = await tempDir('mb-direct-')
  const { slabs } = alignedSlabs(1, 4 * MiB)
  slabs[0].fill(7)
  for (const direct of [true, false]) {
    const path = join(dir, direct ? 'direct' : 'plain')
    const writer = await create(path, { direct })
    await writer.write(slabs[0], 0)
    await writer.write(slabs[0], 4 * MiB)
    await writer.done()
    expect(cachedBytes(path)).toBe(direct ? 0 : 8 * MiB)
  }
})

test('memory that is not page-aligned is written through the cache, correctly, and writes stay plain after', async () => {
  const path = join(await tempDir('mb-direct-'), 'file')
  // 64 MiB is above glibc's largest mmap threshold: the allocation is mapped on its own, and its
  // data starts 16 bytes into a page, whatever byteOffset says.
  const unaligned = Buffer.allocUnsafeSlow(64 * MiB).subarray(0, MiB)
  unaligned.fill(9)
  const writer = await create(path, { direct: true })
  expect(writer.direct).toBe(true)
  await writer.write(unaligned, 0)
  expect(writer.direct).toBe(false)
  await writer.write(unaligned, MiB)
  await writer.done()
  expect((await readFile(path)).equals(Buffer.alloc(2 * MiB, 9))).toBe(true)
})

test('MODELBAKE_DIRECT_IO=off: nothing is tried direct, and the bytes go through the cache', async () => {
  expect(directWritesWanted({})).toBe(true)
  for (const off of ['0', 'off', 'false', 'no', ' OFF '])
    expect(directWritesWanted({ MODELBAKE_DIRECT_IO: off })).toBe(false)
  const slabs = new SlabPool(1, 64 * 1024, {
    direct: directWritesWanted({ MODELBAKE_DIRECT_IO: 'off' })
  })
  expect(slabs.direct).toBe(false)
  const path = join(await tempDir('mb-direct-'), 'file')
  const writer = await create(path, { direct: slabs.direct })
  expect(writer.direct).toBe(false)
  await writer.write(Buffer.alloc(DIRECT_ALIGNMENT, 1), 0)
  await writer.done()
  expect(cachedBytes(path)).toBe(DIRECT_ALIGNMENT)
})
