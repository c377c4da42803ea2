// `oci:DIR[:TAG]`: an OCI image layout (image-spec image-layout.md), as skopeo and umoci read it.
// Layers are hashed while they are written to a temporary name, then renamed to their digest;
// blobs already in the layout are kept. index.json is rewritten atomically, keeping the images it
// already names (an entry with the same tag is replaced).
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import {
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
  type FileHandle
} from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ModelbakeError } from '../../core/errors.js'
import { cacheError, makeDirectory } from '../../cache/hf-cache.js'
import { positionalWriter, SlabPool, type PositionalWriter } from '../../fetch/direct-write.js'
import { Limiter } from '../../fetch/limiter.js'
import { childController, settleAll } from '../../fetch/settle.js'
import { finishImage, type FinishedImage, type PreparedImage } from './build.js'
import { encodeJson, type Descriptor, type Index } from './image.js'
import type { LayerDigests, LayerSource } from './layer-source.js'
import type { RegistryClient } from './registry-client.js'

export interface SinkResult {
  finished: FinishedImage
  writtenBytes: number
  skippedBytes: number
}

const REF_NAME = 'org.opencontainers.image.ref.name'

export async function writeLayout(
  dir: string,
  tag: string | undefined,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined,
  log: (line: string) => void,
  options: { direct: boolean }
): Promise<SinkResult> {
  const blobs = join(dir, 'blobs', 'sha256')
  await makeDirectory(blobs).catch((error) => {
    throw cacheError(dir, error, `folder for oci:${dir}`)
  })
  await removeDeadWritersFiles(blobs)
  await writeFile(join(dir, 'oci-layout'), encodeJson({ imageLayoutVersion: '1.0.0' }))
  let writtenBytes = 0
  let skippedBytes = 0
  const has = async (digest: string, size: number) =>
    (await stat(blobPath(dir, digest)).catch(() => undefined))?.size === size

  // Two layers at a time: one is hashed while the other waits on the disk. The first failure
  // stops the other writer, and both have stopped before it is reported.
  const slots = new Limiter(2)
  const abort = childController(undefined)
  const digests = await settleAll(
    prepared.layers.map((layer, index) =>
      slots.run([index], async (): Promise<LayerDigests> => {
        const known = layer.known
        if (known && (await has(known.digest, known.size))) {
          skippedBytes += known.size
          return known
        }
        const digest =
          layer.compression === 'none'
            ? await writeUncompressedLayer(dir, layer, abort.signal, options.direct)
            : await writeBlob(dir, layer.stream(abort.signal), () => layer.known!.digest)
        writtenBytes += digest.size
        log(`  wrote ${digest.digest.slice(7, 19)} ${layer.plan.holds}`)
        return layer.known!
      })
    ),
    abort
  )

  // Base layers: copied from the base's registry, checked against their digests.
  const baseLayers = new Map<string, Descriptor>()
  for (const target of prepared.targets)
    for (const layer of target.base?.layers ?? []) baseLayers.set(layer.digest, layer)
  for (const layer of baseLayers.values()) {
    if (layer.urls?.length) continue // non-distributable: referenced, not copied
    if (await has(layer.digest, layer.size)) {
      skippedBytes += layer.size
      continue
    }
    // Read to the end: a read cut in the middle goes on from where it stopped.
    const bytes = baseClient!.blobStream(
      prepared.base!.ref.repository,
      layer.digest,
      `base layer ${layer.digest}`
    )
    const written = await writeBlob(dir, bytes)
    if (written.digest !== layer.digest) {
      await rm(blobPath(dir, written.digest), { force: true })
      throw new ModelbakeError(`base layer ${layer.digest} did not match its digest`)
    }
    writtenBytes += layer.size
  }

  const finished = finishImage(prepared, digests)
  for (const m of finished.manifests) {
    await writeSmall(dir, m.config, m.configDescriptor.digest)
    await writeSmall(dir, m.manifest, m.descriptor.digest)
  }
  await writeSmall(dir, finished.top.bytes, finished.top.descriptor.digest)
  await updateIndex(dir, {
    ...finished.top.descriptor,
    ...(tag ? { annotations: { [REF_NAME]: tag } } : {})
  })
  return { finished, writtenBytes, skippedBytes }
}

function blobPath(dir: string, digest: string): string {
  return join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''))
}

// Each layer being written stages in 6 slabs of 2 MiB: one filling from the cache, one being
// hashed, the others being written.
const LAYER_SLABS = 6
const SLAB_BYTES = 2 * 1024 * 1024

/** An uncompressed layer into a temporary file, past the page cache where it can; renamed to its digest. */
async function writeUncompressedLayer(
  dir: string,
  layer: LayerSource,
  signal: AbortSignal,
  direct: boolean
): Promise<LayerDigests> {
  const temporary = temporaryBlobPath(dir)
  const slabs = new SlabPool(LAYER_SLABS, SLAB_BYTES, { direct })
  let file: FileHandle | undefined
  let writer: PositionalWriter | undefined
  try {
    file = await open(temporary, 'w')
    writer = await positionalWriter(file, temporary, { direct: slabs.direct })
    const digests = await layer.writeUncompressed(writer, slabs, signal)
    await writer.close()
    await file.close()
    await rename(temporary, blobPath(dir, digests.digest))
    return digests
  } catch (error) {
    await writer?.close().catch(() => undefined)
    await file?.close().catch(() => undefined)
    await rm(temporary, { force: true })
    throw error instanceof ModelbakeError ? error : cacheError(dir, error)
  }
}

function temporaryBlobPath(dir: string): string {
  return join(
    dir,
    'blobs',
    'sha256',
    `.modelbake-${process.pid}-${randomBytes(6).toString('hex')}.tmp`
  )
}

/**
 * Stream into a temporary file, hashing; rename it to its digest. A source that hashes its own
 * bytes on the way (a layer does) passes `digestOfSource`, read once the source has ended, and the
 * bytes are not hashed a second time.
 */
export async function writeBlob(
  dir: string,
  source: AsyncIterable<Buffer>,
  digestOfSource?: () => string
): Promise<{ digest: string; size: number }> {
  const temporary = temporaryBlobPath(dir)
  const hash = digestOfSource ? undefined : createHash('sha256')
  let size = 0
  try {
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const chunk of source) {
            hash?.update(chunk)
            size += chunk.length
            yield chunk
          }
        })()
      ),
      createWriteStream(temporary, { highWaterMark: 4 * 1024 * 1024 })
    )
    const digest = hash ? `sha256:${hash.digest('hex')}` : digestOfSource!()
    await rename(temporary, blobPath(dir, digest))
    return { digest, size }
  } catch (error) {
    await rm(temporary, { force: true })
    throw error instanceof ModelbakeError ? error : cacheError(dir, error)
  }
}

/** A layer being written: `.modelbake-<pid>-<random>.tmp`, so that a later run can tell a dead writer's. */
const TEMPORARY_LAYER = /^\.modelbake-(\d+)-[0-9a-f]+\.tmp$/

/** Remove the partial layers of runs that were killed (their process is gone from this host). */
async function removeDeadWritersFiles(blobs: string): Promise<void> {
  for (const name of await readdir(blobs).catch(() => [] as string[])) {
    const pid = Number(TEMPORARY_LAYER.exec(name)?.[1])
    if (pid && !isAlive(pid)) await rm(join(blobs, name), { force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function writeSmall(dir: string, bytes: Buffer, digest: string): Promise<void> {
  const path = blobPath(dir, digest)
  if ((await stat(path).catch(() => undefined))?.size === bytes.length) return
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temporary, bytes)
  await rename(temporary, path)
}

async function updateIndex(dir: string, entry: Descriptor): Promise<void> {
  const path = join(dir, 'index.json')
  let index: Index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: []
  }
  const existing = await readFile(path, 'utf8').catch(() => undefined)
  if (existing !== undefined) {
    try {
      index = JSON.parse(existing) as Index
    } catch {
      throw new ModelbakeError(`${path} is not JSON`, {
        hint: 'point oci: at an empty folder or an OCI image layout'
      })
    }
  }
  const tag = entry.annotations?.[REF_NAME]
  index.manifests = (index.manifests ?? []).filter((m) =>
    tag ? m.annotations?.[REF_NAME] !== tag : m.digest !== entry.digest || m.annotations?.[REF_NAME]
  )
  index.manifests.push(entry)
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temporary, `${JSON.stringify(index)}`)
  await rename(temporary, path)
}
