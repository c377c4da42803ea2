// Image configs, manifests and indexes (OCI image-spec 1.1), as bytes. Pure.
// A model-only image gets a config of its own; an image on a base keeps the base's config (env,
// entrypoint, cmd, user, workdir, labels) and adds the cache's environment, labels, layers, history.
import { createHash } from 'node:crypto'
import type { Compression } from './compress.js'

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociForeignGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'
} as const

/** What a registry is asked for when pulling a manifest by tag. */
export const MANIFEST_ACCEPT = [
  MediaTypes.ociIndex,
  MediaTypes.ociManifest,
  MediaTypes.dockerManifestList,
  MediaTypes.dockerManifest
]

/** The fixed creation time of everything modelbake writes (reproducible images). */
export const EPOCH = '1970-01-01T00:00:00Z'

export interface Platform {
  architecture: string
  os: string
  variant?: string
  'os.version'?: string
  'os.features'?: string[]
}

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  annotations?: Record<string, string>
  platform?: Platform
  urls?: string[]
}

export interface Manifest {
  schemaVersion: 2
  mediaType?: string
  config: Descriptor
  layers: Descriptor[]
  annotations?: Record<string, string>
}

export interface Index {
  schemaVersion: 2
  mediaType?: string
  manifests: Descriptor[]
  annotations?: Record<string, string>
}

export function layerMediaType(compression: Compression): string {
  return compression === 'gzip'
    ? MediaTypes.ociLayerGzip
    : compression === 'zstd'
      ? MediaTypes.ociLayerZstd
      : MediaTypes.ociLayer
}

/** A base's Docker media types, as the OCI types of the same bytes. */
export function ociLayerMediaType(mediaType: string): string {
  if (mediaType === MediaTypes.dockerLayerGzip) return MediaTypes.ociLayerGzip
  if (mediaType === MediaTypes.dockerForeignGzip) return MediaTypes.ociForeignGzip
  return mediaType
}

export function isIndex(mediaType: string | undefined): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export function describe(
  bytes: Buffer,
  mediaType: string,
  extra: Partial<Descriptor> = {}
): Descriptor {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length, ...extra }
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value))
}

/** "linux/arm64/v8" → Platform; "linux/amd64" ... */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, ...rest] = text.trim().split('/')
  if (!os || !architecture || rest.length > 0) throw new Error(`invalid platform "${text}"`)
  return { os, architecture, ...(variant ? { variant } : {}) }
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
}

/** Whether `candidate` is what `wanted` asks for (a missing variant matches any). */
export function platformMatches(wanted: Platform, candidate: Platform | undefined): boolean {
  if (!candidate) return false
  if (wanted.os !== candidate.os || wanted.architecture !== candidate.architecture) return false
  return !wanted.variant || wanted.variant === candidate.variant
}

export interface ConfigAdditions {
  platform: Platform
  /** Variables set (replacing the base's value of the same name, else appended in this order). */
  env: Array<[string, string]>
  labels: Record<string, string>
  layers: Array<{ diffId: string; createdBy: string; comment: string }>
}

/** The config of the new image: the base's with our additions, or a fresh one. */
export function buildConfig(
  base: Record<string, unknown> | undefined,
  add: ConfigAdditions
): Buffer {
  const history = add.layers.map((layer) => ({
    created: EPOCH,
    created_by: layer.createdBy,
    comment: layer.comment
  }))
  if (!base) {
    return encodeJson({
      created: EPOCH,
      architecture: add.platform.architecture,
      ...(add.platform.variant ? { variant: add.platform.variant } : {}),
      os: add.platform.os,
      config: { Env: add.env.map(([k, v]) => `${k}=${v}`), Labels: sortKeys(add.labels) },
      rootfs: { type: 'layers', diff_ids: add.layers.map((l) => l.diffId) },
      history
    })
  }
  const config = structuredClone(base) as Record<string, unknown> & {
    config?: { Env?: string[]; Labels?: Record<string, string> | null }
    rootfs?: { type?: string; diff_ids?: string[] }
    history?: unknown[]
  }
  const inner = (config.config ??= {})
  inner.Env = mergeEnv(inner.Env ?? [], add.env)
  inner.Labels = { ...(inner.Labels ?? {}), ...add.labels }
  config.rootfs = {
    type: 'layers',
    diff_ids: [...(config.rootfs?.diff_ids ?? []), ...add.layers.map((l) => l.diffId)]
  }
  // History lines up with layers only if the base kept one; without it, adding ours would mislabel.
  if (Array.isArray(config.history)) config.history = [...config.history, ...history]
  return encodeJson(config)
}

export function mergeEnv(base: string[], add: Array<[string, string]>): string[] {
  const env = [...base]
  for (const [key, value] of add) {
    const entry = `${key}=${value}`
    const at = env.findIndex((e) => e === key || e.startsWith(`${key}=`))
    if (at >= 0) env[at] = entry
    else env.push(entry)
  }
  return env
}

export function buildManifest(
  config: Descriptor,
  layers: Descriptor[],
  annotations: Record<string, string>
): Buffer {
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: config.digest, size: config.size },
    layers,
    ...(Object.keys(annotations).length ? { annotations: sortKeys(annotations) } : {})
  }
  return encodeJson(manifest)
}

export function buildIndex(manifests: Descriptor[], annotations: Record<string, string>): Buffer {
  const index: Index = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests,
    ...(Object.keys(annotations).length ? { annotations: sortKeys(annotations) } : {})
  }
  return encodeJson(index)
}

export interface ProvenanceRepo {
  repo: string
  type: string
  revision: string
  commit: string
  allow?: string[]
  ignore?: string[]
}

/** Labels and annotations saying where the image's bytes come from. Never a credential. */
export function provenance(input: {
  repos: ProvenanceRepo[]
  version: string
  imagePath: string
  base?: { name: string; digest: string }
}): Record<string, string> {
  const sorted = [...input.repos].sort((a, b) =>
    `${a.type}/${a.repo}@${a.revision}` < `${b.type}/${b.repo}@${b.revision}` ? -1 : 1
  )
  const repos = sorted.map((r) => ({
    repo: r.repo,
    type: r.type,
    revision: r.revision,
    commit: r.commit,
    ...(r.allow?.length ? { allow: r.allow } : {}),
    ...(r.ignore?.length ? { ignore: r.ignore } : {})
  }))
  const summary = sorted
    .map((r) => `${r.type === 'model' ? '' : `${r.type}s/`}${r.repo}@${r.commit}`)
    .join(', ')
  return {
    'org.opencontainers.image.description': `Hugging Face snapshots in ${input.imagePath}: ${summary}`,
    ...(input.base
      ? {
          'org.opencontainers.image.base.name': input.base.name,
          'org.opencontainers.image.base.digest': input.base.digest
        }
      : {}),
    'dev.modelbake.version': input.version,
    'dev.modelbake.image-path': input.imagePath,
    'dev.modelbake.repos': JSON.stringify(repos)
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
