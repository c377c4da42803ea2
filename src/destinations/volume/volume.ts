// `volume:DIR` — a mounted volume (RunPod network volume, Kubernetes ReadWriteMany PVC, NFS) that
// workers use as their HF_HUB_CACHE. The same layout as the local cache is written there:
//   - incremental: only blobs missing on the volume are copied (reflink/copy_file_range), verified;
//   - atomic for readers: blobs first; a new snapshot is assembled in <repo>/.modelbake-staging/ and
//     renamed into snapshots/<commit> in one step; then the listing; refs last;
//   - safe with concurrent writers, even on several machines: one O_EXCL + heartbeat lock per repo
//     (src/cache/lock.ts; flock is unreliable on NFS), plus temporary names and renames everywhere;
//   - without symlinks (the probe in HfCache), snapshot files are copies, as huggingface_hub does.
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, readdir, realpath, rename, rm, rmdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { diskErrorAbout, HfCache, type CacheRepo } from '../../cache/hf-cache.js'
import { acquireLock } from '../../cache/lock.js'
import { repoFolderName } from '../../core/cache-dir.js'
import { etagOf, type RepoFile } from '../../core/types.js'
import { forEachLimited } from '../../fetch/settle.js'
import { formatBytes } from '../../report/format.js'
import type { Destination, DestinationReport, PublishContext } from '../destination.js'
import { copyVerifiedBlob } from '../copy-blob.js'
import { pruneRepo, type PruneResult } from './prune.js'
import { locationKeys, snapshotsToPublish, type SnapshotToPublish } from '../snapshots.js'

export interface VolumeOptions {
  prune?: boolean
  /** Blobs copied at once. */
  concurrency?: number
  /** A lock not refreshed for this long belongs to a dead writer (NFS clocks may drift a little). */
  lockStaleMs?: number
}

/** An HfCache whose snapshot folders can be redirected to a staging folder while being assembled. */
class VolumeCache extends HfCache {
  private readonly staging = new Map<string, string>()

  override snapshotDir(repo: CacheRepo, commit: string): string {
    return this.staging.get(stagingKey(repo, commit)) ?? super.snapshotDir(repo, commit)
  }
  finalSnapshotDir(repo: CacheRepo, commit: string): string {
    return super.snapshotDir(repo, commit)
  }
  stage(repo: CacheRepo, commit: string, dir: string | undefined): void {
    if (dir === undefined) this.staging.delete(stagingKey(repo, commit))
    else this.staging.set(stagingKey(repo, commit), dir)
  }
}

const stagingKey = (repo: CacheRepo, commit: string) =>
  `${repoFolderName(repo.type, repo.repo)}\0${commit}`

interface Tally {
  written: number
  skipped: number
  copiedBlobs: number
  skippedBlobs: number
  /** Snapshot files written as copies (no symlinks), and their bytes (part of `written`). */
  fileCopies: number
  pruned: PruneResult[]
}

export class VolumeDestination implements Destination {
  readonly name: string
  /** Shards of a matrix each write their share of the blobs here; `assemble` writes the rest. */
  readonly sharding = 'blobs' as const

  constructor(
    readonly root: string,
    private readonly options: VolumeOptions = {}
  ) {
    this.name = `volume:${root}`
  }

  async publish(ctx: PublishContext): Promise<DestinationReport> {
    // A disk error here is the volume's: its hint names the volume, not the cache folder.
    return this.publishAll(ctx).catch((error: unknown) => {
      throw diskErrorAbout(error, `folder for ${this.name}`)
    })
  }

  private async publishAll(ctx: PublishContext): Promise<DestinationReport> {
    const volume = new VolumeCache(this.root)
    const snapshots = await snapshotsToPublish(ctx.cache, ctx.repos)
    const tally: Tally = {
      written: 0,
      skipped: 0,
      copiedBlobs: 0,
      skippedBlobs: 0,
      fileCopies: 0,
      pruned: []
    }
    const keys = locationKeys(ctx.repos)
    const locations = Object.fromEntries(
      ctx.repos.map((r, i) => [keys[i], volume.finalSnapshotDir(r, r.commit)])
    )
    if (await sameFolder(ctx.cache.root, this.root)) {
      ctx.logger.info(`${this.name}: this is the cache itself; nothing to copy`)
      for (const snapshot of snapshots) tally.skipped += uniqueBlobBytes(snapshot.files)
      return this.report(tally, locations, false)
    }
    await volume.prepare()

    const byRepo = new Map<string, SnapshotToPublish[]>()
    for (const snapshot of snapshots) {
      const folder = repoFolderName(snapshot.ref.type, snapshot.ref.repo)
      byRepo.set(folder, [...(byRepo.get(folder) ?? []), snapshot])
    }
    for (const group of byRepo.values()) {
      ctx.signal?.throwIfAborted()
      await this.publishRepo(ctx, volume, group, tally)
    }
    ctx.logger.info(
      `${this.name}: copied ${formatBytes(tally.written)} (${tally.copiedBlobs} blobs), ` +
        `skipped ${formatBytes(tally.skipped)} already there (${tally.skippedBlobs} blobs)`
    )
    return this.report(tally, locations, await symlinkMode(volume, snapshots))
  }

  private report(
    tally: Tally,
    locations: Record<string, string>,
    symlinks: boolean
  ): DestinationReport {
    return {
      destination: this.name,
      writtenBytes: tally.written,
      skippedBytes: tally.skipped,
      locations,
      details: {
        cacheDir: this.root,
        copiedBlobs: tally.copiedBlobs,
        skippedBlobs: tally.skippedBlobs,
        symlinks,
        ...(tally.fileCopies ? { snapshotFileCopies: tally.fileCopies } : {}),
        ...(this.options.prune
          ? {
              pruned: {
                revisions: tally.pruned.flatMap((p) => p.revisions),
                snapshots: tally.pruned.flatMap((p) => p.snapshots),
                blobs: tally.pruned.reduce((s, p) => s + p.blobs, 0),
                bytes: tally.pruned.reduce((s, p) => s + p.bytes, 0)
              }
            }
          : {})
      }
    }
  }

  /** Everything of one repo, under the repo's lock: blobs, snapshots, listings, refs, prune. */
  private async publishRepo(
    ctx: PublishContext,
    volume: VolumeCache,
    snapshots: SnapshotToPublish[],
    tally: Tally
  ): Promise<void> {
    const ref = snapshots[0].ref
    const lock = await acquireLock(volume.lockPath(ref, 'publish'), {
      staleMs: this.options.lockStaleMs ?? 60_000,
      signal: ctx.signal
    })
    try {
      await removeLeftovers(volume, ref)
      const handled = new Set<string>()
      for (const snapshot of snapshots) {
        await this.copyBlobs(ctx, volume, snapshot, tally, handled)
        if (ctx.shard === 'blobs-only') continue
        await this.placeSnapshot(volume, snapshot, tally)
        const listing = await ctx.cache.readTreeListing(ref, snapshot.commit)
        if (listing) await volume.writeTreeListing(ref, snapshot.commit, listing)
      }
      if (ctx.shard === 'blobs-only') return
      for (const snapshot of snapshots)
        for (const revision of snapshot.revisions)
          await volume.writeRef(ref, revision, snapshot.commit)
      if (this.options.prune) {
        const pruned = await pruneRepo(volume, ref, {
          commits: new Set(snapshots.map((s) => s.commit)),
          revisions: new Set(snapshots.flatMap((s) => s.revisions))
        })
        if (pruned.revisions.length || pruned.snapshots.length || pruned.blobs) {
          ctx.logger.info(
            `${this.name}: pruned ${snapshots[0].label}: ${pruned.revisions.length} refs, ` +
              `${pruned.snapshots.length} snapshots, ${pruned.blobs} blobs (${formatBytes(pruned.bytes)})`
          )
        }
        tally.pruned.push(pruned)
      }
    } finally {
      await lock!.release()
    }
  }

  private async copyBlobs(
    ctx: PublishContext,
    volume: VolumeCache,
    snapshot: SnapshotToPublish,
    tally: Tally,
    /** Etags of this repo already copied or skipped by this run (two commits share blobs). */
    handled: Set<string>
  ): Promise<void> {
    const { ref } = snapshot
    const todo = snapshot.files.filter((f) => !handled.has(etagOf(f)) && handled.add(etagOf(f)))
    // The first failure stops the other copies; all of them end before the error is reported.
    await forEachLimited(
      todo,
      this.options.concurrency ?? 4,
      async (file) => {
        if (await volume.hasBlob(ref, file)) {
          tally.skipped += file.size
          tally.skippedBlobs++
          return
        }
        await copyVerifiedBlob(
          ctx.cache.blobPath(ref, etagOf(file)),
          volume.blobPath(ref, etagOf(file)),
          file,
          snapshot.label
        )
        tally.written += file.size
        tally.copiedBlobs++
      },
      ctx.signal
    )
  }

  /**
   * A snapshot that does not exist yet is assembled under <repo>/.modelbake-staging/ (same depth as
   * snapshots/<commit>, so relative links resolve the same) and renamed into place: a reader sees
   * all of it or none of it. Files missing from an existing snapshot are added one by one.
   */
  private async placeSnapshot(
    volume: VolumeCache,
    snapshot: SnapshotToPublish,
    tally: Tally
  ): Promise<void> {
    const { ref, commit } = snapshot
    const final = volume.finalSnapshotDir(ref, commit)
    if (!(await isDirectory(final))) {
      const staging = join(
        volume.repoDir(ref),
        '.modelbake-staging',
        `${commit}.${randomBytes(4).toString('hex')}`
      )
      await mkdir(staging, { recursive: true })
      volume.stage(ref, commit, staging)
      try {
        for (const file of snapshot.files) await this.linkFile(volume, snapshot, file, tally)
      } finally {
        volume.stage(ref, commit, undefined)
      }
      await mkdir(join(volume.repoDir(ref), 'snapshots'), { recursive: true })
      try {
        await rename(staging, final)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
        // Someone outside modelbake's lock (huggingface_hub, say) created it meanwhile.
        await rm(staging, { recursive: true, force: true })
      }
      await rmdir(join(volume.repoDir(ref), '.modelbake-staging')).catch(() => undefined)
    }
    await volume.sweepSnapshot(ref, commit, new Set(snapshot.files.map((f) => f.path)))
    for (const file of snapshot.files) {
      if (!(await volume.isLinked(ref, commit, file)))
        await this.linkFile(volume, snapshot, file, tally)
    }
  }

  private async linkFile(
    volume: VolumeCache,
    snapshot: SnapshotToPublish,
    file: RepoFile,
    tally: Tally
  ): Promise<void> {
    await volume.link(snapshot.ref, snapshot.commit, file)
    const info = await lstat(volume.snapshotFile(snapshot.ref, snapshot.commit, file.path))
    if (!info.isSymbolicLink()) {
      tally.fileCopies++
      tally.written += file.size
    }
  }
}

/** Temporary files and staging folders of writers that died (we hold the repo's lock). */
async function removeLeftovers(volume: HfCache, ref: CacheRepo): Promise<void> {
  const repoDir = volume.repoDir(ref)
  await rm(join(repoDir, '.modelbake-staging'), { recursive: true, force: true })
  await volume.sweepRefsAndListings(ref)
  for (const name of await readdir(join(repoDir, 'blobs')).catch(() => [] as string[])) {
    if (/\.[0-9a-f]{8}\.modelbake\.tmp$/.test(name))
      await rm(join(repoDir, 'blobs', name), { force: true })
  }
}

function uniqueBlobBytes(files: readonly RepoFile[]): number {
  const sizes = new Map(files.map((f) => [etagOf(f), f.size]))
  return [...sizes.values()].reduce((a, b) => a + b, 0)
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false
  )
}

async function sameFolder(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)])
  return x === y
}

/** Whether the volume's snapshot files are symlinks (false: copies, on filesystems without links). */
async function symlinkMode(volume: VolumeCache, snapshots: SnapshotToPublish[]): Promise<boolean> {
  const first = snapshots.find((s) => s.files.length > 0)
  if (!first) return true
  const info = await lstat(volume.snapshotFile(first.ref, first.commit, first.files[0].path)).catch(
    () => undefined
  )
  return info ? info.isSymbolicLink() : true
}
