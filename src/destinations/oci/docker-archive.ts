// `docker-archive:FILE[:REF]`: the tar `docker save` writes and `docker load` (and skopeo) read:
// manifest.json naming the config and the layer files, in order. One platform per archive. The
// model layers are uncompressed (their size is then known before they are written, so the archive
// is streamed in one pass, hashing on the way); base layers are copied as the registry holds them.
// The archive is written to a temporary name and renamed when complete.
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cacheError } from '../../cache/hf-cache.js'
import { ModelbakeError } from '../../core/errors.js'
import { finishImage, type PreparedImage } from './build.js'
import { encodeJson } from './image.js'
import type { LayerDigests } from './layer-source.js'
import type { SinkResult } from './oci-layout.js'
import type { RegistryClient } from './registry-client.js'
import { END_OF_ARCHIVE, encodeHeader, padding } from './tar.js'

export async function writeDockerArchive(
  file: string,
  tag: string | undefined,
  prepared: PreparedImage,
  baseClient: RegistryClient | undefined,
  log: (line: string) => void
): Promise<SinkResult> {
  const target = prepared.targets[0]
  const baseLayers = target.base?.layers ?? []
  const digests: LayerDigests[] = []
  const layerFiles: string[] = []
  let writtenBytes = 0

  async function* archive(): AsyncIterable<Buffer> {
    let n = 0
    const name = () => `${String(++n).padStart(3, '0')}.tar`
    for (const layer of baseLayers) {
      if (layer.urls?.length) {
        throw new ModelbakeError(
          'the base has non-distributable layers, which a docker-archive cannot hold',
          { hint: 'push to a registry (docker://) instead' }
        )
      }
      const path = name()
      layerFiles.push(path)
      yield encodeHeader({ type: 'file', path, size: layer.size })
      // Read to the end: a read cut in the middle goes on from where it stopped.
      const bytes = baseClient!.blobStream(
        prepared.base!.ref.repository,
        layer.digest,
        `base layer ${layer.digest}`
      )
      const hash = createHash('sha256')
      let size = 0
      for await (const chunk of bytes) {
        hash.update(chunk)
        size += chunk.length
        yield chunk
      }
      if (size !== layer.size || `sha256:${hash.digest('hex')}` !== layer.digest)
        throw new ModelbakeError(`base layer ${layer.digest} did not match its digest`)
      yield Buffer.alloc(padding(size))
      writtenBytes += size
    }
    for (const layer of prepared.layers) {
      const path = name()
      layerFiles.push(path)
      yield encodeHeader({ type: 'file', path, size: layer.plan.size })
      yield* layer.stream()
      yield Buffer.alloc(padding(layer.plan.size))
      digests.push(layer.known!)
      writtenBytes += layer.plan.size
      log(`  wrote ${layer.known!.digest.slice(7, 19)} ${layer.plan.holds}`)
    }
    const finished = finishImage(prepared, digests)
    const image = finished.manifests[0]
    const configName = `${image.configDescriptor.digest.slice(7)}.json`
    yield encodeHeader({ type: 'file', path: configName, size: image.config.length })
    yield image.config
    yield Buffer.alloc(padding(image.config.length))
    const manifest = encodeJson([
      { Config: configName, RepoTags: tag ? [tag] : [], Layers: layerFiles }
    ])
    yield encodeHeader({ type: 'file', path: 'manifest.json', size: manifest.length })
    yield manifest
    yield Buffer.alloc(padding(manifest.length))
    yield END_OF_ARCHIVE
    result = finished
  }

  let result: SinkResult['finished'] | undefined
  await mkdir(dirname(file), { recursive: true }).catch((error) => {
    throw cacheError(dirname(file), error)
  })
  const temporary = `${file}.modelbake-${randomBytes(4).toString('hex')}.tmp`
  try {
    await pipeline(
      Readable.from(archive()),
      createWriteStream(temporary, { highWaterMark: 4 << 20 })
    )
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error instanceof ModelbakeError ? error : cacheError(file, error)
  }
  return { finished: result!, writtenBytes, skippedBytes: 0 }
}
