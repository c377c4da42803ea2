// Names of images and of the places they go, parsed as Docker and skopeo parse them. Pure.
import { UsageError } from '../../core/errors.js'

export interface ImageReference {
  /** As people write it: "docker.io", "ghcr.io", "127.0.0.1:5000". */
  registry: string
  /** The host the API is served from ("registry-1.docker.io" for Docker Hub). */
  apiHost: string
  /** "library/ubuntu", "org/models/llama". */
  repository: string
  tag?: string
  digest?: string
}

const DOCKER_HUB = 'docker.io'
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^sha256:[0-9a-f]{64}$/

/** "ubuntu:22.04", "ghcr.io/org/img@sha256:…", "docker://127.0.0.1:5000/m:v1". */
export function parseImageReference(text: string, what = 'image reference'): ImageReference {
  const input = text.trim().replace(/^docker:\/\//, '')
  const fail = (why: string): never => {
    throw new UsageError(`invalid ${what} "${text}": ${why}`, {
      hint: 'write it as REGISTRY/REPOSITORY:TAG, e.g. ghcr.io/org/model:v1'
    })
  }
  if (input === '') fail('it is empty')
  let rest = input
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) fail('the digest must be sha256: and 64 hex digits')
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) fail(`"${tag}" is not a valid tag`)
  }
  const parts = rest.split('/')
  let registry = DOCKER_HUB
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift()!
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library')
  for (const part of parts) {
    if (!REPO_COMPONENT.test(part)) fail(`"${part}" is not a valid repository name component`)
  }
  if (!/^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/.test(registry))
    fail(`"${registry}" is not a registry host`)
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
    repository: parts.join('/'),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {})
  }
}

export function formatReference(ref: ImageReference, by?: { digest: string }): string {
  const base = `${ref.registry}/${ref.repository}`
  if (by) return `${base}@${by.digest}`
  return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** Loopback hosts, where a registry without TLS is expected (as Docker does). */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1'
}

/** `oci:DIR[:TAG]` → the folder and the tag (skopeo splits at the first colon). */
export function parseLayoutTarget(target: string): { dir: string; tag?: string } {
  const colon = target.indexOf(':')
  const dir = colon >= 0 ? target.slice(0, colon) : target
  const tag = colon >= 0 ? target.slice(colon + 1) : undefined
  if (dir === '') throw new UsageError('oci: needs a folder', { hint: 'write oci:DIR[:TAG]' })
  if (tag !== undefined && !/^[A-Za-z0-9._:/@+-]+$/.test(tag))
    throw new UsageError(`invalid tag "${tag}" for oci:${dir}`, { hint: 'write oci:DIR[:TAG]' })
  return { dir, ...(tag ? { tag } : {}) }
}

/** `docker-archive:FILE[:REF]` → the file and the name:tag `docker load` gives it. */
export function parseArchiveTarget(target: string): { file: string; tag?: string } {
  const colon = target.indexOf(':')
  const file = colon >= 0 ? target.slice(0, colon) : target
  if (file === '')
    throw new UsageError('docker-archive: needs a file', {
      hint: 'write docker-archive:FILE[:REF]'
    })
  if (colon < 0 || colon === target.length - 1) return { file }
  const ref = parseImageReference(target.slice(colon + 1), 'docker-archive reference')
  if (ref.digest) {
    throw new UsageError('a docker-archive reference cannot carry a digest', {
      hint: 'write docker-archive:FILE[:NAME:TAG]'
    })
  }
  const name =
    ref.registry === DOCKER_HUB ? ref.repository.replace(/^library\//, '') : formatReference(ref)
  return { file, tag: `${name.replace(/:[^:/]*$/, '')}:${ref.tag ?? 'latest'}` }
}
