// `--to volume:DIR` on a filesystem without symlinks (exFAT, as on many removable and some network
// volumes): detected, and snapshot files become copies, as huggingface_hub does. Needs root, a loop
// device and exFAT through FUSE (Debian: exfat-fuse exfatprogs); skipped where they are missing.
import { execFileSync } from 'node:child_process'
import { lstat, mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { expectCacheConsistent } from './helpers/cache-check.js'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

function canMountExfat(): boolean {
  try {
    if (process.getuid?.() !== 0) return false
    execFileSync('sh', [
      '-c',
      'command -v losetup && command -v mkfs.exfat && command -v mount.exfat-fuse'
    ])
    return true
  } catch {
    return false
  }
}

// Not skipped where the tools are missing: the test fails and says what it needs (.ci/run installs it).
test('this machine can mount an exFAT volume (root, losetup, mkfs.exfat, mount.exfat-fuse)', () => {
  expect(canMountExfat()).toBe(true)
})

describe('a volume without symlinks', () => {
  let t: TestHub
  let work: string
  let mount: string
  let loop: string

  beforeAll(async () => {
    t = await startTestHub()
    work = await tempDir('mb-exfat-')
    const image = join(work, 'volume.img')
    mount = join(work, 'mnt')
    await mkdir(mount)
    execFileSync('truncate', ['-s', '256M', image])
    execFileSync('mkfs.exfat', [image], { stdio: 'ignore' })
    loop = execFileSync('losetup', ['-f', '--show', image]).toString().trim()
    execFileSync('mount.exfat-fuse', [loop, mount], { stdio: 'ignore' })
  })
  afterAll(async () => {
    if (mount) execFileSync('umount', [mount])
    if (loop) execFileSync('losetup', ['-d', loop])
    await rm(work, { recursive: true, force: true })
    await t.close()
  })

  test('snapshot files are verified copies; a second run copies nothing; modelbake resolves it offline', async () => {
    const volume = join(mount, 'hub')
    const cache = await tempDir()
    const specs = ['acme/tiny-model:v1.0', 'acme/tiny-model:main', 'datasets/acme/tiny-dataset']
    const publish = async () => {
      const run = await cli([
        ...specs,
        ...hubAndCache(t.hub.url, cache),
        '--to',
        `volume:${volume}`,
        '--json',
        '--quiet'
      ])
      expect(run).toMatchObject({ code: 0, stderr: '' })
      return JSON.parse(run.stdout).destinations[0]
    }
    const first = await publish()
    expect(first.details).toMatchObject({ symlinks: false })
    expect(first.details.snapshotFileCopies).toBeGreaterThan(0)
    const { tinyModel } = t.fixtures
    for (const commit of [tinyModel.commits.first, tinyModel.commits.main]) {
      for (const stored of t.store.filesAt(tinyModel.id, commit).values()) {
        const path = join(
          volume,
          'models--acme--tiny-model',
          'snapshots',
          commit,
          ...stored.path.split('/')
        )
        expect((await lstat(path)).isFile()).toBe(true)
        expect(
          (await readFile(path)).equals(await readFile(t.store.objectPath(stored.sha256)))
        ).toBe(true)
      }
    }
    await expectCacheConsistent(volume, { copies: true })

    const second = await publish()
    expect(second).toMatchObject({ writtenBytes: 0 })

    const offline = await cli([...specs, '--offline', '--cache-dir', volume, '--json', '--quiet'])
    expect(offline.code).toBe(0)
    expect(
      JSON.parse(offline.stdout).repos.map((r: { snapshotPath: string }) => r.snapshotPath)
    ).toEqual(Object.values(first.locations))

    // --prune works from the listings, since copies do not name their blob.
    const pruned = await cli([
      'acme/tiny-model:main',
      ...hubAndCache(t.hub.url, cache),
      '--to',
      `volume:${volume}`,
      '--prune',
      '--json',
      '--quiet'
    ])
    expect(pruned.code).toBe(0)
    expect(JSON.parse(pruned.stdout).destinations[0].details.pruned).toMatchObject({
      revisions: ['v1.0'],
      snapshots: [tinyModel.commits.first]
    })
    await expectCacheConsistent(volume, { copies: true })
  })
})
