// Checks of a whole HF cache on disk, shared by the resilience, volume and S3 tests.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'

export async function gitBlobSha1(path: string, size: number): Promise<string> {
  const hash = createHash('sha1').update(`blob ${size}\0`)
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Every blob hashes to its own name; every link leads to a blob; no temporary file at a snapshot
 * path. With `copies`, snapshot files may be plain files (filesystems without symlinks).
 */
export async function expectCacheConsistent(
  cache: string,
  options: { copies?: boolean } = {}
): Promise<{ blobs: number }> {
  let blobs = 0
  for (const folder of (await readdir(cache)).filter((f) => f.includes('--'))) {
    const blobDir = join(cache, folder, 'blobs')
    for (const name of await readdir(blobDir).catch(() => [] as string[])) {
      if (name.endsWith('.modelbake.incomplete') || name.endsWith('.modelbake.ranges.json'))
        continue
      const path = join(blobDir, name)
      const size = (await stat(path)).size
      const actual = name.length === 64 ? await sha256(path) : await gitBlobSha1(path, size)
      expect({ blob: name, actual }).toEqual({ blob: name, actual: name })
      blobs++
    }
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = join(dir, entry.name)
        expect(entry.name).not.toMatch(/\.tmp$|\.incomplete$/)
        if (entry.isDirectory()) await walk(path)
        else if (options.copies && entry.isFile()) continue
        else {
          expect(entry.isSymbolicLink()).toBe(true)
          await expect(stat(path)).resolves.toBeDefined()
          expect(await readlink(path)).toMatch(/^(\.\.\/)+blobs\/[0-9a-f]+$/)
        }
      }
    }
    await walk(join(cache, folder, 'snapshots'))
  }
  return { blobs }
}

export interface TreeEntry {
  path: string
  kind: 'dir' | 'file' | 'link'
  /** A link's target, or a file's sha256. */
  value?: string
}

/** Everything under `root`, sorted: folders, files (with a digest of their bytes) and links. */
export async function treeOf(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = []
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name)
      const path = prefix ? `${prefix}/${name}` : name
      const info = await lstat(full)
      if (info.isSymbolicLink()) entries.push({ path, kind: 'link', value: await readlink(full) })
      else if (info.isDirectory()) {
        entries.push({ path, kind: 'dir' })
        await walk(full, path)
      } else {
        const bytes = await readFile(full)
        entries.push({
          path,
          kind: 'file',
          value: createHash('sha256').update(bytes).digest('hex')
        })
      }
    }
  }
  await walk(root, '')
  return entries
}
