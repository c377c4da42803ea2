// `modelbake pull s3://BUCKET/PREFIX [SPEC...]`: rebuild a real HF cache from what `--to s3://` put
// there — the same blobs, links, listings and refs a direct download writes, each blob verified
// against its digest (sha256 for LFS files, git's blob sha1 for the others) before it gets its name.
// Large blobs come through the same parallel, resumable range downloader as the Hub's files, from
// presigned URLs; small ones in one GET.
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { cacheError, HfCache, type CacheRepo } from '../../cache/hf-cache.js'
import { acquireLock } from '../../cache/lock.js'
import { parseRepoFolder, repoFolderName } from '../../core/cache-dir.js'
import { ModelbakeError } from '../../core/errors.js'
import { filterRepoItems } from '../../core/patterns.js'
import { validateRevision } from '../../core/spec.js'
import { parseTreeListing } from '../../core/tree-listing.js'
import { COMMIT_RE, etagOf, type RepoFile, type RepoSpec } from '../../core/types.js'
import { digestFor } from '../../fetch/digest.js'
import { DEFAULT_TUNING, downloadBlob, stagingSlabs } from '../../fetch/download-blob.js'
import { Limiter, MemoryBudget } from '../../fetch/limiter.js'
import { forEachLimited } from '../../fetch/settle.js'
import { repoLabel } from '../../hub/api.js'
import type { RetryPolicy } from '../../hub/http.js'
import { publishSnapshot } from '../../pipeline/fetch.js'
import type { RepoPlan } from '../../pipeline/plan.js'
import { formatBytes } from '../../report/format.js'
import type { Logger } from '../../report/logger.js'
import { S3Client, S3Error } from './client.js'
import type { S3Config } from './config.js'
import { formatLocation, keys, type S3Location } from './location.js'
import { parseManifest } from './manifest.js'
import { s3HttpClient } from './publish.js'

export interface PullOptions {
  location: S3Location
  config: S3Config
  cacheDir: string
  /** What to pull; empty: every snapshot and ref under the prefix. */
  specs: RepoSpec[]
  allow?: string[]
  ignore?: string[]
  concurrency: number
  /** Write downloads past the page cache where the filesystem allows (default true). */
  directWrites?: boolean
  retry?: Partial<RetryPolicy>
  logger: Logger
  signal?: AbortSignal
}

export interface PulledRepo {
  label: string
  repo: string
  type: RepoSpec['type']
  revision: string
  commit: string
  snapshotPath: string
  files: number
  bytes: number
  /** Blob bytes fetched from the bucket by this pull. */
  downloadedBytes: number
  /** Blob bytes already in the local cache. */
  reusedBytes: number
}

export interface PullReport {
  source: string
  cacheDir: string
  repos: PulledRepo[]
  downloadedBytes: number
  reusedBytes: number
}

interface Target {
  ref: CacheRepo
  label: string
  commit: string
  /** Refs to write (none for a commit spec). */
  revisions: string[]
  /** The revision the user asked for (the commit when pulling everything without a ref). */
  asked: string
  allow?: string[]
  ignore?: string[]
}

export async function pullFromS3(options: PullOptions): Promise<PullReport> {
  const { location, logger } = options
  const http = s3HttpClient(options.config, logger, options.retry)
  const client = new S3Client({ config: options.config, location, http })
  const cache = new HfCache(options.cacheDir)
  const source = formatLocation(location)
  try {
    const targets = options.specs.length
      ? await Promise.all(options.specs.map((spec) => targetOf(client, spec, options)))
      : await everything(client, options.signal)
    if (targets.length === 0) {
      throw new ModelbakeError(`${source} holds no snapshot`, {
        hint: 'publish one first: modelbake ORG/NAME --to ' + source
      })
    }
    // Every manifest is read and checked before anything is written.
    const selections = await Promise.all(targets.map((target) => selection(client, target)))
    await cache.prepare()
    const download = {
      http,
      limiter: new Limiter(options.concurrency),
      memory: new MemoryBudget(128 * 1024 * 1024),
      tuning: DEFAULT_TUNING,
      hasToken: false,
      onBytes: () => undefined,
      slabs: stagingSlabs(options.concurrency, { direct: options.directWrites ?? true })
    }
    const done = new Set<string>()
    const repos: PulledRepo[] = []
    let order = 0
    for (const [index, target] of targets.entries()) {
      options.signal?.throwIfAborted()
      const { files, listing } = selections[index]
      const folder = repoFolderName(target.ref.type, target.ref.repo)
      const unique = files.filter((f) => !done.has(`${folder}/${etagOf(f)}`))
      for (const f of unique) done.add(`${folder}/${etagOf(f)}`)
      let downloadedBytes = 0
      await forEachLimited(
        unique,
        options.concurrency,
        async (file, _index, signal) => {
          const fetched = await fetchBlob(client, cache, target, file, order++, {
            ...download,
            signal
          })
          downloadedBytes += fetched
        },
        options.signal
      )
      const bytes = files.reduce((s, f) => s + f.size, 0)
      const plan = (revision: string): RepoPlan => ({
        spec: { ...target.ref, revision },
        label: target.label,
        commit: target.commit,
        files,
        allFiles: listing,
        totalBytes: bytes,
        listingFetched: listing !== undefined
      })
      // Links, then the listing, then refs: the order of a direct download.
      await publishSnapshot(cache, plan(target.commit))
      for (const revision of target.revisions) await publishSnapshot(cache, plan(revision))
      const uniqueBytes = unique.reduce((s, f) => s + f.size, 0)
      repos.push({
        label: target.label,
        repo: target.ref.repo,
        type: target.ref.type,
        revision: target.asked,
        commit: target.commit,
        snapshotPath: cache.snapshotDir(target.ref, target.commit),
        files: files.length,
        bytes,
        downloadedBytes,
        reusedBytes: uniqueBytes - downloadedBytes
      })
      logger.info(
        `${target.label}@${target.asked} → ${target.commit.slice(0, 12)}: ${files.length} files, ${formatBytes(bytes)}` +
          ` (from ${source}: ${formatBytes(downloadedBytes)}) → ${cache.snapshotDir(target.ref, target.commit)}`
      )
    }
    return {
      source,
      cacheDir: cache.root,
      repos,
      downloadedBytes: repos.reduce((s, r) => s + r.downloadedBytes, 0),
      reusedBytes: repos.reduce((s, r) => s + r.reusedBytes, 0)
    }
  } finally {
    http.close()
    client.close()
  }
}

async function targetOf(client: S3Client, spec: RepoSpec, options: PullOptions): Promise<Target> {
  const ref: CacheRepo = { type: spec.type, repo: spec.repo }
  const label = repoLabel(ref)
  let commit = spec.revision
  if (!COMMIT_RE.test(commit)) {
    const key = keys.ref(client.location, ref, spec.revision)
    const text = (await client.get(key, options.signal))?.toString('utf8').trim()
    if (text === undefined) {
      throw new ModelbakeError(
        `${formatLocation(client.location)} has no revision "${spec.revision}" of this repo`,
        {
          repo: label,
          hint: `publish it first: modelbake ${label}:${spec.revision} --to ${formatLocation(client.location)}`
        }
      )
    }
    if (!COMMIT_RE.test(text))
      throw new ModelbakeError(`${formatLocation(client.location, key)} is not a commit`, {
        repo: label,
        hint: 'publish the revision again'
      })
    commit = text
  }
  return {
    ref,
    label,
    commit,
    revisions: COMMIT_RE.test(spec.revision) ? [] : [spec.revision],
    asked: spec.revision,
    allow: spec.allow ?? options.allow,
    ignore: spec.ignore ?? options.ignore
  }
}

/**
 * Every repo folder under the prefix: its refs, and its manifests (also those no ref points at). One
 * listing of the whole prefix, without a delimiter: some S3 look-alikes (s3rver) list common
 * prefixes wrongly, and the blobs are a small part of a page each.
 */
async function everything(client: S3Client, signal?: AbortSignal): Promise<Target[]> {
  const { location } = client
  const root = location.prefix ? `${location.prefix}/` : ''
  const repos = new Map<
    string,
    { ref: CacheRepo; commits: Map<string, string[]>; refs: string[] }
  >()
  for await (const item of client.list(root, { signal })) {
    if (item.key === undefined || !item.key.startsWith(root)) continue
    const [folder, kind, ...rest] = item.key.slice(root.length).split('/')
    if (kind !== 'manifests' && kind !== 'refs') continue
    const ref = parseRepoFolder(folder)
    if (!ref) continue
    const repo = repos.get(folder) ?? {
      ref,
      commits: new Map<string, string[]>(),
      refs: [] as string[]
    }
    repos.set(folder, repo)
    const manifest =
      kind === 'manifests' && rest.length === 1 && /^([0-9a-f]{40})\.json$/.exec(rest[0])
    if (manifest) repo.commits.set(manifest[1], repo.commits.get(manifest[1]) ?? [])
    if (kind === 'refs') repo.refs.push(rest.join('/'))
  }
  const targets: Target[] = []
  for (const { ref, commits, refs } of repos.values()) {
    for (const revision of refs) {
      if (validateRevision(revision) || COMMIT_RE.test(revision)) continue
      const commit = (await client.get(keys.ref(location, ref, revision), signal))
        ?.toString('utf8')
        .trim()
      if (commit && commits.has(commit)) commits.get(commit)!.push(revision)
    }
    for (const [commit, revisions] of commits) {
      targets.push({
        ref,
        label: repoLabel(ref),
        commit,
        revisions: revisions.sort(),
        asked: revisions.includes('main') ? 'main' : (revisions[0] ?? commit)
      })
    }
  }
  return targets
}

/**
 * The files to pull: without patterns, the published snapshot as it is; with patterns, the files of
 * the commit's listing that match them, which the snapshot must all hold.
 */
async function selection(
  client: S3Client,
  target: Target
): Promise<{ files: RepoFile[]; listing?: RepoFile[] }> {
  const { location } = client
  const where = formatLocation(location, keys.manifest(location, target.ref, target.commit))
  const text = await client.get(keys.manifest(location, target.ref, target.commit))
  if (!text) {
    throw new ModelbakeError(`${where} is missing`, {
      repo: target.label,
      hint: `publish the snapshot: modelbake ${target.label}:${target.commit} --to ${formatLocation(location)}`
    })
  }
  const manifest = parseManifest(
    text.toString('utf8'),
    { ...target.ref, commit: target.commit },
    where
  )
  const treeText = await client.get(keys.tree(location, target.ref, target.commit))
  const listing = treeText ? parseTreeListing(treeText.toString('utf8')) : undefined
  if (target.allow === undefined && target.ignore === undefined)
    return { files: manifest.files, listing }
  const published = new Map(manifest.files.map((f) => [f.path, f]))
  const wanted = filterRepoItems(
    listing ?? manifest.files,
    (f) => f.path,
    target.allow,
    target.ignore
  )
  const missing = wanted.filter((f) => published.get(f.path) === undefined)
  if (missing.length > 0) {
    throw new ModelbakeError(
      `${where} lacks ${missing.length} file(s) the patterns select: ${missing
        .slice(0, 5)
        .map((f) => f.path)
        .join(', ')}${missing.length > 5 ? ', …' : ''}`,
      {
        repo: target.label,
        hint: 'publish with the same (or wider) --allow/--ignore patterns, or pull with the ones it was published with'
      }
    )
  }
  if (wanted.length === 0) {
    throw new ModelbakeError(`no file of ${target.commit} matches the patterns`, {
      repo: target.label,
      hint: 'change --allow/--ignore'
    })
  }
  return { files: wanted.map((f) => published.get(f.path)!), listing }
}

/** One blob into the cache under its lock (shared with modelbake's own downloads); bytes fetched. */
async function fetchBlob(
  client: S3Client,
  cache: HfCache,
  target: Target,
  file: RepoFile,
  order: number,
  download: Parameters<typeof downloadBlob>[1]
): Promise<number> {
  const { ref } = target
  const lock = await acquireLock(cache.lockPath(ref, etagOf(file)), {
    done: () => cache.hasBlob(ref, file),
    signal: download.signal
  })
  if (!lock) return 0
  try {
    if (await cache.hasBlob(ref, file)) return 0
    const key = keys.blob(client.location, ref, etagOf(file))
    const blobPath = cache.blobPath(ref, etagOf(file))
    if (!file.lfs) {
      await fetchSmallBlob(client, key, blobPath, file, target.label, download.signal)
      return file.size
    }
    try {
      const result = await downloadBlob(
        { ref, file, url: client.presignGet(key), blobPath, order },
        download
      )
      return result.downloadedBytes
    } catch (error) {
      // The downloader speaks of the Hub; ask S3 itself what is wrong.
      if (error instanceof ModelbakeError && /HTTP 40\d/.test(error.message)) {
        const head = await client.head(key, download.signal)
        if (!head)
          throw new ModelbakeError(
            `${formatLocation(client.location, key)} is missing (${file.path})`,
            {
              repo: target.label,
              hint: 'publish the snapshot again to upload its blobs'
            }
          )
      }
      throw error
    }
  } finally {
    await lock.release()
  }
}

/** A git-stored file (small by the Hub's rules): one GET, verified, written under a temporary name. */
async function fetchSmallBlob(
  client: S3Client,
  key: string,
  blobPath: string,
  file: RepoFile,
  label: string,
  signal?: AbortSignal
): Promise<void> {
  const bytes = await client.get(key, signal)
  if (!bytes) {
    throw new ModelbakeError(`${formatLocation(client.location, key)} is missing (${file.path})`, {
      repo: label,
      hint: 'publish the snapshot again to upload its blobs'
    })
  }
  const digest = digestFor(file)
  digest.update(bytes)
  const actual = digest.hex()
  if (bytes.length !== file.size || actual !== digest.expected) {
    throw new ModelbakeError(
      `${file.path}: ${formatLocation(client.location, key)} does not match its digest (expected ${digest.expected}, got ${actual}, ${bytes.length} bytes)`,
      { repo: label, hint: 'the object was damaged or replaced: publish the snapshot again' }
    )
  }
  const temporary = `${blobPath}.${randomBytes(4).toString('hex')}.modelbake.tmp`
  try {
    await mkdir(dirname(blobPath), { recursive: true })
    await writeFile(temporary, bytes)
    await rename(temporary, blobPath)
  } catch (error) {
    await rm(temporary, { force: true })
    throw cacheError(blobPath, error)
  }
}

export { S3Error }
