// `docker://REGISTRY/REPO:TAG`: push over the distribution API, without a daemon.
// Each blob: measured (model layers; the digest is needed to ask), HEAD (skip what the registry
// has), a cross-repository mount (from the base's repository, or another repository this process
// pushed it to), else a chunked upload. Several blobs go at once; the chunks of one blob in order.
// Manifests follow their blobs: the platform manifests, then the index, under the tag.
import { ModelbakeError } from '../../core/errors.js'
import { Limiter } from '../../fetch/limiter.js'
import { childController, settleAll, type ChildController } from '../../fetch/settle.js'
import { formatBytes } from '../../report/format.js'
import { finishImage, type FinishedImage, type PreparedImage } from './build.js'
import type { Descriptor } from './image.js'
import type { LayerDigests } from './layer-source.js'
import type { ImageReference } from './reference.js'
import type { RegistryClient } from './registry-client.js'

export interface PushResult extends BlobStats {
  finished: FinishedImage
}

/** Where this process knows blobs to be: registry → digest → repositories. */
const seen = new Map<string, Map<string, Set<string>>>()

function remember(registry: string, digest: string, repository: string): void {
  const byDigest = seen.get(registry) ?? new Map<string, Set<string>>()
  seen.set(registry, byDigest)
  const repos = byDigest.get(digest) ?? new Set<string>()
  byDigest.set(digest, repos)
  repos.add(repository)
}

export interface PushOptions {
  chunkSize: number
  /** A compressed layer can come out larger than planned: refuse it before uploading. */
  maxLayerSize: number
  concurrency: number
  log: (line: string) => void
  signal?: AbortSignal
}

export interface BlobStats {
  uploadedBytes: number
  skippedBytes: number
  blobs: { uploaded: number; present: number; mounted: number }
}

/**
 * Blobs into one repository, a few at a time: HEAD first (skip what the registry has), then a
 * cross-repository mount, else a chunked upload. The first failure stops the other blobs (queued
 * ones do not start; running ones are aborted).
 */
export class BlobPusher {
  readonly repo: string
  readonly stats: BlobStats = {
    uploadedBytes: 0,
    skippedBytes: 0,
    blobs: { uploaded: 0, present: 0, mounted: 0 }
  }
  readonly signal: AbortSignal
  private readonly limiter: Limiter
  private readonly controller: ChildController

  constructor(
    readonly client: RegistryClient,
    target: ImageReference,
    readonly options: PushOptions,
    private readonly base?: PreparedImage['base']
  ) {
    this.repo = target.repository
    this.limiter = new Limiter(options.concurrency)
    this.controller = childController(options.signal)
    this.signal = this.controller.signal
  }

  /** Run `work` in turn (`key` orders the queue); a failure aborts the rest. */
  job<T>(key: number[], work: () => Promise<T>): Promise<T> {
    return this.limiter.run(key, async () => {
      this.signal.throwIfAborted()
      try {
        return await work()
      } catch (error) {
        if (!this.signal.aborted) this.controller.abort(error)
        throw error
      }
    })
  }

  /** Wait for every job; then throw the first real failure (not the aborts it caused). */
  async settle(jobs: Array<Promise<unknown>>): Promise<void> {
    await settleAll(jobs, this.controller)
  }

  /** Done with this pusher: its signal stops following `options.signal`. */
  close(): void {
    this.controller.dispose()
  }

  /** Repositories of the same registry to mount a blob from. */
  private candidates(digest: string): string[] {
    const from = new Set<string>()
    const { base, repo } = this
    const registry = this.client.registry
    if (base && base.ref.registry === registry && base.ref.repository !== repo)
      if (base.platforms.some((p) => p.layers.some((l) => l.digest === digest)))
        from.add(base.ref.repository)
    for (const other of seen.get(registry)?.get(digest) ?? []) if (other !== repo) from.add(other)
    return [...from].slice(0, 3)
  }

  /** Make sure the repository holds the blob. */
  async ensure(
    descriptor: { digest: string; size: number },
    what: string,
    open: (offset: number) => AsyncIterable<Buffer>
  ): Promise<void> {
    const { client, repo, stats } = this
    const registry = client.registry
    const { digest, size } = descriptor
    if ((await client.blobSize(repo, digest)) !== undefined) {
      stats.blobs.present++
      stats.skippedBytes += size
      remember(registry, digest, repo)
      return
    }
    let session: string | undefined
    for (const from of this.candidates(digest)) {
      const mounted = await client.mount(repo, digest, from)
      if (mounted === true) {
        stats.blobs.mounted++
        stats.skippedBytes += size
        remember(registry, digest, repo)
        this.options.log(`  mounted ${digest.slice(7, 19)} from ${from}: ${what}`)
        return
      }
      session = mounted
      break
    }
    await client.upload(repo, digest, size, open, this.options.chunkSize, session, {
      signal: this.signal
    })
    stats.blobs.uploaded++
    stats.uploadedBytes += size
    remember(registry, digest, repo)
    this.options.log(`  uploaded ${digest.slice(7, 19)} (${formatBytes(size)}): ${what}`)
  }

  /** A small blob held in memory (a config). */
  ensureBytes(descriptor: Descriptor, bytes: Buffer, what: string): Promise<void> {
    return this.ensure(descriptor, what, async function* () {
      yield bytes
    })
  }
}

/** The base's layers (the same blob may serve several platforms), mounted or copied into the repo. */
function baseLayerJobs(
  pusher: BlobPusher,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined
): Array<Promise<void>> {
  const baseLayers = new Map<string, Descriptor>()
  for (const t of prepared.targets)
    for (const l of t.base?.layers ?? []) baseLayers.set(l.digest, l)
  const base = prepared.base
  return [...baseLayers.values()]
    .filter((layer) => !layer.urls?.length)
    .map((layer, i) =>
      pusher.job([0, i], () =>
        pusher.ensure(layer, `base layer of ${base!.name}`, (offset) =>
          streamBlob(baseClient!, base!.ref.repository, layer.digest, offset)
        )
      )
    )
}

/**
 * Model layers `indices` (all by default): measured, then asked about, then sent. The digests are
 * filled in at the same indices of `digests`.
 */
export function modelLayerJobs(
  pusher: BlobPusher,
  prepared: PreparedImage,
  digests: LayerDigests[],
  indices: readonly number[] = prepared.layers.map((_, i) => i)
): Array<Promise<void>> {
  return indices.map((i) =>
    pusher.job([1, i], async () => {
      const layer = prepared.layers[i]
      const measured = await layer.measure(pusher.signal)
      if (measured.size > pusher.options.maxLayerSize) {
        throw new ModelbakeError(
          `the layer "${layer.plan.holds}" is ${formatBytes(measured.size)} compressed, over --max-layer-size`,
          { hint: 'lower --max-layer-size a little, or push without --compression' }
        )
      }
      digests[i] = measured
      await pusher.ensure(measured, layer.plan.holds, (offset) => layer.open(offset, pusher.signal))
    })
  )
}

/** Configs, then the platform manifests of an index, then the top manifest under the tag. */
async function pushManifests(
  pusher: BlobPusher,
  target: ImageReference,
  prepared: PreparedImage,
  digests: LayerDigests[]
): Promise<FinishedImage> {
  const finished = finishImage(prepared, digests)
  await pusher.settle(
    finished.manifests.map((m, i) =>
      pusher.job([2, i], () => pusher.ensureBytes(m.configDescriptor, m.config, 'image config'))
    )
  )
  const { client, repo } = pusher
  if (prepared.index) {
    for (const m of finished.manifests)
      await client.putManifest(repo, m.descriptor.digest, m.manifest, m.descriptor.mediaType)
  }
  const top = finished.top
  await client.putManifest(
    repo,
    target.tag ?? top.descriptor.digest,
    top.bytes,
    top.descriptor.mediaType
  )
  return finished
}

export async function pushImage(
  client: RegistryClient,
  target: ImageReference,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined,
  options: PushOptions
): Promise<PushResult> {
  const pusher = new BlobPusher(client, target, options, prepared.base)
  try {
    const digests: LayerDigests[] = new Array(prepared.layers.length)
    await pusher.settle([
      ...baseLayerJobs(pusher, prepared, baseClient),
      ...modelLayerJobs(pusher, prepared, digests)
    ])
    const finished = await pushManifests(pusher, target, prepared, digests)
    return { finished, ...pusher.stats }
  } finally {
    pusher.close()
  }
}

/**
 * `modelbake assemble`: the model layers are in the repository already (pushed by the shards, whose
 * records gave `digests`); only the base's layers (mounted when they can be), the configs and the
 * manifests are pushed.
 */
export async function pushAssembled(
  client: RegistryClient,
  target: ImageReference,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined,
  digests: LayerDigests[],
  options: PushOptions
): Promise<PushResult> {
  const pusher = new BlobPusher(client, target, options, prepared.base)
  try {
    await pusher.settle(baseLayerJobs(pusher, prepared, baseClient))
    const finished = await pushManifests(pusher, target, prepared, digests)
    return { finished, ...pusher.stats }
  } finally {
    pusher.close()
  }
}

/** A base blob from its registry, from `offset`; the upload it feeds retries (and resumes) it. */
async function* streamBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  offset: number
): AsyncIterable<Buffer> {
  const response = await client.blob(repository, digest, offset, { retry: false })
  for await (const chunk of response.body) yield chunk as Buffer
}
