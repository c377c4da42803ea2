// `gha-cache` — the GitHub Actions cache, for GitHub-hosted runners whose disk starts empty.
// One cache entry per repo, commit and patterns (key.ts), holding the blobs of the selected files:
//   - restore, after planning and before any download: each entry's archive is extracted into a
//     staging folder, each blob is checked against its digest and linked into the job's cache, so a
//     warm job downloads nothing from the Hub. With no entry for the commit, the newest entry of the
//     same repo and patterns is used for the blobs the two commits share (a partial restore);
//   - publish: entries that were not restored whole are saved, once the snapshot is complete, after
//     a size check against the repository's limit (limits.ts) that names what would not fit.
// The staging folder is `<cache>/.locks/modelbake-gha-cache`: on the cache's own filesystem (blobs are
// hard-linked in and out, never copied), in the one folder that huggingface_hub's cache scan skips,
// and at the same path in every job, because @actions/cache ties an entry to its paths: a job with
// another cache folder does not see the entries of this one, as with actions/cache.
import { rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CacheRepo, HfCache } from '../../cache/hf-cache.js'
import { acquireLock } from '../../cache/lock.js'
import { repoFolderName } from '../../core/cache-dir.js'
import { digestOf, etagOf, type RepoFile, type RepoType } from '../../core/types.js'
import { fileDigest } from '../../fetch/digest.js'
import { formatBytes } from '../../report/format.js'
import type { Logger } from '../../report/logger.js'
import type {
  Destination,
  DestinationReport,
  PublishContext,
  RestoreContext,
  RestoreResult
} from '../destination.js'
import { uniqueBlobs } from '../tool-cache/tool-cache.js'
import { placeBlob } from '../tool-cache/place-blob.js'
import { locationKeys } from '../snapshots.js'
import { actionsCacheClient, type CacheClient } from './client.js'
import { cacheKey, restorePrefix } from './key.js'
import { DEFAULT_LIMIT, decideSaves, evictionNote } from './limits.js'

export interface GhaCacheOptions {
  /** The repository's cache size limit (default 10 GiB). */
  limitBytes?: number
  /** The cache client (tests may pass another). */
  client?: () => Promise<CacheClient>
}

/** One cache entry: a repo at a commit with its patterns; several revisions may share it. */
interface Entry {
  key: string
  prefix: string
  /** `org/name@<commit 12>` for messages. */
  what: string
  ref: CacheRepo
  files: RepoFile[]
  bytes: number
}

type RestoreState = 'hit' | 'partial' | 'miss'

interface EntryRecord {
  restore?: RestoreState
  restoredBytes: number
  /** The key a partial restore came from. */
  restoredFrom?: string
  /** The entry exists under this very key (it cannot be saved again, even when incomplete). */
  keyExists?: boolean
}

export class GhaCacheDestination implements Destination {
  readonly name = 'gha-cache'
  private readonly records = new Map<string, EntryRecord>()
  private clientPromise: Promise<CacheClient> | undefined
  private unavailable = false

  constructor(private readonly options: GhaCacheOptions = {}) {}

  private get limit(): number {
    return this.options.limitBytes ?? DEFAULT_LIMIT
  }

  private client(): Promise<CacheClient> {
    this.clientPromise ??= (this.options.client ?? actionsCacheClient)()
    return this.clientPromise
  }

  private async ready(logger: Logger): Promise<CacheClient | undefined> {
    const client = await this.client()
    if (client.available()) return client
    if (!this.unavailable) {
      logger.warn(
        'gha-cache: this process was given no Actions cache service (ACTIONS_RESULTS_URL and ' +
          'ACTIONS_RUNTIME_TOKEN are unset), so nothing is restored or saved. The runner gives ' +
          'them to actions, not to `run:` steps: use the modelbake Action, or expose them to the step.'
      )
    }
    this.unavailable = true
    return undefined
  }

  async restore(ctx: RestoreContext): Promise<RestoreResult> {
    const entries = groupEntries(
      ctx.plans.map((p) => ({
        type: p.spec.type,
        repo: p.spec.repo,
        commit: p.commit,
        allow: p.allow,
        ignore: p.ignore,
        files: p.files,
        label: p.label
      }))
    )
    const client = await this.ready(ctx.logger)
    if (!client) return { hit: false, restoredBytes: 0 }
    const stage = stageDir(ctx.cache)
    const lock = await acquireLock(`${stage}.lock`, { staleMs: 120_000 })
    let restoredBytes = 0
    try {
      for (const entry of entries) {
        const record = await this.restoreEntry(ctx, client, stage, entry)
        this.records.set(entry.key, record)
        restoredBytes += record.restoredBytes
      }
    } finally {
      await rm(stage, { recursive: true, force: true })
      await lock!.release()
    }
    const hit = entries.every((e) => this.records.get(e.key)?.restore === 'hit')
    return { hit, restoredBytes }
  }

  private async restoreEntry(
    ctx: RestoreContext,
    client: CacheClient,
    stage: string,
    entry: Entry
  ): Promise<EntryRecord> {
    const { logger, cache } = ctx
    const missing: RepoFile[] = []
    for (const file of entry.files)
      if (etagOf(file) === '' || !(await cache.hasBlob(entry.ref, file))) missing.push(file)
    if (missing.length === 0) {
      // Nothing to fetch: only ask whether the entry exists (for cache-hit, and to skip the save).
      const found = await client.restore([stage], entry.key, [], { lookupOnly: true })
      logger.info(
        `gha-cache: ${entry.what} is already in the local cache; key ${entry.key} ` +
          (found === entry.key ? 'is in the Actions cache' : 'is not in the Actions cache yet')
      )
      return found === entry.key
        ? { restore: 'hit', restoredBytes: 0, keyExists: true }
        : { restore: 'miss', restoredBytes: 0 }
    }
    await rm(stage, { recursive: true, force: true })
    const matched = await client.restore([stage], entry.key, [entry.prefix])
    if (!matched) {
      logger.info(`gha-cache: no entry for ${entry.what} (key ${entry.key})`)
      return { restore: 'miss', restoredBytes: 0 }
    }
    if (!(await stat(stage).catch(() => undefined))?.isDirectory()) {
      logger.warn(
        `gha-cache: entry ${matched} was restored, but not at ${stage}: was it saved by a job ` +
          'whose workspace (GITHUB_WORKSPACE) was elsewhere? Its files will be downloaded'
      )
      return { restore: 'partial', restoredBytes: 0, keyExists: matched === entry.key }
    }
    let restoredBytes = 0
    let absent = 0
    let prepared = false
    for (const file of missing) {
      const staged = join(
        stage,
        repoFolderName(entry.ref.type, entry.ref.repo),
        'blobs',
        etagOf(file)
      )
      if (etagOf(file) === '' || !(await hasVerifiedFile(staged, file, logger, matched))) {
        absent++
        continue
      }
      if (!prepared) {
        await cache.prepare()
        prepared = true
      }
      await placeBlob(staged, cache.blobPath(entry.ref, etagOf(file)), file, entry.what)
      restoredBytes += file.size
    }
    await rm(stage, { recursive: true, force: true })
    const exact = matched === entry.key
    logger.info(
      `gha-cache: ${entry.what}: restored ${missing.length - absent} blobs (${formatBytes(restoredBytes)}) ` +
        (exact ? `from key ${matched}` : `from ${matched}, an entry of another commit`) +
        (absent > 0 ? `; ${absent} will be downloaded` : '')
    )
    return {
      restore: exact && absent === 0 ? 'hit' : 'partial',
      restoredBytes,
      ...(exact ? { keyExists: true } : { restoredFrom: matched })
    }
  }

  async publish(ctx: PublishContext): Promise<DestinationReport> {
    const { logger, cache } = ctx
    const keys = locationKeys(ctx.repos)
    const entries = groupEntries(
      ctx.repos.map((r) => ({
        type: r.type,
        repo: r.repo,
        commit: r.commit,
        allow: r.allow,
        ignore: r.ignore,
        files: r.selected,
        label: r.label
      }))
    )
    const keyOf = (i: number) => {
      const r = ctx.repos[i]
      return cacheKey({
        type: r.type,
        repo: r.repo,
        commit: r.commit,
        allow: r.allow,
        ignore: r.ignore
      })
    }
    const locations = Object.fromEntries(ctx.repos.map((_, i) => [keys[i], keyOf(i)]))
    const report = (
      written: number,
      skipped: number,
      saved: Map<string, string>
    ): DestinationReport => ({
      destination: this.name,
      writtenBytes: written,
      skippedBytes: skipped,
      locations,
      details: {
        cacheHit:
          !this.unavailable && entries.every((e) => this.records.get(e.key)?.restore === 'hit'),
        cacheKey: entries[0]?.key ?? '',
        cacheKeys: locations,
        cacheAvailable: !this.unavailable,
        cacheLimitBytes: this.limit,
        cacheEntries: entries.map((e) => {
          const record = this.records.get(e.key)
          return {
            key: e.key,
            repo: e.what,
            bytes: e.bytes,
            restore: record?.restore ?? 'miss',
            restoredBytes: record?.restoredBytes ?? 0,
            ...(record?.restoredFrom ? { restoredFrom: record.restoredFrom } : {}),
            saved: saved.get(e.key) ?? 'no'
          }
        })
      }
    })
    const client = this.unavailable ? undefined : await this.ready(logger)
    if (!client) return report(0, 0, new Map())

    const decisions = decideSaves(
      entries.map((e) => ({
        label: e.what,
        key: e.key,
        bytes: e.bytes,
        present: this.records.get(e.key)?.keyExists === true
      })),
      this.limit
    )
    const saved = new Map<string, string>()
    let written = 0
    let skipped = 0
    const stage = stageDir(cache)
    const lock = await acquireLock(`${stage}.lock`, { staleMs: 120_000, signal: ctx.signal })
    try {
      for (const [i, entry] of entries.entries()) {
        const decision = decisions[i]
        if (!decision.save) {
          if (decision.reason === 'present' && this.records.get(entry.key)?.restore === 'hit') {
            skipped += entry.bytes
            saved.set(entry.key, 'already there')
          } else if (decision.reason === 'present') {
            logger.warn(
              `gha-cache: entry ${entry.key} lacks some of ${entry.what}'s files or holds damaged ` +
                'ones, and an Actions cache entry cannot be replaced: delete it (gh cache delete ' +
                `${entry.key}) so that the next job saves a complete one`
            )
            saved.set(entry.key, 'incomplete entry exists')
          } else {
            logger.warn(`gha-cache: ${decision.message}`)
            saved.set(entry.key, decision.reason)
          }
          continue
        }
        if (entry.files.some((f) => etagOf(f) === '')) {
          logger.warn(
            `gha-cache: ${entry.what} not saved: the local cache has no listing of the commit, so ` +
              'its digests are unknown (run once with network access)'
          )
          saved.set(entry.key, 'unknown digests')
          continue
        }
        ctx.signal?.throwIfAborted()
        await rm(stage, { recursive: true, force: true })
        for (const file of entry.files) {
          const target = join(
            stage,
            repoFolderName(entry.ref.type, entry.ref.repo),
            'blobs',
            etagOf(file)
          )
          await placeBlob(cache.blobPath(entry.ref, etagOf(file)), target, file, entry.what)
        }
        const id = await client.save([stage], entry.key)
        await rm(stage, { recursive: true, force: true })
        if (id === -1) {
          logger.warn(`gha-cache: ${entry.what} was not saved (key ${entry.key}): see above`)
          saved.set(entry.key, 'failed')
        } else {
          logger.info(
            `gha-cache: saved ${entry.what}, ${formatBytes(entry.bytes)}, as ${entry.key}`
          )
          written += entry.bytes
          saved.set(entry.key, 'yes')
        }
      }
    } finally {
      await rm(stage, { recursive: true, force: true })
      await lock!.release()
    }
    logger.info(
      `gha-cache: uploaded ${formatBytes(written)} (before compression), skipped ` +
        `${formatBytes(skipped)} already cached; ${evictionNote(this.limit)}`
    )
    return report(written, skipped, saved)
  }
}

interface EntrySource {
  type: RepoType
  repo: string
  commit: string
  allow?: string[]
  ignore?: string[]
  files: RepoFile[]
  label: string
}

/** One entry per key, in the order of first appearance. */
function groupEntries(sources: EntrySource[]): Entry[] {
  const entries = new Map<string, Entry>()
  for (const source of sources) {
    const key = cacheKey(source)
    if (entries.has(key)) continue
    const files = uniqueBlobs(source.files)
    entries.set(key, {
      key,
      prefix: restorePrefix(source),
      what: `${source.label}@${source.commit.slice(0, 12)}`,
      ref: { type: source.type, repo: source.repo },
      files,
      bytes: files.reduce((sum, f) => sum + f.size, 0)
    })
  }
  return [...entries.values()]
}

/** The same absolute path in every job with this cache folder (it is part of the entry's version). */
export function stageDir(cache: HfCache): string {
  return join(resolve(cache.root), '.locks', 'modelbake-gha-cache')
}

/** A restored blob is used only when its size and digest are right; else it is downloaded. */
async function hasVerifiedFile(
  path: string,
  file: RepoFile,
  logger: Logger,
  key: string
): Promise<boolean> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return false
  const expected = digestOf(file).hex
  const actual = info.size === file.size ? await fileDigest(path, file) : `${info.size} bytes`
  if (actual === expected) return true
  logger.warn(
    `gha-cache: ${file.path} in entry ${key} does not match its digest (expected ` +
      `${expected}, got ${actual}); it will be downloaded`
  )
  return false
}
