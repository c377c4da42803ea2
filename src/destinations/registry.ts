// `--to DEST` → a Destination. Each transport registers a factory under its scheme (skopeo's names
// for images: oci:, docker-archive:, docker://; then volume:, s3://, tool-cache, gha-cache).
import { UsageError } from '../core/errors.js'
import type { Destination } from './destination.js'

/** Options that only some destinations read; strings as the user gave them. */
export interface DestinationOptions {
  env: Record<string, string | undefined>
  [option: string]: unknown
}

export type DestinationFactory = (target: string, options: DestinationOptions) => Destination

const factories = new Map<string, DestinationFactory>()

/** `scheme` is what precedes the target: "oci:", "docker://", "volume:", "tool-cache". */
export function registerDestination(scheme: string, factory: DestinationFactory): void {
  factories.set(scheme, factory)
}

export function knownSchemes(): string[] {
  return [...factories.keys()]
}

export function parseDestination(text: string, options: DestinationOptions): Destination {
  const value = text.trim()
  // Longest scheme first, so "docker://" wins over a hypothetical "docker:".
  const schemes = [...factories.keys()].sort((a, b) => b.length - a.length)
  for (const scheme of schemes) {
    if (value === scheme || value.startsWith(scheme))
      return factories.get(scheme)!(value.slice(scheme.length), options)
  }
  throw new UsageError(`unknown destination "${value}"`, {
    hint: schemes.length
      ? `use one of: ${schemes.map((s) => (s.endsWith(':') || s.endsWith('//') ? `${s}…` : s)).join(', ')}`
      : 'this build of modelbake has no destinations: the cache itself is the result'
  })
}
