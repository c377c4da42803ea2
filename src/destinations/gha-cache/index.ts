// `gha-cache` → a GhaCacheDestination. Option: --gha-cache-limit SIZE, the repository's cache limit
// (default 10GiB, GitHub's; GHES administrators and some plans set another).
import { UsageError } from '../../core/errors.js'
import type { DestinationOptions } from '../registry.js'
import { parseByteSize } from '../../core/size.js'
import { GhaCacheDestination } from './gha-cache.js'
import { DEFAULT_LIMIT } from './limits.js'

export { GhaCacheDestination, type GhaCacheOptions } from './gha-cache.js'
export { cacheKey, restorePrefix, patternsHash } from './key.js'

export function createGhaCacheDestination(
  target: string,
  options: DestinationOptions
): GhaCacheDestination {
  if (target !== '') {
    throw new UsageError(`unknown destination "gha-cache${target}"`, {
      hint: 'write gha-cache alone: the entries are keyed by repo, commit and patterns'
    })
  }
  return new GhaCacheDestination({ limitBytes: parseLimit(options.ghaCacheLimit) })
}

export function parseLimit(text: unknown): number {
  if (text === undefined) return DEFAULT_LIMIT
  const value = typeof text === 'string' ? parseByteSize(text) : undefined
  if (value === undefined || value <= 0) {
    throw new UsageError(`invalid --gha-cache-limit ${JSON.stringify(text)}`, {
      hint: 'use a size such as 10GiB (GitHub’s limit per repository) or 50GB'
    })
  }
  return value
}
