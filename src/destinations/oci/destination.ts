// The three image destinations, named as skopeo names its transports:
//   oci:DIR[:TAG]                an OCI image layout
//   docker-archive:FILE[:REF]    a tar for `docker load`
//   docker://REGISTRY/REPO:TAG   a push to a registry
// Each builds the same image from the warm cache (same layers, same digests), then writes it its way.
// A registry's image can also be built by the jobs of a matrix (`--shard i/n`, then `assemble`): each
// pushes the layers dealt to it, and `assemble` the config and manifest (see shard.ts).
import { retryFromEnv } from '../../config.js'
import { UsageError } from '../../core/errors.js'
import type {
  Destination,
  DestinationReport,
  PublishContext,
  ShardContext,
  ShardShare
} from '../destination.js'
import type { DestinationOptions } from '../registry.js'
import { formatBytes, formatSeconds } from '../../report/format.js'
import { VERSION } from '../../version.js'
import { pullBase, type BaseImage } from './base-image.js'
import { checkCachedBlobs, prepareImage, type FinishedImage, type PreparedImage } from './build.js'
import { findCredential } from './credentials.js'
import { writeDockerArchive } from './docker-archive.js'
import { RegistryHttp } from './http.js'
import { formatPlatform } from './image.js'
import { writeLayout } from './oci-layout.js'
import { parseOciOptions, type OciOptions } from './options.js'
import { layerBlobs } from './layer-plan.js'
import { pushAssembled, pushImage, type PushResult } from './push.js'
import { layersOf, pushShard, readShardRecords, type ShardPush } from './shard.js'
import {
  formatReference,
  isLoopback,
  parseArchiveTarget,
  parseImageReference,
  parseLayoutTarget,
  type ImageReference
} from './reference.js'
import { RegistryAuth } from './registry-auth.js'
import { RegistryClient } from './registry-client.js'
import { directWritesWanted } from '../../fetch/direct-write.js'

type Kind = 'oci' | 'docker-archive' | 'docker'

export function ociDestination(kind: Kind, target: string, raw: DestinationOptions): Destination {
  const options = parseOciOptions(raw)
  const scheme = kind === 'docker' ? 'docker://' : `${kind}:`
  const name = `${scheme}${target}`
  // Parse now, so that a bad name fails before anything is downloaded.
  const where =
    kind === 'oci'
      ? { kind, ...parseLayoutTarget(target) }
      : kind === 'docker-archive'
        ? { kind, ...parseArchiveTarget(target) }
        : { kind, ref: pushTarget(target) }
  const session = (log: (line: string) => void) =>
    new RegistrySession(options, where.kind === 'docker' ? [where.ref] : [], log)
  // A shard plans twice (its share before the download, its push after): the base is read from its
  // registry once, so that both plans agree even if the base's tag moves in between.
  let baseOnce: ReturnType<typeof pullBase> | Promise<undefined> | undefined
  /** The base (when there is one) and the image's layer plan; no blob is read. */
  const plan = async (
    ctx: Pick<PublishContext, 'cache' | 'repos'>,
    registries: RegistrySession,
    log?: (line: string) => void
  ) => {
    const base = await (baseOnce ??= options.baseImage
      ? pullBase(registries.client(options.baseImage), options.baseImage, options.platforms)
      : Promise.resolve(undefined))
    if (base) {
      log?.(
        `${name}: base ${formatReference(base.ref)} (${base.platforms.map((p) => formatPlatform(p.platform)).join(', ')})`
      )
    }
    const compression = where.kind === 'docker-archive' ? 'none' : options.compression
    if (where.kind === 'docker-archive' && options.compression !== 'none')
      log?.(`${name}: docker-archive layers are not compressed (as docker save writes them)`)
    const prepared = await prepareImage(
      ctx,
      options,
      compression,
      base,
      where.kind === 'docker-archive'
    )
    return { base, prepared }
  }
  /** A shard's part of the image: the blobs of the layers dealt to it (src/destinations/oci/shard.ts). */
  const shareOf = async (ctx: ShardContext): Promise<ShardShare> => {
    const registries = session((line) => ctx.logger.info(line))
    try {
      const { prepared } = await plan(ctx, registries)
      const mine = layersOf(prepared.plan, ctx.index, ctx.count)
      const blobs = new Set(mine.flatMap((p) => layerBlobs(prepared.plan.layers[p])))
      return { blobs, layers: mine.length }
    } finally {
      registries.close()
    }
  }
  return {
    name,
    // Only a registry is shared by the jobs of a matrix: oci: and docker-archive: are local files.
    ...(where.kind === 'docker' ? { sharding: 'layers' as const, shareOf } : {}),
    async publish(ctx: PublishContext): Promise<DestinationReport> {
      const log = (line: string) => ctx.logger.info(line)
      const registries = session(log)
      try {
        const shard = typeof ctx.shard === 'object' ? ctx.shard : undefined
        const { base, prepared } = await plan(ctx, registries, log)
        if (!shard) await checkCachedBlobs(ctx)
        for (const split of shard?.kind === 'layers-only' ? [] : prepared.plan.splits) {
          ctx.logger.warn(
            `${split.label}: ${split.paths[0]} (${formatBytes(split.size)}) is larger than --max-layer-size: ` +
              `stored as ${split.parts.length} part layers; run \`sh ${prepared.plan.joinScript}\` in the ` +
              'container before the cache is read (image layers replace whole files, so no unpacker can join them)'
          )
        }
        const baseClient = base ? registries.client(base.ref) : undefined
        if (where.kind === 'oci') {
          const result = await writeLayout(where.dir, where.tag, prepared, baseClient, log, {
            direct: directWritesWanted(options.env)
          })
          const ref = `oci:${where.dir}${where.tag ? `:${where.tag}` : ''}`
          return report(name, prepared, result.finished, options, {
            imageRef: `oci:${where.dir}@${result.finished.top.descriptor.digest}`,
            tagged: ref,
            written: result.writtenBytes,
            skipped: result.skippedBytes,
            base,
            log
          })
        }
        if (where.kind === 'docker-archive') {
          const result = await writeDockerArchive(where.file, where.tag, prepared, baseClient, log)
          return report(name, prepared, result.finished, options, {
            imageRef: `docker-archive:${where.file}${where.tag ? `:${where.tag}` : ''}`,
            tagged: where.tag,
            imageId: result.finished.manifests[0].configDescriptor.digest,
            written: result.writtenBytes,
            skipped: 0,
            base,
            log
          })
        }
        const client = registries.client(where.ref)
        const pushOptions = {
          chunkSize: options.chunkSize,
          concurrency: options.uploadConcurrency,
          maxLayerSize: options.maxLayerSize,
          log,
          signal: ctx.signal
        }
        if (shard?.kind === 'layers-only') {
          const mine = layersOf(prepared.plan, shard.index, shard.count)
          const blobs = new Set(mine.flatMap((p) => layerBlobs(prepared.plan.layers[p])))
          await checkCachedBlobs(ctx, blobs)
          const result = await pushShard(client, where.ref, prepared, shard, pushOptions)
          return shardReport(name, prepared, result, shard, log)
        }
        let result: PushResult
        let records: string[] | undefined
        if (shard?.kind === 'layers-at-destination') {
          const recorded = await readShardRecords(client, where.ref, prepared, shard.count, name)
          records = recorded.records
          result = await pushAssembled(
            client,
            where.ref,
            prepared,
            baseClient,
            recorded.digests,
            pushOptions
          )
        } else result = await pushImage(client, where.ref, prepared, baseClient, pushOptions)
        const blobs = result.blobs
        log(
          result.uploadedBytes === 0
            ? `${name}: uploaded 0 B: all ${blobs.present + blobs.mounted} blobs were already in the registry` +
                (blobs.mounted ? ` (${blobs.mounted} mounted from other repositories)` : '')
            : `${name}: uploaded ${formatBytes(result.uploadedBytes)} in ${blobs.uploaded} blobs; ` +
                `${formatBytes(result.skippedBytes)} in ${blobs.present + blobs.mounted} blobs were already there` +
                (blobs.mounted ? ` (${blobs.mounted} mounted)` : '')
        )
        if (records)
          log(
            `${name}: assembled from the records of ${records.length} shard(s); the ${prepared.layers.length} model layers were already there`
          )
        return report(name, prepared, result.finished, options, {
          imageRef: formatReference(where.ref, { digest: result.finished.top.descriptor.digest }),
          tagged: formatReference(where.ref),
          written: result.uploadedBytes,
          skipped: result.skippedBytes,
          blobs,
          base,
          log,
          ...(records ? { more: { shardRecords: records } } : {})
        })
      } finally {
        registries.close()
      }
    }
  }
}

/** What one shard of a matrix pushed: its layers and its record; no image yet. */
function shardReport(
  destination: string,
  prepared: PreparedImage,
  result: ShardPush,
  shard: { index: number; count: number },
  log: (line: string) => void
): DestinationReport {
  const { blobs } = result
  log(
    `${destination}: shard ${shard.index}/${shard.count} pushed ${result.layers.length} of the ${prepared.layers.length} layers ` +
      `(uploaded ${formatBytes(result.uploadedBytes)} in ${blobs.uploaded} blobs; ${blobs.present + blobs.mounted} were already there), ` +
      `recorded as ${result.recordRef}; nothing is tagged until \`modelbake assemble\``
  )
  return {
    destination,
    writtenBytes: result.uploadedBytes,
    skippedBytes: result.skippedBytes,
    locations: {},
    details: {
      shard: `${shard.index}/${shard.count}`,
      shardRecord: result.recordRef,
      layers: result.layers.map(({ position, digest, size }) => ({
        position,
        digest,
        size,
        mediaType: prepared.layers[position].mediaType,
        kind: prepared.layers[position].plan.kind,
        holds: prepared.layers[position].plan.holds
      })),
      bytesUploaded: result.uploadedBytes,
      bytesSkipped: result.skippedBytes,
      blobs
    }
  }
}

/** `docker://REGISTRY/REPO[:TAG]`: tag "latest" when none is given, as docker and skopeo do. */
function pushTarget(target: string): ImageReference {
  const ref = parseImageReference(target, 'docker:// destination')
  if (ref.digest) {
    throw new UsageError(`docker://${target}: a destination cannot name a digest`, {
      hint: 'name a tag: the digest follows from the content, and modelbake reports it'
    })
  }
  return { ...ref, tag: ref.tag ?? 'latest' }
}

/** One HTTP client and one auth state per registry, for the time of a publish. */
class RegistrySession {
  private readonly http: RegistryHttp
  private readonly clients = new Map<string, RegistryClient>()

  constructor(
    private readonly options: OciOptions,
    private readonly destinations: ImageReference[],
    private readonly log: (line: string) => void
  ) {
    this.http = new RegistryHttp({
      userAgent: `modelbake/${VERSION}`,
      // Like Docker: no certificate check for --insecure-registry hosts and loopback.
      insecure: (host) => options.insecureRegistries.includes(host) || isLoopback(host)
    })
  }

  client(ref: ImageReference): RegistryClient {
    const existing = this.clients.get(ref.registry)
    if (existing) return existing
    const { env } = this.options
    const flagRegistries = new Set(this.destinations.map((d) => d.registry))
    let credential: ReturnType<typeof findCredential> | undefined
    const lookup = () =>
      (credential ??= findCredential(ref.registry, {
        env,
        ...(this.options.username
          ? { flags: { username: this.options.username, password: this.options.password! } }
          : {}),
        flagRegistries
      }))
    const insecure =
      this.options.insecureRegistries.includes(ref.registry) ||
      this.options.insecureRegistries.includes(ref.apiHost)
    const client = new RegistryClient({
      registry: ref.registry,
      apiHost: ref.apiHost,
      http: this.http,
      auth: new RegistryAuth(ref.registry, this.http, lookup),
      allowHttp: insecure || isLoopback(ref.apiHost),
      retry: retryFromEnv(env),
      onRetry: (what, attempt, delayMs, reason) =>
        this.log(
          `  retrying ${what} in ${formatSeconds(delayMs / 1000)} (attempt ${attempt}: ${reason})`
        ),
      credential: lookup
    })
    this.clients.set(ref.registry, client)
    return client
  }

  close(): void {
    this.http.close()
  }
}

function report(
  destination: string,
  prepared: PreparedImage,
  finished: FinishedImage,
  options: OciOptions,
  extra: {
    imageRef: string
    tagged?: string
    imageId?: string
    written: number
    skipped: number
    blobs?: { uploaded: number; present: number; mounted: number }
    base?: BaseImage
    log: (line: string) => void
    /** More details (the shard records an assembled image was made from). */
    more?: Record<string, unknown>
  }
): DestinationReport {
  const plan = prepared.plan
  const digest = finished.top.descriptor.digest
  extra.log(`${destination}: ${digest} (${plan.layers.length} model layers) → ${extra.imageRef}`)
  return {
    destination,
    writtenBytes: extra.written,
    skippedBytes: extra.skipped,
    locations: plan.snapshotPaths,
    details: {
      imageDigest: digest,
      imageRef: extra.imageRef,
      ...(extra.tagged ? { tag: extra.tagged } : {}),
      ...(extra.imageId ? { imageId: extra.imageId } : {}),
      mediaType: finished.top.descriptor.mediaType,
      platforms: finished.manifests.map((m) => ({
        platform: formatPlatform(m.platform),
        digest: m.descriptor.digest,
        ...(m.base ? { baseLayers: m.base.layers.length } : {})
      })),
      ...(extra.base ? { baseImage: `${extra.base.name}@${extra.base.digest}` } : {}),
      imagePath: options.imagePath,
      snapshotPaths: plan.snapshotPaths,
      layers: plan.layers.map((layer, i) => ({
        digest: finished.modelLayers[i].digest,
        size: finished.modelLayers[i].size,
        mediaType: finished.modelLayers[i].mediaType,
        kind: layer.kind,
        holds: layer.holds,
        repos: layer.repos,
        ...(layer.files ? { files: layer.files } : {}),
        ...(layer.part ? { part: layer.part } : {})
      })),
      ...(plan.splits.length
        ? {
            splitFiles: plan.splits.map((s) => ({
              repo: s.label,
              paths: s.paths,
              size: s.size,
              parts: s.parts.length
            })),
            joinScript: plan.joinScript
          }
        : {}),
      bytesUploaded: extra.written,
      bytesSkipped: extra.skipped,
      ...(extra.blobs ? { blobs: extra.blobs } : {}),
      ...extra.more
    }
  }
}
