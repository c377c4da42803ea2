// The image destinations' flags (strings as typed, camelCased by the CLI) → typed options. Pure; every
// mistake is a UsageError raised before anything is downloaded.
import { UsageError } from '../../core/errors.js'
import { parseByteSize } from '../../core/size.js'
import type { DestinationOptions } from '../registry.js'
import type { Compression } from './compress.js'
import { parsePlatform, type Platform } from './image.js'
import { imageRoot } from './layer-plan.js'
import { parseImageReference, type ImageReference } from './reference.js'

export const DEFAULT_IMAGE_PATH = '/root/.cache/huggingface/hub'
/** GHCR refuses layers over 10 GB; 9 GiB leaves room. */
export const DEFAULT_MAX_LAYER_SIZE = 9 * 1024 ** 3
export const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024
export const DEFAULT_UPLOAD_CONCURRENCY = 4

export interface OciOptions {
  imagePath: string
  /** Set HF_HUB_OFFLINE=1 in the image (not with --no-offline-env). */
  offlineEnv: boolean
  baseImage?: ImageReference
  /** Platforms to build; undefined = all of the base's (or linux/amd64 for a model-only image). */
  platforms?: Platform[]
  maxLayerSize: number
  compression: Compression
  username?: string
  password?: string
  /** Registries reached without TLS verification, or over plain HTTP. */
  insecureRegistries: string[]
  /** Bytes per PATCH of a chunked upload (MODELBAKE_UPLOAD_CHUNK_SIZE). */
  chunkSize: number
  uploadConcurrency: number
  env: Record<string, string | undefined>
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => String(v).split(/[,\n]/))
    .map((v) => v.trim())
    .filter((v) => v !== '')

const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined
  const s = String(Array.isArray(value) ? value[value.length - 1] : value).trim()
  return s === '' ? undefined : s
}

export function parseOciOptions(options: DestinationOptions): OciOptions {
  const env = options.env
  const imagePath = parseImagePath(text(options.imagePath) ?? DEFAULT_IMAGE_PATH)
  const base = text(options.baseImage)
  const platforms = list(options.platform).map((p) => {
    try {
      return parsePlatform(p)
    } catch {
      throw new UsageError(`invalid --platform "${p}"`, {
        hint: 'write OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64/v8'
      })
    }
  })
  const compression = text(options.compression) ?? 'none'
  if (!['none', 'gzip', 'zstd'].includes(compression)) {
    throw new UsageError(`invalid --compression "${compression}"`, {
      hint: 'use none (the default: weights barely compress), gzip or zstd'
    })
  }
  const username = text(options.registryUsername) ?? text(env.MODELBAKE_REGISTRY_USERNAME)
  const password = text(options.registryPassword) ?? text(env.MODELBAKE_REGISTRY_PASSWORD)
  if (Boolean(username) !== Boolean(password)) {
    throw new UsageError('--registry-username and --registry-password go together', {
      hint: 'give both, or neither to use ~/.docker/config.json (or GITHUB_TOKEN for ghcr.io)'
    })
  }
  return {
    imagePath,
    offlineEnv: !options.noOfflineEnv,
    ...(base ? { baseImage: parseImageReference(base, '--base-image') } : {}),
    ...(platforms.length ? { platforms } : {}),
    maxLayerSize: parseSize(text(options.maxLayerSize), '--max-layer-size', DEFAULT_MAX_LAYER_SIZE),
    compression: compression as Compression,
    ...(username ? { username, password } : {}),
    insecureRegistries: list(options.insecureRegistry).map((h) =>
      h.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')
    ),
    chunkSize: parseSize(
      env.MODELBAKE_UPLOAD_CHUNK_SIZE,
      'MODELBAKE_UPLOAD_CHUNK_SIZE',
      DEFAULT_CHUNK_SIZE
    ),
    uploadConcurrency: DEFAULT_UPLOAD_CONCURRENCY,
    env
  }
}

export function parseImagePath(path: string): string {
  try {
    imageRoot(path)
  } catch {
    throw new UsageError(`invalid --image-path "${path}"`, {
      hint: 'give an absolute folder, e.g. /root/.cache/huggingface/hub'
    })
  }
  return `/${imageRoot(path)}`
}

/** "9GiB", "10GB", "1.5GiB", "1048576" → bytes, as every size modelbake reads (core/size.ts). */
export function parseSize(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback
  const bytes = parseByteSize(value)
  if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes < 4096) {
    throw new UsageError(`invalid ${what} "${value}"`, {
      hint: 'give a size of at least 4096 bytes, e.g. 9GiB, 10GB, 512MiB or a number of bytes'
    })
  }
  return bytes
}
