// A small S3 client: signed requests over keep-alive node:http(s), retried through the HttpClient's
// backoff policy, with S3's XML errors turned into messages that say what to do. Bodies are Buffers
// (small objects) or byte ranges of a file, streamed from disk and never held in memory.
import { createReadStream } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { pipeline } from 'node:stream/promises'
import { ModelbakeError } from '../../core/errors.js'
import {
  header,
  parseRetryAfter,
  TransientHttpError,
  type HttpClient as HttpClientType
} from '../../hub/http.js'
import type { S3Config } from './config.js'
import { formatLocation, type S3Location } from './location.js'
import { EMPTY_SHA256, presignUrl, sha256Hex, signHeaders, uriEncode } from './sigv4.js'
import { escapeXml, xmlValue, xmlValues } from './xml.js'

/** Bytes [start, end) of a file, with their sha256 (signed as the payload hash). */
export interface FileRangeBody {
  path: string
  start: number
  end: number
  sha256: string
}

export type RequestBody = Buffer | FileRangeBody | undefined

export interface S3Response {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export interface HeadResult {
  size: number
  /** The `x-amz-meta-sha256` modelbake stores with every object. */
  sha256?: string
}

export interface S3ClientOptions {
  config: S3Config
  location: S3Location
  /** Retries (its policy and onRetry), and presigned downloads. Must carry no Hub token. */
  http: HttpClientType
  now?: () => Date
  idleTimeoutMs?: number
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable'
])

/** The sha256 metadata key: `x-amz-meta-sha256` on the wire. */
export const SHA256_META = 'x-amz-meta-sha256'

export class S3Error extends ModelbakeError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    hint: string
  ) {
    super(message, { hint })
    this.name = 'S3Error'
  }
}

export class S3Client {
  readonly config: S3Config
  readonly location: S3Location
  readonly http: HttpClientType
  private readonly now: () => Date
  private readonly idleTimeoutMs: number
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })

  constructor(options: S3ClientOptions) {
    this.config = options.config
    this.location = options.location
    this.http = options.http
    this.now = options.now ?? (() => new Date())
    this.idleTimeoutMs = options.idleTimeoutMs ?? 120_000
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }

  /** The object's URL (no query): path-style for custom endpoints, virtual-hosted on AWS. */
  objectUrl(key: string): URL {
    const encodedKey = uriEncode(key, false)
    const base = new URL(this.config.endpoint)
    const bucket = this.location.bucket
    if (this.config.pathStyle || bucket.includes('.')) {
      const path = `${base.pathname.replace(/\/+$/, '')}/${bucket}${key === '' ? '' : `/${encodedKey}`}`
      return new URL(`${base.origin}${path}`)
    }
    return new URL(`${base.protocol}//${bucket}.${base.host}/${encodedKey}`)
  }

  /** One signed request, retried on 5xx, 429, S3's SlowDown and network errors. */
  async request(
    method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE',
    key: string,
    options: {
      query?: Array<[string, string]>
      headers?: Record<string, string>
      body?: RequestBody
      signal?: AbortSignal
      /** Statuses returned to the caller instead of thrown (e.g. 404 for HEAD). */
      accept?: number[]
    } = {}
  ): Promise<S3Response> {
    const label = `${method} ${formatLocation(this.location, key)}`
    return this.http.withRetry(
      label,
      async () => {
        const response = await this.send(method, key, options)
        if (response.status >= 200 && response.status < 300) return response
        if (options.accept?.includes(response.status)) return response
        const text = response.body.toString('utf8')
        const code = xmlValue(text, 'Code')
        if (RETRYABLE_STATUS.has(response.status) || (code && RETRYABLE_CODES.has(code))) {
          throw new TransientHttpError(
            `HTTP ${response.status}${code ? ` ${code}` : ''} from ${label}`,
            response.status,
            parseRetryAfter(header(response.headers, 'retry-after'))
          )
        }
        throw this.error(label, response, code, xmlValue(text, 'Message'))
      },
      options.signal
    )
  }

  /** Size and stored sha256 of an object, or undefined when it is absent. */
  async head(key: string, signal?: AbortSignal): Promise<HeadResult | undefined> {
    // 403 on a missing key is what S3 answers callers without s3:ListBucket: treat it as absent;
    // a PUT will then say clearly whether writing is allowed.
    const response = await this.request('HEAD', key, { accept: [403, 404], signal })
    if (response.status === 404 || response.status === 403) return undefined
    const size = Number(header(response.headers, 'content-length'))
    const sha256 = header(response.headers, SHA256_META)
    return { size, ...(sha256 ? { sha256 } : {}) }
  }

  /** The whole object (small objects: manifests, refs, listings), or undefined when absent. */
  async get(key: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    const response = await this.request('GET', key, { accept: [404], signal })
    return response.status === 404 ? undefined : response.body
  }

  async put(
    key: string,
    body: Buffer | FileRangeBody,
    metadata: Record<string, string>,
    signal?: AbortSignal
  ): Promise<void> {
    await this.request('PUT', key, { body, headers: metaHeaders(metadata), signal })
  }

  async createMultipart(
    key: string,
    metadata: Record<string, string>,
    signal?: AbortSignal
  ): Promise<string> {
    const response = await this.request('POST', key, {
      query: [['uploads', '']],
      headers: metaHeaders(metadata),
      signal
    })
    const uploadId = xmlValue(response.body.toString('utf8'), 'UploadId')
    if (!uploadId)
      throw new ModelbakeError(`no UploadId in the answer to creating a multipart upload of ${key}`)
    return uploadId
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: FileRangeBody,
    signal?: AbortSignal
  ): Promise<string> {
    const response = await this.request('PUT', key, {
      query: [
        ['partNumber', String(partNumber)],
        ['uploadId', uploadId]
      ],
      body,
      signal
    })
    const etag = header(response.headers, 'etag')
    if (!etag) throw new ModelbakeError(`no ETag in the answer to part ${partNumber} of ${key}`)
    return etag
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
    signal?: AbortSignal
  ): Promise<void> {
    const xml =
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      parts
        .map(
          (p) =>
            `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`
        )
        .join('') +
      '</CompleteMultipartUpload>'
    const response = await this.request('POST', key, {
      query: [['uploadId', uploadId]],
      body: Buffer.from(xml),
      headers: { 'content-type': 'application/xml' },
      signal
    })
    // S3 may answer 200 and still report an error in the body.
    const text = response.body.toString('utf8')
    if (/<Error>/.test(text)) {
      throw this.error(
        `POST ${formatLocation(this.location, key)}`,
        response,
        xmlValue(text, 'Code'),
        xmlValue(text, 'Message')
      )
    }
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.request('DELETE', key, { query: [['uploadId', uploadId]], accept: [404] }).catch(
      () => undefined
    )
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', key, { accept: [404], signal })
  }

  /** ListObjectsV2 under `prefix`, page after page: keys, and common prefixes with a delimiter. */
  async *list(
    prefix: string,
    options: { delimiter?: string; signal?: AbortSignal } = {}
  ): AsyncGenerator<{ key?: string; size?: number; commonPrefix?: string }> {
    let token: string | undefined
    for (;;) {
      const query: Array<[string, string]> = [
        ['list-type', '2'],
        ['prefix', prefix]
      ]
      if (options.delimiter) query.push(['delimiter', options.delimiter])
      if (token) query.push(['continuation-token', token])
      const response = await this.request('GET', '', { query, signal: options.signal })
      const xml = response.body.toString('utf8')
      for (const contents of xmlValues(xml, 'Contents')) {
        const key = xmlValue(contents, 'Key')
        if (key !== undefined) yield { key, size: Number(xmlValue(contents, 'Size') ?? 0) }
      }
      for (const common of xmlValues(xml, 'CommonPrefixes')) {
        const value = xmlValue(common, 'Prefix')
        if (value !== undefined) yield { commonPrefix: value }
      }
      token = xmlValue(xml, 'NextContinuationToken')
      if (xmlValue(xml, 'IsTruncated') !== 'true' || !token) return
    }
  }

  /** A GET URL that any HTTP client can fetch (with ranges) for `expiresSeconds`. */
  presignGet(key: string, expiresSeconds = 6 * 3600): string {
    const url = this.objectUrl(key)
    if (!this.config.credentials) return url.toString()
    return presignUrl({
      method: 'GET',
      url: url.toString(),
      region: this.config.region,
      credentials: this.config.credentials,
      date: this.now(),
      expiresSeconds
    })
  }

  private async send(
    method: string,
    key: string,
    options: {
      query?: Array<[string, string]>
      headers?: Record<string, string>
      body?: RequestBody
      signal?: AbortSignal
    }
  ): Promise<S3Response> {
    const url = this.objectUrl(key)
    const query = options.query ?? []
    const body = options.body
    const length =
      body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : body.end - body.start
    const payloadHash =
      body === undefined ? EMPTY_SHA256 : Buffer.isBuffer(body) ? sha256Hex(body) : body.sha256
    const base: Record<string, string> = { host: url.host, ...options.headers }
    const headers = this.config.credentials
      ? signHeaders({
          method,
          path: url.pathname,
          query,
          headers: base,
          payloadHash,
          region: this.config.region,
          credentials: this.config.credentials,
          date: this.now()
        })
      : { ...base, 'x-amz-content-sha256': payloadHash }
    if (body !== undefined || method === 'PUT' || method === 'POST')
      headers['content-length'] = String(length)
    const search = query
      .map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`))
      .join('&')
    const target = `${url.pathname}${search ? `?${search}` : ''}`
    const isHttps = url.protocol === 'https:'
    return new Promise<S3Response>((resolve, reject) => {
      const req = (isHttps ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          path: target,
          method,
          headers: { 'user-agent': 'modelbake', ...headers },
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: options.signal
        },
        (res) => {
          res.setTimeout(this.idleTimeoutMs, () =>
            res.destroy(Object.assign(new Error('response stalled'), { code: 'ETIMEDOUT' }))
          )
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > 64 * 1024 * 1024) res.destroy(new Error('S3 answer too large'))
            else chunks.push(chunk)
          })
          res.on('error', reject)
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks)
            })
          )
        }
      )
      req.setTimeout(this.idleTimeoutMs, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }))
      )
      req.on('error', reject)
      if (body === undefined) req.end()
      else if (Buffer.isBuffer(body)) req.end(body)
      else {
        // An empty range: createReadStream cannot express it; send nothing.
        if (body.end <= body.start) req.end()
        else {
          const source = createReadStream(body.path, {
            start: body.start,
            end: body.end - 1,
            highWaterMark: 4 * 1024 * 1024
          })
          pipeline(source, req).catch(reject)
        }
      }
    })
  }

  private error(
    label: string,
    response: S3Response,
    code: string | undefined,
    message: string | undefined
  ): S3Error {
    const { bucket } = this.location
    const { endpoint, region, credentialSource } = this.config
    const region2 =
      header(response.headers, 'x-amz-bucket-region') ??
      xmlValue(response.body.toString('utf8'), 'Region')
    const hints: Record<string, string> = {
      NoSuchBucket: `create the bucket "${bucket}" first, or check the endpoint (${endpoint})`,
      AccessDenied: `the credentials (${credentialSource}) may not do this on "${bucket}": they need s3:GetObject, s3:PutObject and s3:ListBucket`,
      InvalidAccessKeyId: `${endpoint} does not know this access key (from ${credentialSource}): check it, and the endpoint (AWS_ENDPOINT_URL or --s3-endpoint)`,
      SignatureDoesNotMatch: `check the secret key (from ${credentialSource}), and the region (${region}) the endpoint expects`,
      AuthorizationHeaderMalformed: `the bucket is in ${region2 ?? 'another region'}: set AWS_REGION or --s3-region`,
      PermanentRedirect: `the bucket is in ${region2 ?? 'another region'}: set AWS_REGION or --s3-region`,
      RequestTimeTooSkewed: "this machine's clock is off by more than 15 minutes: fix it (NTP)",
      ExpiredToken: 'the session token has expired: get fresh credentials',
      XAmzContentSHA256Mismatch:
        'the bytes read from the local cache do not match their digest: delete that blob from the cache and run again',
      BadDigest:
        'the bytes read from the local cache do not match their digest: delete that blob from the cache and run again',
      EntityTooSmall: 'parts must be at least 5 MiB: raise --s3-part-size',
      EntityTooLarge: 'this server refuses objects or parts this large: lower --s3-part-size'
    }
    const statusHints: Record<number, string> = {
      301: hints.PermanentRedirect,
      400: 'the server refused the request',
      403: hints.AccessDenied,
      404: `no such bucket or key: check the bucket "${bucket}" and the endpoint (${endpoint})`
    }
    const hint =
      (code && hints[code]) ?? statusHints[response.status] ?? 'check the endpoint and credentials'
    const what = [code, message].filter(Boolean).join(': ')
    return new S3Error(
      `${label}: HTTP ${response.status}${what ? ` (${what})` : ''}`,
      response.status,
      code,
      hint
    )
  }
}

function metaHeaders(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([k, v]) => [k.startsWith('x-amz-') ? k : `x-amz-meta-${k}`, v])
  )
}
