// Writes into the cache appear whole, and survive a concurrent sweep of leftovers: the sweep of one
// run (or of another revision of the same repo) may take a live temporary name for a dead run's.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { putInPlace } from '../src/cache/hf-cache.js'
import { tempDir } from './helpers/env.js'

test('a temporary file swept away before its rename is made again, and the file lands whole', async () => {
  const dir = await tempDir('mb-put-')
  const path = join(dir, 'main')
  let attempts = 0
  await putInPlace(path, async (temporary) => {
    attempts++
    await writeFile(temporary, 'abc')
    // The first time, a sweep takes it before the rename, as sweepRefsAndListings did to a ref.
    if (attempts === 1) await rm(temporary)
  })
  expect(attempts).toBe(2)
  expect(await readFile(path, 'utf8')).toBe('abc')
  expect(await readdir(dir)).toEqual(['main'])
})

test('a write that keeps failing so gives up after four tries, naming the file, and leaves nothing', async () => {
  const dir = await tempDir('mb-put-')
  const path = join(dir, 'main')
  let attempts = 0
  const put = putInPlace(path, async (temporary) => {
    attempts++
    await writeFile(temporary, 'abc')
    await rm(temporary)
  })
  await expect(put).rejects.toThrow(path)
  expect(attempts).toBe(4)
  expect(await readdir(dir)).toEqual([])
})
