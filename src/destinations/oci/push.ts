// `docker://REGISTRY/REPO:TAG`: push over the distribution API, without a daemon.
// Each blob: measured (model layers; the digest is needed to ask), HEAD (skip what the registry
// has), a cross-repository mount (from the base's repository, or another repository this process
// pushed it to), else a chunked upload. Several blobs go at once; the chunks of one blob in order.
// Manifests follow their blobs: the platform manifests, then the index, under the tag.
import { ModelbakeError } from '../../core/errors.js'
import { Limiter } from '../../fetch/limiter.js'
import { formatBytes } from '../../report/format.js'
import { finishImage, type FinishedImage, type PreparedImage } from './build.js'
import type { Descriptor } from './image.js'
import type { LayerDigests } from './layer-source.js'
import type { ImageReference } from './reference.js'
import type { RegistryClient } from './registry-client.js'

export interface PushResult {
  finished: FinishedImage
  uploadedBytes: number
  skippedBytes: number
  blobs: { uploaded: number; present: number; mounted: number }
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

export async function pushImage(
  client: RegistryClient,
  target: ImageReference,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined,
  options: PushOptions
): Promise<PushResult> {
  const repo = target.repository
  const registry = client.registry
  const limiter = new Limiter(options.concurrency)
  // The first failure stops the other blobs (queued ones do not start; running ones are aborted).
  const controller = new AbortController()
  options.signal?.addEventListener('abort', () => controller.abort(options.signal!.reason), {
    once: true
  })
  const signal = controller.signal
  const job = <T>(key: number[], work: () => Promise<T>) =>
    limiter.run(key, async () => {
      signal.throwIfAborted()
      try {
        return await work()
      } catch (error) {
        if (!signal.aborted) controller.abort(error)
        throw error
      }
    })
  const result = {
    uploadedBytes: 0,
    skippedBytes: 0,
    blobs: { uploaded: 0, present: 0, mounted: 0 }
  }

  const candidates = (digest: string): string[] => {
    const from = new Set<string>()
    const base = prepared.base
    if (base && base.ref.registry === registry && base.ref.repository !== repo)
      if (base.platforms.some((p) => p.layers.some((l) => l.digest === digest)))
        from.add(base.ref.repository)
    for (const other of seen.get(registry)?.get(digest) ?? []) if (other !== repo) from.add(other)
    return [...from].slice(0, 3)
  }

  /** Make sure `repo` holds the blob. */
  const ensure = async (
    descriptor: { digest: string; size: number },
    what: string,
    open: (offset: number) => AsyncIterable<Buffer>
  ): Promise<void> => {
    const { digest, size } = descriptor
    if ((await client.blobSize(repo, digest)) !== undefined) {
      result.blobs.present++
      result.skippedBytes += size
      remember(registry, digest, repo)
      return
    }
    let session: string | undefined
    for (const from of candidates(digest)) {
      const mounted = await client.mount(repo, digest, from)
      if (mounted === true) {
        result.blobs.mounted++
        result.skippedBytes += size
        remember(registry, digest, repo)
        options.log(`  mounted ${digest.slice(7, 19)} from ${from}: ${what}`)
        return
      }
      session = mounted
      break
    }
    await client.upload(repo, digest, size, open, options.chunkSize, session, { signal })
    result.blobs.uploaded++
    result.uploadedBytes += size
    remember(registry, digest, repo)
    options.log(`  uploaded ${digest.slice(7, 19)} (${formatBytes(size)}): ${what}`)
  }

  // Base layers (the same blob may serve several platforms).
  const baseLayers = new Map<string, Descriptor>()
  for (const t of prepared.targets)
    for (const l of t.base?.layers ?? []) baseLayers.set(l.digest, l)
  const base = prepared.base
  const baseJobs = [...baseLayers.values()]
    .filter((layer) => !layer.urls?.length)
    .map((layer, i) =>
      job([0, i], () =>
        ensure(layer, `base layer of ${base!.name}`, (offset) =>
          streamBlob(baseClient!, base!.ref.repository, layer.digest, offset)
        )
      )
    )

  // Model layers: measured, then asked about, then sent.
  const digests: LayerDigests[] = new Array(prepared.layers.length)
  const layerJobs = prepared.layers.map((layer, i) =>
    job([1, i], async () => {
      const measured = await layer.measure(signal)
      if (measured.size > options.maxLayerSize) {
        throw new ModelbakeError(
          `the layer "${layer.plan.holds}" is ${formatBytes(measured.size)} compressed, over --max-layer-size`,
          { hint: 'lower --max-layer-size a little, or push without --compression' }
        )
      }
      digests[i] = measured
      await ensure(measured, layer.plan.holds, (offset) => layer.open(offset, signal))
    })
  )
  await settleAll([...baseJobs, ...layerJobs])

  const finished = finishImage(prepared, digests)
  await settleAll(
    finished.manifests.map((m, i) =>
      job([2, i], () =>
        ensure(m.configDescriptor, 'image config', async function* () {
          yield m.config
        })
      )
    )
  )
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
  return { finished, ...result }
}

/** A base blob from its registry, from `offset`. */
async function* streamBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  offset: number
): AsyncIterable<Buffer> {
  const response = await client.blob(repository, digest, offset)
  for await (const chunk of response.body) yield chunk as Buffer
}

/** Wait for every job; then throw the first real failure (not the aborts it caused). */
async function settleAll(jobs: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(jobs)
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as Error)
  if (failures.length === 0) return
  throw failures.find((e) => e?.name !== 'AbortError') ?? failures[0]
}
