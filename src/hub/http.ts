// The one HTTP client of modelbake: keep-alive node:http(s), manual redirects that drop the token
// when they leave the Hub's origin, and retries with exponential backoff and jitter.
import http from 'node:http'
import https from 'node:https'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { setTimeout as sleepMs } from 'node:timers/promises'
import { ModelbakeError } from '../core/errors.js'
import { DirectHttp, type DirectBody } from './direct-http.js'

export interface HttpRequest {
  method?: 'GET' | 'HEAD' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: string
  /** Follow redirects (default true). The Authorization header is sent only to `trustedOrigin`. */
  followRedirects?: boolean
  signal?: AbortSignal
}

/** What following redirects and renewing tokens needs of an answer's body. */
export interface Discardable {
  /** Read and drop the rest. */
  resume(): void
  destroy(): void
}

export interface HttpResponse<Body extends Discardable = IncomingMessage> {
  status: number
  headers: IncomingHttpHeaders
  /** The URL that finally answered, after redirects. */
  url: string
  body: Body
}

/** One hop: a request sent once, with this token (or none), redirects not followed. */
type Hop<Body extends Discardable> = (
  request: HttpRequest,
  token: string | undefined
) => Promise<HttpResponse<Body>>

export interface RetryPolicy {
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Longest Retry-After we honour before giving up on that attempt's advice. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 6,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000
}

/**
 * A Hub token that can change during a run (Trusted Publishers' short-lived tokens, src/hub/oidc.ts).
 * The client asks it for the token of each request it starts; requests already under way keep theirs.
 */
export interface TokenSource {
  /** The token for a request about to start (the source may renew it first, near its expiry). */
  current(): Promise<string>
  /**
   * The Hub answered 401 to `rejected`: a token to send the request again with (renewed once, however
   * many requests were refused at the same time), or undefined when there is no other to try.
   */
  renew(rejected: string): Promise<string | undefined>
  /** The Hub took `token` (an answer other than 401). */
  accepted(token: string): void
}

/** 401s that are about the repo, not the credentials: a new token would get the same answer. */
const REPO_ERROR_CODES = new Set([
  'RepoNotFound',
  'GatedRepo',
  'RevisionNotFound',
  'EntryNotFound',
  'DisabledRepo'
])

export interface HttpClientOptions {
  /** The Hub's origin: the only origin that ever receives the token. */
  trustedOrigin: string
  /** A fixed token, or a source that renews it (sent to `trustedOrigin` only, either way). */
  token?: string | TokenSource
  userAgent?: string
  /** Abort a request whose socket stays idle this long. */
  idleTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Called before each retry, for progress output; never receives headers. */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void
}

/** A failure worth retrying: a network error, a timeout, 429 or 5xx. */
export class TransientHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number
  ) {
    super(message)
    this.name = 'TransientHttpError'
  }
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE'
])

export function isTransient(error: unknown): boolean {
  if (error instanceof TransientHttpError) return true
  const code = (error as { code?: string } | undefined)?.code
  return typeof code === 'string' && RETRYABLE_CODES.has(code)
}

/** "Retry-After: 3" or an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Full-jitter exponential backoff, unless the server told us how long to wait. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** Remove anything token-like from a URL before it is shown to a person. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    // Signed CDN URLs carry credentials in their query: show the path only.
    parsed.search = parsed.search ? '?…' : ''
    return parsed.toString()
  } catch {
    return '<invalid url>'
  }
}

export class HttpClient {
  readonly trustedOrigin: string
  private readonly token?: string
  private readonly tokenSource?: TokenSource
  private readonly userAgent: string
  private readonly idleTimeoutMs: number
  readonly retryPolicy: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly onRetry?: HttpClientOptions['onRetry']
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 })
  private readonly direct = new DirectHttp()

  constructor(options: HttpClientOptions) {
    this.trustedOrigin = new URL(options.trustedOrigin).origin
    if (typeof options.token === 'string') this.token = options.token
    else this.tokenSource = options.token
    this.userAgent = options.userAgent ?? 'modelbake'
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000
    this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry }
    this.sleep = options.sleep ?? ((ms) => sleepMs(ms))
    this.random = options.random ?? Math.random
    this.onRetry = options.onRetry
  }

  /** One request, following redirects; no retries. The caller must consume or destroy `body`. */
  send(request: HttpRequest): Promise<HttpResponse> {
    return this.follow(request, (hop, token) => this.sendOnce(hop, token))
  }

  /**
   * A GET like `send`, whose body is read straight into modelbake's buffers (src/hub/direct-http.ts):
   * for file bytes, where node:http's per-read stream costs more than the data.
   */
  sendDirect(request: HttpRequest): Promise<HttpResponse<DirectBody>> {
    return this.follow(request, (hop, token) => this.sendDirectOnce(hop, token))
  }

  private async follow<Body extends Discardable>(
    request: HttpRequest,
    once: Hop<Body>
  ): Promise<HttpResponse<Body>> {
    let url = request.url
    for (let hop = 0; hop <= 10; hop++) {
      const response = this.tokenSource
        ? await this.sendWithSource(this.tokenSource, { ...request, url }, once)
        : await once({ ...request, url }, this.token)
      const location = response.headers.location
      const isRedirect = [301, 302, 303, 307, 308].includes(response.status)
      if (!isRedirect || !location || request.followRedirects === false) return response
      response.body.resume()
      // Relative redirects (renamed repos) stay on the Hub; absolute ones may leave it (CDN).
      const next = new URL(location, url)
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new ModelbakeError(
          `refusing to follow a redirect from ${redactUrl(url)} to a ${next.protocol} URL`,
          { hint: 'only http(s) redirects are followed: check --endpoint / HF_ENDPOINT' }
        )
      }
      url = next.toString()
    }
    throw new ModelbakeError(`too many redirects from ${redactUrl(request.url)}`, {
      hint: 'the endpoint redirects in a loop: check --endpoint / HF_ENDPOINT'
    })
  }

  /**
   * Run `attempt` until it succeeds, retrying transient failures with backoff.
   * `attempt` gets the attempt number and should throw TransientHttpError for retryable answers.
   * With `progress` (e.g. the bytes received so far), the budget of retries and the backoff start
   * again after every attempt that made some: only failures in a row without progress give up.
   */
  async withRetry<T>(
    label: string,
    attempt: (n: number) => Promise<T>,
    signal?: AbortSignal,
    progress?: () => number
  ): Promise<T> {
    let mark = progress?.()
    let since = 0
    for (let n = 0; ; n++) {
      try {
        return await attempt(n)
      } catch (error) {
        if (!isTransient(error) || signal?.aborted) throw error
        const now = progress?.()
        if (now !== mark) [mark, since] = [now, n]
        if (n - since >= this.retryPolicy.retries) throw gaveUp(label, n + 1, error)
        const retryAfter = error instanceof TransientHttpError ? error.retryAfterMs : undefined
        const delayMs = backoffDelay(n - since, this.retryPolicy, this.random, retryAfter)
        this.onRetry?.({ url: label, attempt: n + 1, delayMs, reason: describe(error) })
        await untilAborted(this.sleep(delayMs), signal)
        signal?.throwIfAborted()
      }
    }
  }

  /**
   * GET/POST that reads a JSON body, with retries. Non-2xx answers go to `onError`. `read` checks
   * the answer's shape and returns what the caller wants of it; an answer it refuses (garbled on
   * the way, as a body that does not parse) is asked for again.
   */
  async json<T>(
    request: HttpRequest,
    onError: (response: HttpResponse, text: string) => never,
    read: (data: unknown) => T = (data) => data as T
  ): Promise<{ data: T; response: HttpResponse }> {
    return this.withRetry(redactUrl(request.url), async () => {
      const response = await this.send(request)
      const text = await readText(response.body)
      if (response.status >= 200 && response.status < 300) {
        let data: unknown
        try {
          data = JSON.parse(text)
        } catch {
          throw new TransientHttpError(`invalid JSON from ${redactUrl(response.url)}`)
        }
        return { data: read(data), response }
      }
      throwIfTransient(response)
      return onError(response, text)
    })
  }

  /**
   * One hop with a renewable token: the source's current token to the Hub's origin (none elsewhere),
   * and after a 401 for the credentials, once more with a renewed one.
   */
  private async sendWithSource<Body extends Discardable>(
    source: TokenSource,
    request: HttpRequest,
    once: Hop<Body>
  ): Promise<HttpResponse<Body>> {
    if (new URL(request.url).origin !== this.trustedOrigin) return once(request, undefined)
    const token = await source.current()
    const response = await once(request, token)
    if (
      response.status !== 401 ||
      REPO_ERROR_CODES.has(header(response.headers, 'x-error-code') ?? '')
    ) {
      if (response.status !== 401) source.accepted(token)
      return response
    }
    let renewed: string | undefined
    try {
      renewed = await source.renew(token)
    } catch (error) {
      response.body.destroy()
      throw error
    }
    if (renewed === undefined || renewed === token) return response
    response.body.resume()
    const again = await once(request, renewed)
    if (again.status !== 401) source.accepted(renewed)
    return again
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
    this.direct.close()
  }

  /** The request's headers, with the token when (and only when) it goes to the Hub's origin. */
  private headersFor(request: HttpRequest, url: URL, token: string | undefined) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`unsupported URL scheme ${url.protocol}`)
    }
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'accept-encoding': 'identity',
      ...request.headers
    }
    // The token goes to the Hub's own origin only: never to a CDN or any host a redirect names.
    if (token && url.origin === this.trustedOrigin) headers.authorization = `Bearer ${token}`
    if (request.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(request.body))
    return headers
  }

  private async sendDirectOnce(
    request: HttpRequest,
    token: string | undefined
  ): Promise<HttpResponse<DirectBody>> {
    const url = new URL(request.url)
    if ((request.method ?? 'GET') !== 'GET' || request.body !== undefined) {
      throw new Error('internal: direct requests are GETs without a body')
    }
    const headers = this.headersFor(request, url, token)
    const response = await this.direct.get({
      url,
      headers,
      signal: request.signal,
      idleTimeoutMs: this.idleTimeoutMs
    })
    return { ...response, url: url.toString() }
  }

  private async sendOnce(request: HttpRequest, token: string | undefined): Promise<HttpResponse> {
    const url = new URL(request.url)
    const isHttps = url.protocol === 'https:'
    const headers = this.headersFor(request, url, token)
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(
        url,
        {
          method: request.method ?? 'GET',
          headers,
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: request.signal
        },
        (res) => {
          res.setTimeout(this.idleTimeoutMs, () =>
            res.destroy(Object.assign(new Error('response stalled'), { code: 'ETIMEDOUT' }))
          )
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            url: url.toString(),
            body: res
          })
        }
      )
      req.setTimeout(this.idleTimeoutMs, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }))
      )
      req.on('error', reject)
      req.end(request.body)
    })
  }
}

/** Throw TransientHttpError for 429/5xx answers (after draining the body). */
export function throwIfTransient(response: HttpResponse<Discardable>): void {
  if (!RETRYABLE_STATUS.has(response.status)) return
  response.body.resume()
  throw new TransientHttpError(
    `HTTP ${response.status} from ${redactUrl(response.url)}`,
    response.status,
    parseRetryAfter(header(response.headers, 'retry-after'))
  )
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

export async function readText(body: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new Error('response body too large')
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Retries exhausted: say where, how often, and what to do. */
function gaveUp(label: string, attempts: number, error: unknown): ModelbakeError {
  return new ModelbakeError(`gave up on ${label} after ${attempts} attempts: ${describe(error)}`, {
    hint: 'check the network and --endpoint (HF_ENDPOINT); retry later if the Hub is busy, or use --offline with a warm cache',
    cause: error
  })
}

/** `sleeping`, cut short when `signal` aborts; its abort listener is removed either way. */
async function untilAborted(
  sleeping: Promise<void>,
  signal: AbortSignal | undefined
): Promise<void> {
  if (!signal) return sleeping
  let wake = () => {}
  const woken = new Promise<void>((resolve) => (wake = resolve))
  signal.addEventListener('abort', wake, { once: true })
  try {
    await Promise.race([sleeping, woken])
  } finally {
    signal.removeEventListener('abort', wake)
  }
}

function describe(error: unknown): string {
  if (error instanceof TransientHttpError) return error.message
  const code = (error as { code?: string }).code
  const messages: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ETIMEDOUT: 'timed out',
    ECONNRESET: 'connection reset'
  }
  return code ? (messages[code] ?? code) : String(error)
}
