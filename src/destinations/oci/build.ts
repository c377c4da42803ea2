// From the warm cache to an image: plan the layers (layer-plan.ts), and once their digests are known,
// write the configs, manifests and (for several platforms) the index. The sinks (OCI layout,
// docker-archive, registry push) decide how the layers are read: hashed while they are written, or
// measured before a push so that the registry can be asked whether it has them.
import { readFile, stat } from 'node:fs/promises'
import { repoFolderName } from '../../core/cache-dir.js'
import { ModelbakeError } from '../../core/errors.js'
import { etagOf } from '../../core/types.js'
import type { PublishContext } from '../destination.js'
import { VERSION } from '../../version.js'
import type { BaseImage, BasePlatform } from './base-image.js'
import type { Compression } from './compress.js'
import {
  buildConfig,
  buildIndex,
  buildManifest,
  describe,
  formatPlatform,
  MediaTypes,
  parsePlatform,
  provenance,
  type Descriptor,
  type Platform
} from './image.js'
import { joinScript } from './join-script.js'
import { planLayers, type ImagePlan, type PlanRepo } from './layer-plan.js'
import { LayerSource, type LayerDigests } from './layer-source.js'
import type { OciOptions } from './options.js'

export const DEFAULT_PLATFORM = 'linux/amd64'
/** Overlay mounts stop at about 125 lower layers: the base's count against this. */
const MAX_TOTAL_LAYERS = 120

export interface PreparedImage {
  plan: ImagePlan
  layers: LayerSource[]
  base?: BaseImage
  /** The platforms written (one manifest each), with the base's image for each. */
  targets: Array<{ platform: Platform; base?: BasePlatform }>
  /** Whether the result is an index (several platforms, or a base that was one). */
  index: boolean
  annotations: Record<string, string>
  env: Array<[string, string]>
}

export interface FinishedImage {
  manifests: Array<{
    platform: Platform
    base?: BasePlatform
    config: Buffer
    configDescriptor: Descriptor
    manifest: Buffer
    descriptor: Descriptor
    layers: Descriptor[]
  }>
  /** What the tag names: the index, or the only manifest. */
  top: { bytes: Buffer; descriptor: Descriptor }
  /** The model layers, as described in every manifest. */
  modelLayers: Descriptor[]
}

/**
 * Check that the blobs the layers will read are in the local cache with their sizes: all of them,
 * or (a shard) those named in `only` (`<repo folder>/<etag>`).
 */
export async function checkCachedBlobs(
  ctx: Pick<PublishContext, 'cache' | 'repos'>,
  only?: ReadonlySet<string>
): Promise<void> {
  for (const result of ctx.repos) {
    const cacheRepo = { type: result.type, repo: result.repo }
    const folder = repoFolderName(result.type, result.repo)
    for (const file of result.selected) {
      if (only && !only.has(`${folder}/${etagOf(file)}`)) continue
      const path = ctx.cache.blobPath(cacheRepo, etagOf(file))
      const info = await stat(path).catch(() => undefined)
      if (!info?.isFile() || info.size !== file.size) {
        throw new ModelbakeError(
          `${result.label}: ${file.path} is not in the cache (${path}) with its ${file.size} bytes`,
          { repo: result.label, hint: 'run modelbake again without --offline to fetch it' }
        )
      }
    }
  }
}

/**
 * The layer plan and what the manifests will say, from the selected files and the commits' listings
 * in the cache; no blob is read (a shard plans the whole image before downloading its share).
 */
export async function prepareImage(
  ctx: Pick<PublishContext, 'cache' | 'repos'>,
  options: OciOptions,
  compression: Compression,
  base?: BaseImage,
  singlePlatform = false
): Promise<PreparedImage> {
  const repos: PlanRepo[] = []
  for (const result of ctx.repos) {
    const cacheRepo = { type: result.type, repo: result.repo }
    const listing = await readFile(ctx.cache.treeListingPath(cacheRepo, result.commit)).catch(
      () => undefined
    )
    repos.push({
      folder: repoFolderName(result.type, result.repo),
      label: result.label,
      revision: result.revision,
      commit: result.commit,
      files: result.selected,
      ...(listing ? { treeListing: listing } : {}),
      blobPath: (etag) => ctx.cache.blobPath(cacheRepo, etag)
    })
  }
  const baseLayers = Math.max(0, ...(base?.platforms ?? []).map((p) => p.layers.length))
  const plan = planLayers(repos, {
    imagePath: options.imagePath,
    maxLayerSize: options.maxLayerSize,
    compressed: compression !== 'none',
    maxLayers: Math.max(10, MAX_TOTAL_LAYERS - baseLayers),
    joinScript: (splits) => joinScript(splits, VERSION)
  })
  const layers = plan.layers.map((layer) => new LayerSource(layer, compression, options.env))

  let targets: PreparedImage['targets']
  if (base) targets = base.platforms.map((p) => ({ platform: p.platform, base: p }))
  else
    targets = (options.platforms ?? [parsePlatform(DEFAULT_PLATFORM)]).map((platform) => ({
      platform
    }))
  if (singlePlatform && targets.length > 1) {
    const host = hostPlatform()
    const pick = targets.find((t) => formatPlatform(t.platform) === host) ?? targets[0]
    if (options.platforms && options.platforms.length > 1) {
      throw new ModelbakeError('a docker-archive holds one platform', {
        hint: 'give one --platform for docker-archive destinations'
      })
    }
    targets = [pick]
  }
  const env: Array<[string, string]> = [['HF_HUB_CACHE', options.imagePath]]
  if (options.offlineEnv) env.push(['HF_HUB_OFFLINE', '1'])
  return {
    plan,
    layers,
    ...(base ? { base } : {}),
    targets,
    index: !singlePlatform && (targets.length > 1 || Boolean(base?.isIndex)),
    env,
    annotations: provenance({
      repos: ctx.repos,
      version: VERSION,
      imagePath: options.imagePath,
      ...(base ? { base: { name: base.name, digest: base.digest } } : {})
    })
  }
}

/** Configs, manifests and index, once every model layer's digests are known. */
export function finishImage(prepared: PreparedImage, digests: LayerDigests[]): FinishedImage {
  const modelLayers: Descriptor[] = prepared.layers.map((layer, i) => ({
    mediaType: layer.mediaType,
    digest: digests[i].digest,
    size: digests[i].size,
    annotations: { 'dev.modelbake.holds': layer.plan.holds }
  }))
  const manifests = prepared.targets.map(({ platform, base }) => {
    const config = buildConfig(base?.config, {
      platform,
      env: prepared.env,
      labels: prepared.annotations,
      layers: prepared.layers.map((layer, i) => ({
        diffId: digests[i].diffId,
        createdBy: `modelbake ${VERSION}`,
        comment: layer.plan.holds
      }))
    })
    const configDescriptor = describe(config, MediaTypes.ociConfig)
    const layers = [...(base?.layers ?? []), ...modelLayers]
    const manifest = buildManifest(configDescriptor, layers, prepared.annotations)
    return {
      platform,
      ...(base ? { base } : {}),
      config,
      configDescriptor,
      manifest,
      descriptor: describe(manifest, MediaTypes.ociManifest, { platform }),
      layers
    }
  })
  if (!prepared.index) {
    const only = manifests[0]
    const descriptor = { ...only.descriptor }
    delete descriptor.platform
    return { manifests, top: { bytes: only.manifest, descriptor }, modelLayers }
  }
  const index = buildIndex(
    manifests.map((m) => m.descriptor),
    prepared.annotations
  )
  return {
    manifests,
    top: { bytes: index, descriptor: describe(index, MediaTypes.ociIndex) },
    modelLayers
  }
}

export function hostPlatform(): string {
  const arch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ppc64: 'ppc64le',
    s390x: 's390x'
  }
  return `linux/${arch[process.arch] ?? process.arch}`
}
