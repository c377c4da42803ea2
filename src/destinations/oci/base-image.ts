// --base-image: the manifests and configs of a base, read from its registry without a daemon. Its
// layers are not downloaded here: a push to the same registry mounts them, other destinations
// stream them from the registry when they write them.
import { ModelbakeError, UsageError } from '../../core/errors.js'
import {
  formatPlatform,
  isIndex,
  ociLayerMediaType,
  platformMatches,
  type Descriptor,
  type Index,
  type Manifest,
  type Platform
} from './image.js'
import { formatReference, type ImageReference } from './reference.js'
import type { RegistryClient } from './registry-client.js'

export interface BasePlatform {
  platform: Platform
  /** The base's own manifest for this platform. */
  manifestDigest: string
  config: Record<string, unknown>
  /** Layers, with Docker media types given their OCI names. */
  layers: Descriptor[]
}

export interface BaseImage {
  ref: ImageReference
  /** Digest of what the reference names (an index or a manifest). */
  digest: string
  /** Name and digest for the org.opencontainers.image.base.* annotations. */
  name: string
  isIndex: boolean
  platforms: BasePlatform[]
}

export async function pullBase(
  client: RegistryClient,
  ref: ImageReference,
  wanted?: Platform[]
): Promise<BaseImage> {
  const repo = ref.repository
  const top = await client.manifest(repo, ref.digest ?? ref.tag ?? 'latest')
  if (ref.digest && top.digest !== ref.digest)
    throw new ModelbakeError(`${formatReference(ref)} does not match its digest`)
  const name = formatReference({ ...ref, digest: undefined })
  if (isIndex(top.mediaType)) {
    const index = JSON.parse(top.bytes.toString('utf8')) as Index
    const candidates = index.manifests.filter(
      (m) => m.platform && m.platform.os !== 'unknown' && m.platform.architecture !== 'unknown'
    )
    const chosen = wanted
      ? wanted.map((platform) => {
          const match = candidates.find((m) => platformMatches(platform, m.platform))
          if (!match) {
            throw new UsageError(
              `${name} has no ${formatPlatform(platform)} image (it has ${candidates.map((m) => formatPlatform(m.platform!)).join(', ')})`,
              { hint: 'choose platforms the base provides with --platform' }
            )
          }
          return match
        })
      : candidates
    if (chosen.length === 0) throw new ModelbakeError(`${name} lists no platform images`)
    const platforms = await Promise.all(
      unique(chosen).map(async (descriptor) => {
        const manifest = await client.manifest(repo, descriptor.digest)
        return readPlatform(client, repo, manifest, descriptor.platform)
      })
    )
    return { ref, digest: top.digest, name, isIndex: true, platforms }
  }
  const single = await readPlatform(client, repo, top)
  if (wanted && !wanted.every((p) => platformMatches(p, single.platform))) {
    throw new UsageError(
      `${name} is a ${formatPlatform(single.platform)} image only, not ${wanted.map(formatPlatform).join(', ')}`,
      { hint: 'drop --platform, or choose a multi-platform base' }
    )
  }
  return { ref, digest: top.digest, name, isIndex: false, platforms: [single] }
}

async function readPlatform(
  client: RegistryClient,
  repo: string,
  manifest: { bytes: Buffer; mediaType: string; digest: string },
  platform?: Platform
): Promise<BasePlatform> {
  const parsed = JSON.parse(manifest.bytes.toString('utf8')) as Manifest
  if (!parsed.config || !Array.isArray(parsed.layers)) {
    throw new ModelbakeError(`the base manifest ${manifest.digest} is not an image manifest`, {
      hint: 'use a container image as --base-image (Docker v2 schema 2 or OCI)'
    })
  }
  const configBytes = await client.blobBytes(repo, parsed.config.digest)
  const config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>
  const fromConfig: Platform = {
    os: String(config.os ?? 'linux'),
    architecture: String(config.architecture ?? 'amd64'),
    ...(config.variant ? { variant: String(config.variant) } : {})
  }
  return {
    platform: platform ?? fromConfig,
    manifestDigest: manifest.digest,
    config,
    layers: parsed.layers.map((layer) => ({
      ...layer,
      mediaType: ociLayerMediaType(layer.mediaType)
    }))
  }
}

function unique(descriptors: Descriptor[]): Descriptor[] {
  const seen = new Set<string>()
  return descriptors.filter((d) => {
    const key = `${d.digest}:${formatPlatform(d.platform!)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
