// Sharded images: `--shard i/n --to docker://REGISTRY/REPO:TAG` in each job of a matrix, then
// `modelbake assemble --shards n --to docker://REGISTRY/REPO:TAG`.
//
// Every job plans the whole image (the layer plan is a pure function of the selected files, the
// commits' listings and the image options, so all jobs and `assemble` get the same layers) and deals
// out layers, not blobs: largest first to the least-loaded shard, as blobs are dealt
// (src/core/deal.ts). The parts of a split blob are one unit, so each blob is downloaded by one job.
// A shard downloads the blobs of its layers, pushes those layers (HEAD first, as a single run does)
// and records what it pushed at the registry, the one place the jobs of a matrix share.
//
// The record is an OCI 1.1 artifact manifest in the image's repository, tagged
// `<tag>-modelbake-shard-<i>-of-<n>`: artifactType application/vnd.dev.modelbake.image-shard.v1, the
// empty config (`{}`), and as layers the descriptors the shard pushed, each annotated with its
// position in the image, its plan key (what its tar holds) and its diff ID. A manifest, because:
//  - a registry checks on PUT that every blob a manifest lists is in the repository (the CNCF
//    registry answers MANIFEST_BLOB_UNKNOWN), so a record proves that its layers were pushed;
//  - a tagged manifest keeps its layers from garbage collection until the image references them;
//  - it needs nothing beyond the distribution API calls modelbake already makes: registries without
//    OCI 1.1 (Debian's docker-registry 2.8) store it as a manifest with an empty config, and tools
//    that know artifacts show it as one; none takes it for a runnable image.
//
// `assemble` plans the same image, reads the records, checks every layer (recorded by the shard it
// was dealt to, and still in the repository), then pushes the configs and manifests: no layer byte
// moves again. The records are left in place: deleting a manifest is off by default in the CNCF
// registry (405) and not offered by GHCR's registry API; they keep the layers safe until the tag
// points at the image; and they make `assemble` repeatable. A shard run again replaces its record.
import { createHash } from 'node:crypto'
import { dealLargestFirst } from '../../core/deal.js'
import { ModelbakeError } from '../../core/errors.js'
import { VERSION } from '../../version.js'
import type { PreparedImage } from './build.js'
import { encodeJson, MediaTypes, type Descriptor, type Manifest } from './image.js'
import { layerBlobs, type ImagePlan } from './layer-plan.js'
import type { LayerDigests } from './layer-source.js'
import { BlobPusher, modelLayerJobs, type BlobStats, type PushOptions } from './push.js'
import { formatReference, type ImageReference } from './reference.js'
import type { RegistryClient } from './registry-client.js'

export const SHARD_ARTIFACT_TYPE = 'application/vnd.dev.modelbake.image-shard.v1'

/** The OCI empty descriptor: the config of an artifact that needs none. */
const EMPTY_CONFIG: Descriptor = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2
}
const EMPTY_BYTES = Buffer.from('{}')

const Annotations = {
  shard: 'dev.modelbake.shard',
  /** Identifies the image's layer plan (every layer's key and the media type). */
  layers: 'dev.modelbake.image.layers',
  version: 'dev.modelbake.version',
  position: 'dev.modelbake.layer.position',
  key: 'dev.modelbake.layer.key',
  diffId: 'dev.modelbake.layer.diff-id',
  holds: 'dev.modelbake.holds'
} as const

const TAG_LIMIT = 128

/** The tag of shard `index`'s record (a digest of the tag when the readable one is too long). */
export function recordTag(tag: string, index: number, count: number): string {
  const suffix = `modelbake-shard-${index}-of-${count}`
  const readable = `${tag}-${suffix}`
  if (readable.length <= TAG_LIMIT) return readable
  return `${suffix}-${createHash('sha256').update(tag).digest('hex').slice(0, 32)}`
}

export interface LayerUnit {
  /** Positions of the layers in the image. */
  layers: number[]
  /** Bytes of their tar streams. */
  size: number
  key: string
}

/** A layer alone, or every layer that reads the same blob (the parts of a split blob). */
export function layerUnits(plan: ImagePlan): LayerUnit[] {
  const unitOf = new Map<string, LayerUnit>()
  const units: LayerUnit[] = []
  plan.layers.forEach((layer, position) => {
    const blobs = layerBlobs(layer)
    let unit = blobs.map((blob) => unitOf.get(blob)).find((u) => u !== undefined)
    if (!unit) {
      unit = { layers: [], size: 0, key: layer.key }
      units.push(unit)
    }
    unit.layers.push(position)
    unit.size += layer.size
    for (const blob of blobs) unitOf.set(blob, unit)
  })
  return units
}

/** The shard (1-based) that pushes each layer of the plan, by position. */
export function layerOwners(plan: ImagePlan, count: number): number[] {
  const owners = new Array<number>(plan.layers.length).fill(0)
  dealLargestFirst(layerUnits(plan), count, (a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  ).forEach((units, i) => units.forEach((unit) => unit.layers.forEach((p) => (owners[p] = i + 1))))
  return owners
}

/** Positions of the layers dealt to shard `index`. */
export function layersOf(plan: ImagePlan, index: number, count: number): number[] {
  return layerOwners(plan, count).flatMap((owner, position) => (owner === index ? [position] : []))
}

/** Identifies what the layers hold and how they are stored: every job of a matrix must agree. */
function layersId(prepared: PreparedImage): string {
  const hash = createHash('sha256')
  for (const layer of prepared.layers) hash.update(`${layer.mediaType} ${layer.plan.key}\n`)
  return `sha256:${hash.digest('hex')}`
}

export interface ShardPush extends BlobStats {
  /** Positions of the layers this shard pushed, with their digests. */
  layers: Array<{ position: number } & LayerDigests>
  recordRef: string
}

/** A shard's part: its layers into the repository, then its record under the record tag. */
export async function pushShard(
  client: RegistryClient,
  target: ImageReference,
  prepared: PreparedImage,
  shard: { index: number; count: number },
  options: PushOptions
): Promise<ShardPush> {
  const mine = layersOf(prepared.plan, shard.index, shard.count)
  const pusher = new BlobPusher(client, target, options)
  const digests: LayerDigests[] = new Array(prepared.layers.length)
  try {
    await pusher.settle(modelLayerJobs(pusher, prepared, digests, mine))
    await pusher.ensureBytes(EMPTY_CONFIG, EMPTY_BYTES, 'the empty config of the shard record')
  } finally {
    pusher.close()
  }
  const record: Manifest & { artifactType: string } = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType: SHARD_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: mine.map((position) => ({
      mediaType: prepared.layers[position].mediaType,
      digest: digests[position].digest,
      size: digests[position].size,
      annotations: {
        [Annotations.diffId]: digests[position].diffId,
        [Annotations.holds]: prepared.layers[position].plan.holds,
        [Annotations.key]: prepared.layers[position].plan.key,
        [Annotations.position]: String(position)
      }
    })),
    annotations: {
      [Annotations.layers]: layersId(prepared),
      [Annotations.shard]: `${shard.index}/${shard.count}`,
      [Annotations.version]: VERSION
    }
  }
  const tag = recordTag(target.tag ?? 'latest', shard.index, shard.count)
  const bytes = encodeJson(record)
  await client.putManifest(target.repository, tag, bytes, MediaTypes.ociManifest)
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  return {
    ...pusher.stats,
    layers: mine.map((position) => ({ position, ...digests[position] })),
    recordRef: formatReference({ ...target, tag, digest })
  }
}

/**
 * `assemble`: every layer's digests from the records of the `count` shards, each layer checked to
 * be recorded by the shard it was dealt to and still in the repository. Anything missing is an
 * error that names the shards to run again; nothing is pushed before this succeeds.
 */
export async function readShardRecords(
  client: RegistryClient,
  target: ImageReference,
  prepared: PreparedImage,
  count: number,
  name: string
): Promise<{ digests: LayerDigests[]; records: string[] }> {
  const repo = target.repository
  const owners = layerOwners(prepared.plan, count)
  const id = layersId(prepared)
  const digests: LayerDigests[] = new Array(prepared.layers.length)
  const problems: string[] = []
  const records: string[] = []
  let missing = 0
  const describe = (position: number) =>
    `layer ${position + 1} (${prepared.layers[position].plan.holds})`
  for (let index = 1; index <= count; index++) {
    const mine = owners.flatMap((owner, position) => (owner === index ? [position] : []))
    if (mine.length === 0) continue
    const who = `shard ${index}/${count}`
    const tag = recordTag(target.tag ?? 'latest', index, count)
    const found = await client.findManifest(repo, tag)
    const record = found && parseRecord(found.bytes)
    if (!record || record.annotations?.[Annotations.layers] !== id) {
      missing += mine.length
      problems.push(
        `${who}: ${
          !found
            ? `no record (${repo}:${tag})`
            : !record
              ? `${repo}:${tag} is not a modelbake shard record`
              : `its record (${repo}:${tag}) is of another image: other commits, files or image options`
        }; its ${mine.length} layer(s) are missing`
      )
      continue
    }
    records.push(formatReference({ ...target, tag, digest: found.digest }))
    const recorded = new Map(
      record.layers.map((layer) => [Number(layer.annotations?.[Annotations.position]), layer])
    )
    const checks = await Promise.all(
      mine.map(async (position) => {
        const layer = recorded.get(position)
        const expected = prepared.layers[position]
        const diffId = layer?.annotations?.[Annotations.diffId]
        if (
          !layer ||
          !diffId ||
          layer.annotations?.[Annotations.key] !== expected.plan.key ||
          layer.mediaType !== expected.mediaType
        )
          return `${who}: ${describe(position)} is not in its record`
        if ((await client.blobSize(repo, layer.digest)) !== layer.size)
          return `${who}: ${describe(position)} was recorded, but ${layer.digest} is no longer in ${repo}`
        digests[position] = { digest: layer.digest, size: layer.size, diffId }
        return undefined
      })
    )
    for (const problem of checks) {
      if (!problem) continue
      missing++
      problems.push(problem)
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ')
    const more = problems.length > 20 ? `\n  … (${problems.length - 20} more)` : ''
    throw new ModelbakeError(
      `${name} lacks ${missing} of the image's ${prepared.layers.length} layers, so nothing was assembled:\n  ${shown}${more}`,
      {
        hint: `re-run the shards named above with --shard I/${count} and the same specs, patterns, --locked and image options, then assemble again`
      }
    )
  }
  return { digests, records }
}

function parseRecord(bytes: Buffer): Manifest | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Manifest & { artifactType?: string }
    if (value.artifactType !== SHARD_ARTIFACT_TYPE || !Array.isArray(value.layers)) return undefined
    return value
  } catch {
    return undefined
  }
}
