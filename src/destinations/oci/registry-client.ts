// The distribution API (OCI distribution-spec 1.1), the calls modelbake makes: ping, HEAD and GET
// of blobs and manifests, cross-repository mounts, chunked uploads that resume after a failure,
// and manifest PUTs. Transient failures (network, 429, 5xx) are retried with backoff; a 401 is
// answered once through registry-auth.ts. Retries are one level deep: an operation made of several
// requests (an upload, a blob read to its end) retries as a whole, and its requests do not.
import { setTimeout as sleep } from 'node:timers/promises'
import { ModelbakeError } from '../../core/errors.js'
import {
  backoffDelay,
  DEFAULT_RETRY,
  header,
  isTransient,
  parseRetryAfter,
  readText,
  TransientHttpError,
  type HttpResponse,
  type RetryPolicy
} from '../../hub/http.js'
import type { RegistryHttp, RegistryRequest } from './http.js'
import { credentialHint, type RegistryAuth } from './registry-auth.js'
import type { Credential } from './credentials.js'
import { MANIFEST_ACCEPT, sha256Digest } from './image.js'

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504])

export interface RegistryClientOptions {
  /** As references name it ("ghcr.io"); `apiHost` serves the API ("registry-1.docker.io"). */
  registry: string
  apiHost: string
  http: RegistryHttp
  auth: RegistryAuth
  /** Try plain HTTP when TLS fails (loopback and --insecure-registry hosts). */
  allowHttp: boolean
  retry?: Partial<RetryPolicy>
  onRetry?: (what: string, attempt: number, delayMs: number, reason: string) => void
  credential?: () => Promise<Credential | undefined>
}

export interface UploadProgress {
  onBytes?: (n: number) => void
  signal?: AbortSignal
}

export class RegistryClient {
  readonly registry: string
  private origin?: Promise<string>
  private readonly retry: RetryPolicy

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
  }

  /** https://host, or http://host when TLS is refused by a host that may speak plain HTTP. */
  private base(): Promise<string> {
    this.origin ??= (async () => {
      const secure = `https://${this.options.apiHost}`
      if (!this.options.allowHttp) return secure
      try {
        const response = await this.options.http.send({ method: 'GET', url: `${secure}/v2/` })
        response.body.resume()
        return secure
      } catch {
        return `http://${this.options.apiHost}`
      }
    })()
    return this.origin
  }

  /**
   * A request with auth (one re-authentication after a 401) and retries of transient failures;
   * `retry: false` inside an operation that retries as a whole (withRetry).
   */
  async request(
    scopes: string[],
    build: (origin: string) => RegistryRequest,
    what: string,
    options: { retry?: boolean } = {}
  ): Promise<HttpResponse> {
    const attempt = async () => {
      const origin = await this.base()
      for (let auth = 0; ; auth++) {
        const request = build(origin)
        const authorization = await this.options.auth.header(scopes)
        const response = await this.options.http.send({
          ...request,
          headers: { ...request.headers, ...(authorization ? { authorization } : {}) }
        })
        if (response.status === 401 && auth === 0 && !isStream(request.body)) {
          const challenge = header(response.headers, 'www-authenticate')
          response.body.resume()
          if (await this.options.auth.challenged(challenge, scopes)) continue
          throw await this.unauthorized(response, what)
        }
        if (response.status === 401 && isStream(request.body)) {
          // A token that expired during a long upload: renew it and resume where the registry is.
          const challenge = header(response.headers, 'www-authenticate')
          response.body.resume()
          if (await this.options.auth.challenged(challenge, scopes))
            throw new TransientHttpError(`HTTP 401 for ${what}: renewing the token`, 401)
          throw await this.unauthorized(response, what)
        }
        if (response.status === 401) {
          response.body.resume()
          throw await this.unauthorized(response, what)
        }
        if (RETRYABLE.has(response.status)) {
          response.body.resume()
          throw new TransientHttpError(
            `HTTP ${response.status} for ${what}`,
            response.status,
            parseRetryAfter(header(response.headers, 'retry-after'))
          )
        }
        return response
      }
    }
    return options.retry === false ? attempt() : this.withRetry(what, attempt)
  }

  /**
   * Run `attempt` until it succeeds, at most `retries` + 1 times in a row for transient failures;
   * the requests it makes must not retry on their own (`retry: false`). With `progress` (bytes the
   * registry holds), an attempt that moved it further starts the count again, so a long upload is
   * followed through however many cuts. An abort ends the wait at once. Giving up names `what`.
   */
  async withRetry<T>(
    what: string,
    attempt: (n: number) => Promise<T>,
    signal?: AbortSignal,
    progress?: () => number
  ): Promise<T> {
    const budget = { furthest: progress?.() ?? 0, since: 0 }
    for (let n = 0; ; n++) {
      try {
        return await attempt(n)
      } catch (error) {
        await this.waitBeforeRetry(what, error, n, budget, progress?.() ?? 0, signal)
      }
    }
  }

  /**
   * After attempt `n` failed: throw unless `error` is transient and the budget allows another
   * attempt (an attempt that got further than any before, `reached`, renews it); else wait.
   */
  private async waitBeforeRetry(
    what: string,
    error: unknown,
    n: number,
    budget: { furthest: number; since: number },
    reached: number,
    signal?: AbortSignal
  ): Promise<void> {
    if (!isTransient(error) || signal?.aborted) throw error
    if (reached > budget.furthest) [budget.furthest, budget.since] = [reached, n]
    if (n - budget.since >= this.retry.retries) {
      throw new ModelbakeError(
        `${this.registry}: gave up on ${what} after ${n + 1} attempts: ${(error as Error).message ?? String(error)}`,
        { hint: 'check the registry, then run modelbake again', cause: error }
      )
    }
    const after = error instanceof TransientHttpError ? error.retryAfterMs : undefined
    const delay = backoffDelay(n - budget.since, this.retry, Math.random, after)
    this.options.onRetry?.(what, n + 1, delay, (error as Error).message ?? String(error))
    await sleep(delay, undefined, { signal })
  }

  /**
   * A blob's bytes to the end. A read cut in the middle asks again from where it stopped (a Range
   * request), within the retry budget, which every attempt that brought bytes renews. The caller
   * checks the digest.
   */
  async *blobStream(
    repository: string,
    digest: string,
    what = `blob ${short(digest)} of ${repository}`
  ): AsyncIterable<Buffer> {
    let offset = 0
    const budget = { furthest: 0, since: 0 }
    for (let n = 0; ; n++) {
      try {
        const response = await this.blob(repository, digest, offset, { retry: false })
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          offset += chunk.length
          yield chunk
        }
        return
      } catch (error) {
        await this.waitBeforeRetry(what, error, n, budget, offset)
      }
    }
  }

  private async unauthorized(response: HttpResponse, what: string): Promise<ModelbakeError> {
    const credential = await this.options.credential?.()
    return new ModelbakeError(
      `${this.registry} refused ${what} (HTTP ${response.status}${credential ? `, with the credentials from ${credential.source}` : ', without credentials'})`,
      { hint: credentialHint(this.registry, credential) }
    )
  }

  /** The blob's size when `repository` holds it. */
  async blobSize(repository: string, digest: string): Promise<number | undefined> {
    const response = await this.request(
      [`repository:${repository}:pull`],
      (o) => ({ method: 'HEAD', url: `${o}/v2/${repository}/blobs/${digest}` }),
      `HEAD blob ${short(digest)} in ${repository}`
    )
    response.body.resume()
    if (response.status === 200) return Number(header(response.headers, 'content-length') ?? -1)
    if (response.status === 404) return undefined
    throw await this.failure(response, `HEAD blob ${short(digest)} in ${repository}`)
  }

  /**
   * A blob's bytes from `offset` (a Range request past 0). The caller consumes the body; one that
   * retries reading it (a failure can come in the middle) passes `retry: false`.
   */
  async blob(
    repository: string,
    digest: string,
    offset = 0,
    options: { retry?: boolean } = {}
  ): Promise<HttpResponse> {
    const what = `blob ${short(digest)} of ${repository}`
    const response = await this.request(
      [`repository:${repository}:pull`],
      (o) => ({
        method: 'GET',
        url: `${o}/v2/${repository}/blobs/${digest}`,
        headers: offset > 0 ? { range: `bytes=${offset}-` } : ({} as Record<string, string>)
      }),
      what,
      options
    )
    if (response.status === 200 && offset === 0) return response
    if (response.status === 206 && offset > 0) return response
    throw await this.failure(response, `GET ${what}`)
  }

  /** A small blob (a config), checked against its digest. */
  async blobBytes(repository: string, digest: string, limit = 64 * 1024 * 1024): Promise<Buffer> {
    return this.withRetry(`blob ${short(digest)} of ${repository}`, async () => {
      const response = await this.blob(repository, digest, 0, { retry: false })
      const bytes = await readBytes(response.body, limit)
      if (sha256Digest(bytes) !== digest) {
        throw new ModelbakeError(
          `${this.registry}/${repository}: blob ${digest} does not match its digest`
        )
      }
      return bytes
    })
  }

  async manifest(
    repository: string,
    reference: string
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const found = await this.findManifest(repository, reference)
    if (!found) {
      throw new ModelbakeError(`${this.registry}/${repository}:${reference} does not exist`, {
        hint: 'check the image name and tag'
      })
    }
    return found
  }

  /** The manifest, or undefined when the registry has none under `reference`. */
  async findManifest(
    repository: string,
    reference: string
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string } | undefined> {
    const what = `manifest ${repository}:${reference}`
    return this.withRetry(what, async () => {
      const response = await this.request(
        [`repository:${repository}:pull`],
        (o) => ({
          method: 'GET',
          url: `${o}/v2/${repository}/manifests/${reference}`,
          headers: { accept: MANIFEST_ACCEPT.join(', ') }
        }),
        what,
        { retry: false }
      )
      if (response.status === 404) {
        response.body.resume()
        return undefined
      }
      if (response.status !== 200) throw await this.failure(response, `GET ${what}`)
      const bytes = await readBytes(response.body, 16 * 1024 * 1024)
      const digest = sha256Digest(bytes)
      if (reference.startsWith('sha256:') && digest !== reference)
        throw new ModelbakeError(`${what} does not match its digest`)
      let mediaType = header(response.headers, 'content-type')?.split(';')[0].trim() ?? ''
      try {
        mediaType =
          (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? mediaType
      } catch {
        throw new ModelbakeError(`${what} is not JSON`)
      }
      return { bytes, mediaType, digest }
    })
  }

  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string
  ): Promise<void> {
    const what = `PUT manifest ${repository}:${reference}`
    const response = await this.request(
      [`repository:${repository}:pull,push`],
      (o) => ({
        method: 'PUT',
        url: `${o}/v2/${repository}/manifests/${reference}`,
        headers: { 'content-type': mediaType },
        body: bytes
      }),
      what
    )
    response.body.resume()
    if (response.status !== 201 && response.status !== 200) throw await this.failure(response, what)
  }

  /**
   * Ask the registry to link a blob from another repository. True when it did; otherwise the
   * upload session it opened instead (the spec lets it answer 202 and start an upload).
   */
  async mount(repository: string, digest: string, from: string): Promise<true | string> {
    const what = `mount ${short(digest)} from ${from} into ${repository}`
    const response = await this.request(
      [`repository:${repository}:pull,push`, `repository:${from}:pull`],
      (o) => ({
        method: 'POST',
        url: `${o}/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`
      }),
      what
    )
    response.body.resume()
    if (response.status === 201) return true
    if (response.status === 202) return this.location(response)
    throw await this.failure(response, what)
  }

  /**
   * Upload a blob in order, `chunkSize` bytes per PATCH, streamed from `open(offset)`. After a
   * failure the registry is asked how much it kept, and the upload resumes from there.
   */
  async upload(
    repository: string,
    digest: string,
    size: number,
    open: (offset: number) => AsyncIterable<Buffer>,
    chunkSize: number,
    session?: string,
    progress: UploadProgress = {}
  ): Promise<void> {
    const scopes = [`repository:${repository}:pull,push`]
    const what = `upload of ${short(digest)} to ${repository}`
    let location = session
    let offset = 0
    await this.withRetry(
      what,
      async (attempt) => {
        if (attempt > 0 && location) {
          const kept = await this.uploadedSoFar(scopes, location)
          if (kept === undefined) location = undefined
          else offset = kept.offset
          if (kept) location = kept.location
        }
        if (!location) {
          location = await this.startUpload(repository)
          offset = 0
        }
        const reader = new ChunkReader(open(offset)[Symbol.asyncIterator]())
        try {
          while (offset < size) {
            const length = Math.min(chunkSize, size - offset)
            const url: string = location
            const response = await this.request(
              scopes,
              () => ({
                method: 'PATCH',
                url,
                headers: {
                  'content-type': 'application/octet-stream',
                  'content-range': `${offset}-${offset + length - 1}`
                },
                body: reader.take(length, progress.onBytes),
                contentLength: length,
                signal: progress.signal
              }),
              what,
              { retry: false }
            )
            response.body.resume()
            if (response.status !== 202 && response.status !== 204)
              throw await this.failure(response, `PATCH ${what}`)
            location = this.location(response, location)
            offset += length
          }
        } finally {
          await reader.close()
        }
        const done: string = location
        const response = await this.request(
          scopes,
          () => ({ method: 'PUT', url: withQuery(done, 'digest', digest) }),
          what,
          { retry: false }
        )
        response.body.resume()
        if (response.status !== 201 && response.status !== 204)
          throw await this.failure(response, `PUT ${what}`)
      },
      progress.signal,
      () => offset
    )
  }

  /** An upload session (no retries of its own: upload() retries). */
  private async startUpload(repository: string): Promise<string> {
    const what = `start an upload to ${repository}`
    const response = await this.request(
      [`repository:${repository}:pull,push`],
      (o) => ({ method: 'POST', url: `${o}/v2/${repository}/blobs/uploads/` }),
      what,
      { retry: false }
    )
    response.body.resume()
    if (response.status !== 202) throw await this.failure(response, what)
    return this.location(response)
  }

  /**
   * How many bytes an interrupted upload session holds (undefined: the session is gone). No retries
   * of its own: upload() retries.
   */
  private async uploadedSoFar(
    scopes: string[],
    location: string
  ): Promise<{ offset: number; location: string } | undefined> {
    const response = await this.request(
      scopes,
      () => ({ method: 'GET', url: location }),
      'upload status',
      { retry: false }
    )
    response.body.resume()
    if (response.status !== 204 && response.status !== 200) return undefined
    const range = /^(?:bytes=)?0-(\d+)$/.exec(header(response.headers, 'range') ?? '')
    // The CNCF registry answers "0-0" for an empty session as for one byte: ambiguous, so the
    // upload starts over in a new session (resuming at 1 skipped the first byte of the blob).
    if (range?.[1] === '0') return undefined
    return { offset: range ? Number(range[1]) + 1 : 0, location: this.location(response, location) }
  }

  private location(response: HttpResponse, fallback?: string): string {
    const value = header(response.headers, 'location')
    if (!value) {
      if (fallback) return fallback
      throw new ModelbakeError(`${this.registry} started an upload without a Location`)
    }
    return new URL(value, response.url).toString()
  }

  private async failure(response: HttpResponse, what: string): Promise<Error> {
    const text = await readText(response.body, 64 * 1024).catch(() => '')
    let detail = ''
    try {
      const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }
      detail = (body.errors ?? [])
        .map((e) => [e.code, e.message].filter(Boolean).join(': '))
        .join('; ')
    } catch {
      detail = text.slice(0, 200).trim()
    }
    const hints: Record<number, string> = {
      403: 'the credentials may not push there: check their permissions',
      404: 'check the registry and repository name',
      413: 'the registry refused the size: lower --max-layer-size',
      416: 'the upload got out of step: run modelbake again'
    }
    return new ModelbakeError(
      `${this.registry}: ${what} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`,
      { hint: hints[response.status] ?? 'check the registry, then run modelbake again' }
    )
  }
}

async function readBytes(body: HttpResponse['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new ModelbakeError('a registry answer was larger than expected')
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function isStream(body: RegistryRequest['body']): boolean {
  return body !== undefined && !Buffer.isBuffer(body)
}

function withQuery(url: string, key: string, value: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set(key, value)
  return parsed.toString()
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12)
}

/** Hands out exact byte counts from a stream of buffers of any size. */
class ChunkReader {
  private pending: Buffer | undefined

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  async *take(length: number, onBytes?: (n: number) => void): AsyncIterable<Buffer> {
    let left = length
    while (left > 0) {
      let chunk = this.pending
      this.pending = undefined
      if (!chunk) {
        const next = await this.source.next()
        if (next.done) throw new Error(`the blob ended ${left} bytes early`)
        chunk = next.value
      }
      if (chunk.length > left) {
        this.pending = chunk.subarray(left)
        chunk = chunk.subarray(0, left)
      }
      left -= chunk.length
      onBytes?.(chunk.length)
      yield chunk
    }
  }

  async close(): Promise<void> {
    await this.source.return?.()
  }
}
