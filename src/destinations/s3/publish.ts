// `s3://BUCKET/PREFIX` — S3-compatible storage (AWS, Cloudflare R2, MinIO, RunPod's S3 API). Per repo
// and commit: the missing blobs (each once), then the manifest, then the listing; refs last, so a
// reader that follows a ref (as `modelbake pull` does) never finds a snapshot with missing blobs.
import { serializeTreeListing, isTreeListingWritable } from '../../core/tree-listing.js'
import { etagOf, type RepoFile } from '../../core/types.js'
import { Limiter } from '../../fetch/limiter.js'
import { forEachLimited } from '../../fetch/settle.js'
import { HttpClient, type RetryPolicy } from '../../hub/http.js'
import { formatBytes, formatSeconds } from '../../report/format.js'
import type { Logger } from '../../report/logger.js'
import { VERSION } from '../../version.js'
import type { Destination, DestinationReport, PublishContext } from '../destination.js'
import { locationKeys, snapshotsToPublish, type SnapshotToPublish } from '../snapshots.js'
import { S3Client } from './client.js'
import type { S3Config } from './config.js'
import { formatLocation, keys, type S3Location } from './location.js'
import { mergeFiles, parseManifest, serializeManifest } from './manifest.js'
import { sha256Hex } from './sigv4.js'
import { uploadBlob } from './upload.js'

export interface S3Options {
  partSize: number
  /** Blobs uploaded at once; parts and objects in flight are capped at twice this. */
  concurrency?: number
  retry?: Partial<RetryPolicy>
}

interface Tally {
  written: number
  skipped: number
  uploadedBlobs: number
  skippedBlobs: number
  multipart: number
  metadataObjects: number
}

export function s3HttpClient(config: S3Config, logger: Logger, retry?: Partial<RetryPolicy>) {
  // No token: this client never talks to the Hub.
  return new HttpClient({
    trustedOrigin: config.endpoint,
    userAgent: `modelbake/${VERSION}`,
    retry,
    onRetry: ({ url, attempt, delayMs, reason }) =>
      logger.info(
        `  retrying ${url} in ${formatSeconds(delayMs / 1000)} (attempt ${attempt}: ${reason})`
      )
  })
}

export class S3Destination implements Destination {
  readonly name: string
  /** Shards of a matrix each write their share of the blobs here; `assemble` writes the rest. */
  readonly sharding = 'blobs' as const

  constructor(
    readonly location: S3Location,
    readonly config: S3Config,
    private readonly options: S3Options
  ) {
    this.name = formatLocation(location)
  }

  async publish(ctx: PublishContext): Promise<DestinationReport> {
    const http = s3HttpClient(this.config, ctx.logger, this.options.retry)
    const client = new S3Client({ config: this.config, location: this.location, http })
    const tally: Tally = {
      written: 0,
      skipped: 0,
      uploadedBlobs: 0,
      skippedBlobs: 0,
      multipart: 0,
      metadataObjects: 0
    }
    try {
      const snapshots = await snapshotsToPublish(ctx.cache, ctx.repos)
      // Etags already uploaded or skipped by this run, per repo folder (commits share blobs).
      const handled = new Set<string>()
      for (const snapshot of snapshots)
        await this.uploadBlobs(ctx, client, snapshot, tally, handled)
      // A shard writes blobs only; `assemble` writes manifests, listings and refs.
      const snapshotsToWrite = ctx.shard === 'blobs-only' ? [] : snapshots
      for (const snapshot of snapshotsToWrite)
        await this.uploadSnapshot(ctx, client, snapshot, tally)
      for (const snapshot of snapshotsToWrite)
        for (const revision of snapshot.revisions)
          await this.putIfChanged(
            client,
            keys.ref(this.location, snapshot.ref, revision),
            Buffer.from(snapshot.commit),
            tally,
            ctx.signal
          )
    } finally {
      http.close()
      client.close()
    }
    ctx.logger.info(
      `${this.name}: uploaded ${formatBytes(tally.written)} (${tally.uploadedBlobs} blobs), ` +
        `skipped ${formatBytes(tally.skipped)} already there (${tally.skippedBlobs} blobs)`
    )
    const locationNames = locationKeys(ctx.repos)
    return {
      destination: this.name,
      writtenBytes: tally.written,
      skippedBytes: tally.skipped,
      locations: Object.fromEntries(
        ctx.repos.map((r, i) => [
          locationNames[i],
          formatLocation(this.location, keys.manifest(this.location, r, r.commit))
        ])
      ),
      details: {
        endpoint: this.config.endpoint,
        bucket: this.location.bucket,
        prefix: this.location.prefix,
        uploadedBlobs: tally.uploadedBlobs,
        skippedBlobs: tally.skippedBlobs,
        multipartUploads: tally.multipart,
        metadataObjects: tally.metadataObjects,
        pull: `modelbake pull ${this.name} ${ctx.repos.map((r) => `${r.label}:${r.revision}`).join(' ')} --cache-dir "$HF_HUB_CACHE"`
      }
    }
  }

  private async uploadBlobs(
    ctx: PublishContext,
    client: S3Client,
    snapshot: SnapshotToPublish,
    tally: Tally,
    handled: Set<string>
  ): Promise<void> {
    const id = (f: RepoFile) => keys.blob(this.location, snapshot.ref, etagOf(f))
    const todo = snapshot.files.filter((f) => !handled.has(id(f)) && handled.add(id(f)))
    const concurrency = this.options.concurrency ?? 4
    const limiter = new Limiter(concurrency * 2)
    // The first failure stops the other uploads; all of them end before the error is reported.
    await forEachLimited(
      todo,
      concurrency,
      async (file, order, signal) => {
        // `assemble`: the blob was uploaded by a shard (checked before), not fetched here.
        if (
          ctx.shard === 'blobs-at-destination' &&
          !(await ctx.cache.hasBlob(snapshot.ref, file))
        ) {
          tally.skipped += file.size
          tally.skippedBlobs++
          return
        }
        const result = await uploadBlob(
          client,
          {
            key: keys.blob(this.location, snapshot.ref, etagOf(file)),
            path: ctx.cache.blobPath(snapshot.ref, etagOf(file)),
            file,
            label: snapshot.label,
            order
          },
          { partSize: this.options.partSize, limiter, signal }
        )
        if (result.uploaded) {
          tally.written += file.size
          tally.uploadedBlobs++
          if (result.multipart) tally.multipart++
        } else {
          tally.skipped += file.size
          tally.skippedBlobs++
        }
      },
      ctx.signal
    )
  }

  /** The manifest (merged with one already there, so that other selections keep their files), then
   * the commit's listing when the local cache has it. */
  private async uploadSnapshot(
    ctx: PublishContext,
    client: S3Client,
    snapshot: SnapshotToPublish,
    tally: Tally
  ): Promise<void> {
    const { ref, commit } = snapshot
    const key = keys.manifest(this.location, ref, commit)
    const existing = await client.get(key, ctx.signal)
    let files = snapshot.files
    if (existing) {
      try {
        const theirs = parseManifest(
          existing.toString('utf8'),
          { ...ref, commit },
          formatLocation(this.location, key)
        )
        files = mergeFiles(theirs.files, files)
      } catch {
        ctx.logger.warn(`${formatLocation(this.location, key)} was unreadable: replacing it`)
      }
    }
    const text = Buffer.from(serializeManifest({ ...ref, commit, files }))
    if (!existing || !existing.equals(text)) {
      await client.put(key, text, { sha256: sha256Hex(text) }, ctx.signal)
      tally.metadataObjects++
    }
    const listing = await ctx.cache.readTreeListing(ref, commit)
    if (listing && isTreeListingWritable(listing)) {
      await this.putIfChanged(
        client,
        keys.tree(this.location, ref, commit),
        Buffer.from(serializeTreeListing(listing)),
        tally,
        ctx.signal
      )
    }
  }

  private async putIfChanged(
    client: S3Client,
    key: string,
    bytes: Buffer,
    tally: Tally,
    signal?: AbortSignal
  ): Promise<void> {
    const sha256 = sha256Hex(bytes)
    const head = await client.head(key, signal)
    if (head && head.size === bytes.length && head.sha256 === sha256) return
    await client.put(key, bytes, { sha256 }, signal)
    tally.metadataObjects++
  }
}
