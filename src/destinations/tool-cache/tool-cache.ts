// `tool-cache` — the self-hosted runner's persistent tool cache (RUNNER_TOOL_CACHE), which outlives
// jobs on the same host. Each snapshot is stored as tool `hf-<type>s--<org>--<name>`, version
// `<commit>`, in @actions/tool-cache's layout (see layout.ts):
//   - restore: before any download, a later job finds `<tool>/<commit>/<arch>` with its `.complete`
//     marker and hard-links the blobs it needs into its own HF cache: nothing crosses the network,
//     and the weights exist once on the disk;
//   - publish: the warm snapshot's blobs are hard-linked into the entry (copied, verified, only when
//     the tool cache is on another filesystem), then links, listing and refs. A new entry is built
//     in a staging folder, renamed into place, and marked `.complete` last, so a reader never sees a
//     partial one; an entry that exists only gains files (blobs before the links that use them).
//   - concurrent jobs on one host: one O_EXCL + heartbeat lock per entry (src/cache/lock.ts).
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { forEachLimited } from '../../fetch/settle.js'
import { HfCache, cacheError } from '../../cache/hf-cache.js'
import { acquireLock } from '../../cache/lock.js'
import { etagOf, type RepoFile } from '../../core/types.js'
import { formatBytes } from '../../report/format.js'
import type {
  Destination,
  DestinationReport,
  PublishContext,
  RestoreContext,
  RestoreResult
} from '../destination.js'
import { locationKeys, snapshotsToPublish, type SnapshotToPublish } from '../snapshots.js'
import { toolEntry, type ToolEntry } from './layout.js'
import { placeBlob } from './place-blob.js'

export interface ToolCacheOptions {
  /** The `<arch>` folder; default os.arch(), as @actions/tool-cache names it. */
  arch?: string
  /** Blobs placed at once. */
  concurrency?: number
  /** A lock not refreshed for this long belongs to a dead writer. */
  lockStaleMs?: number
}

interface Tally {
  linkedBlobs: number
  linkedBytes: number
  copiedBlobs: number
  copiedBytes: number
  skippedBlobs: number
  skippedBytes: number
}

export class ToolCacheDestination implements Destination {
  private lastRestore: RestoreResult | undefined

  constructor(
    /** RUNNER_TOOL_CACHE, or the folder of `tool-cache:DIR`. */
    readonly root: string,
    private readonly options: ToolCacheOptions = {},
    readonly name = 'tool-cache'
  ) {}

  private entry(repo: SnapshotToPublish['ref'], commit: string): ToolEntry {
    return toolEntry(this.root, repo, commit, this.options.arch)
  }

  /** Link what the tool cache holds into the job's cache; a hit when it holds every selected file. */
  async restore(ctx: RestoreContext): Promise<RestoreResult> {
    let hit = true
    let restoredBytes = 0
    let prepared = false
    for (const plan of ctx.plans) {
      const entry = this.entry(plan.spec, plan.commit)
      const what = `${plan.label}@${plan.commit.slice(0, 12)}`
      if (!(await isComplete(entry))) {
        hit = false
        ctx.logger.info(`${this.name}: no entry for ${what} (${entry.dir})`)
        continue
      }
      const stored = new HfCache(entry.dir)
      let blobs = 0
      let bytes = 0
      let absent = 0
      for (const file of uniqueBlobs(plan.files)) {
        // A file planned offline from a cache without a listing has no known digest: not found.
        if (etagOf(file) === '' || !(await stored.hasBlob(plan.spec, file))) {
          absent++
          continue
        }
        if (await ctx.cache.hasBlob(plan.spec, file)) continue
        if (!prepared) {
          await ctx.cache.prepare()
          prepared = true
        }
        await placeBlob(
          stored.blobPath(plan.spec, etagOf(file)),
          ctx.cache.blobPath(plan.spec, etagOf(file)),
          file,
          plan.label
        )
        blobs++
        bytes += file.size
      }
      if (absent > 0) hit = false
      restoredBytes += bytes
      ctx.logger.info(
        `${this.name}: ${what} found in ${entry.dir}: linked ${blobs} blobs (${formatBytes(bytes)}) into the cache` +
          (absent > 0 ? `; ${absent} selected files are not there and will be downloaded` : '')
      )
    }
    this.lastRestore = { hit, restoredBytes }
    return this.lastRestore
  }

  async publish(ctx: PublishContext): Promise<DestinationReport> {
    const snapshots = await snapshotsToPublish(ctx.cache, ctx.repos)
    const tally: Tally = {
      linkedBlobs: 0,
      linkedBytes: 0,
      copiedBlobs: 0,
      copiedBytes: 0,
      skippedBlobs: 0,
      skippedBytes: 0
    }
    for (const snapshot of snapshots) {
      ctx.signal?.throwIfAborted()
      await this.publishSnapshot(ctx, snapshot, tally)
    }
    const keys = locationKeys(ctx.repos)
    const locations: Record<string, string> = {}
    const tools: Record<string, string> = {}
    ctx.repos.forEach((r, i) => {
      const entry = this.entry(r, r.commit)
      locations[keys[i]] = new HfCache(entry.dir).snapshotDir(r, r.commit)
      tools[keys[i]] = entry.dir
    })
    ctx.logger.info(
      `${this.name}: stored ${formatBytes(tally.linkedBytes + tally.copiedBytes)} in ${this.root}` +
        ` (${tally.linkedBlobs} blobs hard-linked, no extra disk space; ${tally.copiedBlobs} copied,` +
        ` ${formatBytes(tally.copiedBytes)}), skipped ${formatBytes(tally.skippedBytes)} already there`
    )
    return {
      destination: this.name,
      writtenBytes: tally.linkedBytes + tally.copiedBytes,
      skippedBytes: tally.skippedBytes,
      locations,
      details: {
        cacheHit: this.lastRestore?.hit ?? false,
        toolCacheDir: this.root,
        tools,
        ...tally
      }
    }
  }

  private async publishSnapshot(
    ctx: PublishContext,
    snapshot: SnapshotToPublish,
    tally: Tally
  ): Promise<void> {
    const entry = this.entry(snapshot.ref, snapshot.commit)
    await mkdir(entry.versionDir, { recursive: true }).catch((error: unknown) => {
      throw cacheError(entry.versionDir, error)
    })
    const lock = await acquireLock(entry.lock, {
      staleMs: this.options.lockStaleMs ?? 60_000,
      signal: ctx.signal
    })
    try {
      if (await isComplete(entry)) {
        await this.fill(ctx, new HfCache(entry.dir), snapshot, tally)
        return
      }
      // A folder without its marker was left by a writer that died (ours or tc.cacheDir's): start
      // again, as @actions/tool-cache's _createToolPath does.
      await rm(entry.dir, { recursive: true, force: true })
      const staging = join(
        entry.versionDir,
        `.${basename(entry.dir)}.${randomBytes(4).toString('hex')}.modelbake.tmp`
      )
      try {
        await this.fill(ctx, new HfCache(staging), snapshot, tally)
        await rename(staging, entry.dir)
      } catch (error) {
        await rm(staging, { recursive: true, force: true })
        throw cacheError(entry.dir, error)
      }
      await writeFile(entry.marker, '').catch((error: unknown) => {
        throw cacheError(entry.marker, error)
      })
    } finally {
      await lock!.release()
    }
  }

  /** Blobs first, then the snapshot's links, its listing, and its refs last. */
  private async fill(
    ctx: PublishContext,
    stored: HfCache,
    snapshot: SnapshotToPublish,
    tally: Tally
  ): Promise<void> {
    const { ref, commit, label } = snapshot
    await stored.prepare()
    const todo = uniqueBlobs(snapshot.files)
    // The first failure stops the other copies; all of them end before the error is reported.
    await forEachLimited(
      todo,
      this.options.concurrency ?? 4,
      async (file) => {
        if (await stored.hasBlob(ref, file)) {
          tally.skippedBlobs++
          tally.skippedBytes += file.size
          return
        }
        const how = await placeBlob(
          ctx.cache.blobPath(ref, etagOf(file)),
          stored.blobPath(ref, etagOf(file)),
          file,
          label
        )
        if (how === 'linked') {
          tally.linkedBlobs++
          tally.linkedBytes += file.size
        } else {
          tally.copiedBlobs++
          tally.copiedBytes += file.size
        }
      },
      ctx.signal
    )
    for (const file of snapshot.files) {
      if (await stored.isLinked(ref, commit, file)) continue
      await stored.link(ref, commit, file)
      // Where symlinks are impossible the snapshot holds a copy, as huggingface_hub does.
      const info = await lstat(stored.snapshotFile(ref, commit, file.path))
      if (!info.isSymbolicLink()) tally.copiedBytes += file.size
    }
    const listing = await ctx.cache.readTreeListing(ref, commit)
    if (listing) await stored.writeTreeListing(ref, commit, listing)
    for (const revision of snapshot.revisions) await stored.writeRef(ref, revision, commit)
    if (snapshot.revisions.length === 0) await stored.writeRef(ref, commit, commit)
  }
}

async function isComplete(entry: ToolEntry): Promise<boolean> {
  const [dir, marker] = await Promise.all([
    stat(entry.dir).catch(() => undefined),
    stat(entry.marker).catch(() => undefined)
  ])
  return Boolean(dir?.isDirectory() && marker?.isFile())
}

/** One file per blob (two paths with one content share it). */
export function uniqueBlobs(files: readonly RepoFile[]): RepoFile[] {
  const seen = new Map<string, RepoFile>()
  for (const file of files) if (!seen.has(etagOf(file))) seen.set(etagOf(file), file)
  return [...seen.values()]
}
