// `modelbake assemble`: after the shards of a matrix (`--shard i/n`) have done their part at a shared
// destination, plan again (the commits from the lock with --locked), check that every part is there,
// then let the destination write what the shards left out. Blob stores: each selected blob is
// checked, then the snapshot links, listings and refs (volume:) or manifests, listings and refs
// (s3://) are written. Images (docker://): the destination reads the shards' records of their
// layers, checks each layer, then pushes config and manifest. No weight is downloaded or copied again.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HfCache } from '../cache/hf-cache.js'
import { ModelbakeError, UsageError } from '../core/errors.js'
import { etagOf, type RepoFile } from '../core/types.js'
import type { Destination, DestinationReport } from '../destinations/destination.js'
import { locationKeys } from '../destinations/snapshots.js'
import { S3Destination } from '../destinations/s3/index.js'
import { s3HttpClient } from '../destinations/s3/publish.js'
import { S3Client } from '../destinations/s3/client.js'
import { keys } from '../destinations/s3/location.js'
import { VolumeDestination } from '../destinations/volume/index.js'
import { HubApi } from '../hub/api.js'
import { HttpClient } from '../hub/http.js'
import type { Logger } from '../report/logger.js'
import { VERSION } from '../version.js'
import { planWithLock, writeLock } from './lock.js'
import type { RepoPlan } from './plan.js'
import { toResult, type RepoResult } from './result.js'
import type { RunOptions } from './run.js'
import { shardOfBlobs, unsharedDestination } from './shard.js'

export interface AssembleOptions extends RunOptions {
  /** The matrix's n, to name the shard that should have written a missing blob. */
  shards?: number
}

export interface AssembleReport {
  repos: RepoResult[]
  destinations: DestinationReport[]
  lockFile?: string
}

/** Whether a blob is at the destination, for the destinations that shards write to. */
type BlobProbe = { has(plan: RepoPlan, file: RepoFile): Promise<boolean>; close(): void }

/**
 * Where shard jobs can leave their share for an assemble job, and what they share there: blob
 * stores (each shard writes blobs), and registries (each shard pushes image layers).
 */
export const ASSEMBLE_SCHEMES = {
  'volume:': 'blobs',
  's3://': 'blobs',
  'docker://': 'layers'
} as const

/** Why assemble cannot run with some options; each front door words it in its own terms. */
export type AssembleRefusal =
  /** Not exactly one destination. */
  | { refusal: 'destinations'; count: number }
  /** A destination that shard jobs cannot share (not one of ASSEMBLE_SCHEMES). */
  | { refusal: 'destination'; destination: string }
  /** An image, without the number of shards that pushed its layers. */
  | { refusal: 'shards'; destination: string }
  /** Offline: the commits' listings come from the Hub. */
  | { refusal: 'offline' }

/**
 * What assemble refuses, before any network call: anything but one destination that the shard
 * jobs share, an image without the number of shards, or offline. Pure; undefined when it may run.
 */
export function checkAssembleOptions(options: {
  /** The destinations, as the user named them. */
  to: readonly string[]
  offline?: boolean
  shards?: number
}): AssembleRefusal | undefined {
  const to = options.to.map((text) => text.trim()).filter((text) => text !== '')
  if (to.length !== 1) return { refusal: 'destinations', count: to.length }
  const destination = to[0]
  const shared = Object.entries(ASSEMBLE_SCHEMES).find(([scheme]) => destination.startsWith(scheme))
  if (!shared) return { refusal: 'destination', destination }
  if (shared[1] === 'layers' && !options.shards) return { refusal: 'shards', destination }
  if (options.offline) return { refusal: 'offline' }
  return undefined
}

/** A refusal in the CLI's terms (the Action words them in its own: src/action/assemble.ts). */
function refused(refusal: AssembleRefusal): UsageError {
  switch (refusal.refusal) {
    case 'destinations':
      return new UsageError('assemble writes to one destination', {
        hint: 'give the --to volume:DIR, s3://BUCKET/PREFIX or docker://REGISTRY/REPO:TAG that the shards published to'
      })
    case 'destination':
      return unsharedDestination(refusal.destination, 'assemble')
    case 'shards':
      return new UsageError(`assemble --to ${refusal.destination} needs --shards N`, {
        hint: 'give the N of the matrix (--shard I/N): the shards’ records of their layers are found by it'
      })
    case 'offline':
      return new UsageError('assemble needs the commits’ listings from the Hub', {
        hint: 'run it with network access (with --locked, only the listings are read)'
      })
  }
}

export async function assemble(
  options: AssembleOptions,
  deps: { logger: Logger }
): Promise<AssembleReport> {
  const destinations = options.destinations ?? []
  const refusal = checkAssembleOptions({
    to: destinations.map((d) => d.name),
    offline: options.offline,
    shards: options.shards
  })
  if (refusal) throw refused(refusal)
  const [destination] = destinations
  const image = destination.sharding === 'layers'
  // A private cache for the listings: the caller's cache is not touched, and no blob is in it.
  const scratch = await mkdtemp(join(tmpdir(), 'modelbake-assemble-'))
  const cache = new HfCache(scratch)
  const http = new HttpClient({
    trustedOrigin: options.endpoint,
    token: options.tokenSource ?? options.token,
    userAgent: `modelbake/${VERSION}`,
    retry: options.retry
  })
  const probe = image ? undefined : blobProbe(destination, deps.logger)
  try {
    const api = new HubApi(options.endpoint, http, Boolean(options.token))
    const plans = await planWithLock(
      options.specs,
      { cache, api, allow: options.allow, ignore: options.ignore },
      options.lock
    )

    // An image's layers are checked by the destination, against the shards' records.
    if (probe) await checkBlobsPresent(plans, probe, destination.name, options.shards)
    for (const plan of plans)
      if (plan.allFiles) await cache.writeTreeListing(plan.spec, plan.commit, plan.allFiles)
    const repos = plans.map((plan) =>
      toResult(cache, plan, { downloadedBytes: 0, reusedBytes: plan.totalBytes, seconds: 0 })
    )
    const report = await destination.publish({
      cache,
      repos,
      logger: deps.logger,
      shard: image
        ? { kind: 'layers-at-destination', count: options.shards! }
        : 'blobs-at-destination'
    })
    if (options.lock && !options.lock.locked) await writeLock(options.lock.path, plans)
    // The scratch cache goes away below: each snapshot is the one at the destination.
    const labels = locationKeys(repos)
    return {
      repos: repos.map((repo, i) => ({
        ...repo,
        snapshotPath: report.locations[labels[i]!] ?? ''
      })),
      destinations: [report],
      ...(options.lock ? { lockFile: options.lock.path } : {})
    }
  } finally {
    http.close()
    probe?.close()
    await rm(scratch, { recursive: true, force: true })
  }
}

async function checkBlobsPresent(
  plans: RepoPlan[],
  probe: BlobProbe,
  name: string,
  shards: number | undefined
): Promise<void> {
  const shardOf = shards ? shardOfBlobs(plans, shards) : undefined
  const missing: string[] = []
  const seen = new Set<string>()
  for (const plan of plans)
    for (const file of plan.files) {
      const key = `${plan.label}\0${etagOf(file)}`
      if (seen.has(key)) continue
      seen.add(key)
      if (await probe.has(plan, file)) continue
      const owner = shardOf ? `, shard ${shardOf(plan, file)}/${shards}` : ''
      missing.push(`${plan.label}: ${file.path} (blob ${etagOf(file).slice(0, 12)}…${owner})`)
    }
  if (missing.length === 0) return
  const shown = missing.slice(0, 20).join('\n  ')
  const more = missing.length > 20 ? `\n  … (${missing.length - 20} more)` : ''
  throw new ModelbakeError(
    `${name} lacks ${missing.length} blob(s), so nothing was assembled:\n  ${shown}${more}`,
    {
      hint: shards
        ? 're-run the shards named above (with the same specs, patterns and --locked), then assemble again'
        : 'did every shard succeed? Pass --shards N to see which shard should have written each blob'
    }
  )
}

function blobProbe(destination: Destination, logger: Logger): BlobProbe {
  if (destination instanceof VolumeDestination) {
    const volume = new HfCache(destination.root)
    return { has: (plan, file) => volume.hasBlob(plan.spec, file), close: () => undefined }
  }
  if (destination instanceof S3Destination) {
    const http = s3HttpClient(destination.config, logger)
    const client = new S3Client({
      config: destination.config,
      location: destination.location,
      http
    })
    return {
      async has(plan, file) {
        const head = await client.head(keys.blob(destination.location, plan.spec, etagOf(file)))
        return head !== undefined && head.size === file.size
      },
      close() {
        http.close()
        client.close()
      }
    }
  }
  throw new UsageError(`assemble cannot read blobs at ${destination.name}`)
}
