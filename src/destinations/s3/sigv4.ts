// AWS Signature Version 4 for S3, with node:crypto only (the AWS SDK is too big for a bundled
// Action). Two forms: an Authorization header for our own requests, and a presigned URL (query
// authentication) that any plain HTTP client can fetch with Range requests.
import { createHash, createHmac } from 'node:crypto'

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** SigV4's URI encoding: RFC 3986 unreserved characters stay, everything else is %XX (UTF-8). */
export function uriEncode(text: string, encodeSlash = true): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte)
    if (/[A-Za-z0-9\-._~]/.test(c) || (c === '/' && !encodeSlash)) out += c
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** `20130524T000000Z` */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** Query parameters as S3 canonicalises them: encoded, sorted by name then value, `k=` for empty. */
export function canonicalQuery(params: ReadonlyArray<[string, string]>): string {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

interface SigningInput {
  method: string
  /** The path exactly as sent on the wire (already encoded by {@link uriEncode}, slashes kept). */
  path: string
  query: ReadonlyArray<[string, string]>
  /** Lower-case names; every header here is signed. Must include `host`. */
  headers: Record<string, string>
  payloadHash: string
  region: string
  credentials: Credentials
  date: Date
  service?: string
}

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) =>
    createHmac('sha256', key).update(data).digest()
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request')
}

/** The signature and the pieces around it (exported for tests against AWS's published examples). */
export function signature(input: SigningInput): {
  canonicalRequest: string
  stringToSign: string
  signedHeaders: string
  scope: string
  signature: string
} {
  const service = input.service ?? 's3'
  const stamp = amzDate(input.date)
  const day = stamp.slice(0, 8)
  const names = Object.keys(input.headers)
    .map((name) => name.toLowerCase())
    .sort()
  const lower = Object.fromEntries(
    Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v])
  )
  const canonicalHeaders = names
    .map((name) => `${name}:${String(lower[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('')
  const signedHeaders = names.join(';')
  const canonicalRequest = [
    input.method,
    input.path,
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    input.payloadHash
  ].join('\n')
  const scope = `${day}/${input.region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n')
  const key = signingKey(input.credentials.secretAccessKey, day, input.region, service)
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    scope,
    signature: createHmac('sha256', key).update(stringToSign).digest('hex')
  }
}

/**
 * Headers to add to a request: x-amz-date, x-amz-content-sha256, x-amz-security-token (with
 * temporary credentials) and Authorization. `headers` (with `host`) are all signed.
 */
export function signHeaders(
  input: Omit<SigningInput, 'headers'> & { headers: Record<string, string> }
): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v
  headers['x-amz-date'] = amzDate(input.date)
  headers['x-amz-content-sha256'] = input.payloadHash
  if (input.credentials.sessionToken)
    headers['x-amz-security-token'] = input.credentials.sessionToken
  const signed = signature({ ...input, headers })
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${signed.scope}, ` +
    `SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`
  return headers
}

/** A presigned URL (query authentication, `host` the only signed header, payload unsigned). */
export function presignUrl(input: {
  method: string
  /** The URL without a query: origin + encoded path. */
  url: string
  query?: ReadonlyArray<[string, string]>
  region: string
  credentials: Credentials
  date: Date
  expiresSeconds: number
}): string {
  const url = new URL(input.url)
  const stamp = amzDate(input.date)
  const scope = `${stamp.slice(0, 8)}/${input.region}/s3/aws4_request`
  const query: Array<[string, string]> = [
    ...(input.query ?? []),
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${input.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', stamp],
    ['X-Amz-Expires', String(input.expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host']
  ]
  if (input.credentials.sessionToken)
    query.push(['X-Amz-Security-Token', input.credentials.sessionToken])
  const signed = signature({
    method: input.method,
    path: url.pathname,
    query,
    headers: { host: url.host },
    payloadHash: UNSIGNED_PAYLOAD,
    region: input.region,
    credentials: input.credentials,
    date: input.date
  })
  return `${url.origin}${url.pathname}?${canonicalQuery(query)}&X-Amz-Signature=${signed.signature}`
}
