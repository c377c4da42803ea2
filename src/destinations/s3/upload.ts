// One blob from the local cache to S3, skipped when an object of the same size and sha256 is there.
// The local bytes are read once first: that pass checks them against the blob's digest (nothing
// unverified is uploaded) and yields the sha256 of each part, which S3 checks again on arrival
// (x-amz-content-sha256). Then the object is PUT whole, or in parts, several at once.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { ModelbakeError } from '../../core/errors.js'
import type { RepoFile } from '../../core/types.js'
import { digestFor } from '../../fetch/digest.js'
import type { Limiter } from '../../fetch/limiter.js'
import { childController, settleAll } from '../../fetch/settle.js'
import type { S3Client } from './client.js'

export const MIN_PART_SIZE = 5 * 1024 * 1024
export const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024
export const MAX_PARTS = 10_000
export const DEFAULT_PART_SIZE = 64 * 1024 * 1024

export interface UploadJob {
  key: string
  /** The blob in the local cache. */
  path: string
  file: RepoFile
  label: string
  /** Priority in the limiter (earlier blobs first). */
  order: number
}

export interface UploadResult {
  uploaded: boolean
  multipart: boolean
}

/** The part size for an object: the one asked for, raised when 10,000 parts would not hold it. */
export function partSizeFor(size: number, requested: number): number {
  let part = requested
  while (Math.ceil(size / part) > MAX_PARTS) part *= 2
  return Math.min(part, MAX_PART_SIZE)
}

export async function uploadBlob(
  client: S3Client,
  job: UploadJob,
  options: { partSize: number; limiter: Limiter; signal?: AbortSignal }
): Promise<UploadResult> {
  const { file } = job
  const known = file.lfs?.sha256
  const existing = await client.head(job.key, options.signal)
  if (existing && existing.size === file.size && existing.sha256) {
    const sha256 = known ?? (await readParts(job, file.size || 1)).sha256
    if (existing.sha256 === sha256) return { uploaded: false, multipart: false }
  }

  if (file.size <= options.partSize) {
    // An LFS blob's name is its sha256: S3 checks the bytes against it, no pass needed.
    const sha256 = known ?? (await readParts(job, file.size || 1)).sha256
    await options.limiter.run([job.order, 0], () =>
      client.put(
        job.key,
        { path: job.path, start: 0, end: file.size, sha256 },
        { sha256 },
        options.signal
      )
    )
    return { uploaded: true, multipart: false }
  }

  const partSize = partSizeFor(file.size, options.partSize)
  const { sha256, parts } = await readParts(job, partSize)
  const uploadId = await client.createMultipart(job.key, { sha256 }, options.signal)
  const abort = childController(options.signal)
  try {
    const etags = await settleAll(
      parts.map((partSha, index) =>
        options.limiter.run([job.order, index], () => {
          abort.signal.throwIfAborted()
          const start = index * partSize
          return client.uploadPart(
            job.key,
            uploadId,
            index + 1,
            { path: job.path, start, end: Math.min(file.size, start + partSize), sha256: partSha },
            abort.signal
          )
        })
      ),
      abort
    )
    await client.completeMultipart(
      job.key,
      uploadId,
      etags.map((etag, index) => ({ partNumber: index + 1, etag })),
      options.signal
    )
  } catch (error) {
    await client.abortMultipart(job.key, uploadId)
    throw error
  } finally {
    abort.dispose()
  }
  return { uploaded: true, multipart: true }
}

/**
 * One pass over the local blob: its sha256, the sha256 of each part, and a check against the blob's
 * own digest (sha256 for LFS files, git's blob sha1 for the others).
 */
async function readParts(
  job: UploadJob,
  partSize: number
): Promise<{ sha256: string; parts: string[] }> {
  const { file } = job
  const whole = createHash('sha256')
  const digest = digestFor(file)
  const parts: string[] = []
  let part = createHash('sha256')
  let inPart = 0
  let total = 0
  for await (const chunk of createReadStream(job.path, { highWaterMark: 4 * 1024 * 1024 })) {
    let bytes = chunk as Buffer
    total += bytes.length
    whole.update(bytes)
    if (digest.algorithm !== 'sha256') digest.update(bytes)
    while (bytes.length > 0) {
      const take = Math.min(bytes.length, partSize - inPart)
      part.update(bytes.subarray(0, take))
      inPart += take
      bytes = bytes.subarray(take)
      if (inPart === partSize) {
        parts.push(part.digest('hex'))
        part = createHash('sha256')
        inPart = 0
      }
    }
  }
  if (inPart > 0) parts.push(part.digest('hex'))
  const sha256 = whole.digest('hex')
  const actual = digest.algorithm === 'sha256' ? sha256 : digest.hex()
  if (total !== file.size || actual !== digest.expected) {
    throw new ModelbakeError(
      `${file.path}: the local blob does not match its digest (expected ${digest.expected} and ${file.size} bytes, got ${actual} and ${total} bytes); nothing uploaded`,
      {
        repo: job.label,
        hint: `delete ${job.path} and run modelbake again to fetch it afresh`
      }
    )
  }
  return { sha256, parts }
}
