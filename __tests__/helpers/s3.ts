// An S3-compatible service on loopback for tests: s3rver (npm) behind a small proxy that checks what
// s3rver does not — every request's SigV4 signature (header or presigned), recomputed from the raw
// request as AWS does, and every x-amz-content-sha256 against the bytes that arrived — and records
// the requests for assertions.
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signature, uriEncode } from '../../src/destinations/s3/sigv4.js'

export interface S3Request {
  method: string
  /** The object key (decoded), '' for bucket-level requests. */
  key: string
  query: string
  bodyBytes: number
  status: number
}

export interface TestS3 {
  /** The proxy's URL: what --s3-endpoint / AWS_ENDPOINT_URL name. */
  endpoint: string
  bucket: string
  /** AWS_* variables for the CLI: credentials, region and endpoint. */
  env: Record<string, string>
  requests: S3Request[]
  /** Requests whose signature or payload hash did not verify (answered 403, as S3 would). */
  refused: string[]
  /** Answer 503 to the next N requests that match (for retry tests). */
  failNext(count: number, match?: (method: string, key: string) => boolean): void
  resetRequests(): void
  /** Wait until no request is in flight (a failed run's cancelled requests may still arrive). */
  idle(): Promise<void>
  close(): Promise<void>
}

// s3rver's built-in account; the proxy checks signatures with the same secret.
const ACCESS_KEY = 'S3RVER'
const SECRET_KEY = 'S3RVER'
const REGION = 'us-east-1'

interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
}

export async function startTestS3(bucket = 'models'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'mb-s3-'))
  const { default: S3rver } = (await import('s3rver' as string)) as {
    default: new (options: Record<string, unknown>) => S3rverInstance
  }
  const backend = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }]
  })
  const backendAddress = await backend.run()
  const requests: S3Request[] = []
  const refused: string[] = []
  let failures: { count: number; match?: (method: string, key: string) => boolean } = { count: 0 }
  let active = 0
  let lastActivity = Date.now()

  const proxy = http.createServer((req, res) => {
    active++
    lastActivity = Date.now()
    res.on('close', () => {
      active--
      lastActivity = Date.now()
    })
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2)
      const segments = rawPath.split('/').slice(1).map(decodeURIComponent)
      const key = segments.slice(1).join('/')
      const record = (status: number) =>
        requests.push({ method: req.method!, key, query: rawQuery, bodyBytes: body.length, status })
      const problem = verify(req, rawPath, rawQuery, body)
      if (problem) {
        refused.push(`${req.method} ${req.url}: ${problem}`)
        record(403)
        res.writeHead(403, { 'content-type': 'application/xml' })
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`
        )
        return
      }
      if (failures.count > 0 && (!failures.match || failures.match(req.method!, key))) {
        failures.count--
        record(503)
        res.writeHead(503, { 'content-type': 'application/xml' })
        res.end(
          '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>'
        )
        return
      }
      const forward = http.request(
        {
          host: '127.0.0.1',
          port: backendAddress.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) }
        },
        (answer) => {
          record(answer.statusCode ?? 0)
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        }
      )
      forward.on('error', (error) => {
        res.writeHead(502)
        res.end(String(error))
      })
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  return {
    endpoint,
    bucket,
    env: {
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: endpoint
    },
    requests,
    refused,
    failNext(count, match) {
      failures = { count, match }
    },
    resetRequests() {
      requests.length = 0
      refused.length = 0
    },
    async idle() {
      while (active > 0 || Date.now() - lastActivity < 100)
        await new Promise((resolve) => setTimeout(resolve, 20))
    },
    async close() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()))
      proxy.closeAllConnections()
      await backend.close()
      await rm(directory, { recursive: true, force: true })
    }
  }
}

/** Why the request would be refused by AWS, or undefined when it verifies. */
function verify(
  req: http.IncomingMessage,
  rawPath: string,
  rawQuery: string,
  body: Buffer
): string | undefined {
  // AWS re-encodes the decoded path: a client that signed another encoding fails.
  const path = rawPath
    .split('/')
    .map((s) => uriEncode(decodeURIComponent(s)))
    .join('/')
  const query: Array<[string, string]> = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=')
      return eq < 0
        ? [decodeURIComponent(p), '']
        : [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))]
    })
  const auth = req.headers.authorization
  const presigned = query.find(([k]) => k === 'X-Amz-Signature')
  if (!auth && !presigned) return 'anonymous request'
  let credential: string
  let signedHeaders: string
  let provided: string
  let stamp: string
  let payloadHash: string
  let signedQuery = query
  if (auth) {
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth
      )
    if (!match) return 'malformed Authorization'
    ;[, credential, signedHeaders, provided] = match
    stamp = String(req.headers['x-amz-date'] ?? '')
    payloadHash = String(req.headers['x-amz-content-sha256'] ?? '')
    if (payloadHash !== 'UNSIGNED-PAYLOAD') {
      const actual = createHash('sha256').update(body).digest('hex')
      if (actual !== payloadHash)
        return `x-amz-content-sha256 ${payloadHash} but the body hashes to ${actual}`
    }
  } else {
    const get = (name: string) => query.find(([k]) => k === name)?.[1] ?? ''
    credential = get('X-Amz-Credential')
    signedHeaders = get('X-Amz-SignedHeaders')
    provided = presigned![1]
    stamp = get('X-Amz-Date')
    payloadHash = 'UNSIGNED-PAYLOAD'
    signedQuery = query.filter(([k]) => k !== 'X-Amz-Signature')
  }
  const [accessKey, day, region, service] = credential.split('/')
  if (accessKey !== ACCESS_KEY) return `unknown access key ${accessKey}`
  if (!signedHeaders.split(';').includes('host')) return 'host is not signed'
  if (auth && !signedHeaders.split(';').includes('x-amz-content-sha256'))
    return 'x-amz-content-sha256 is not signed'
  const date = new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`
  )
  if (Number.isNaN(date.getTime()) || stamp.slice(0, 8) !== day) return `bad date ${stamp}`
  const headers = Object.fromEntries(
    signedHeaders.split(';').map((name) => [name, String(req.headers[name] ?? '')])
  )
  const expected = signature({
    method: req.method!,
    path,
    query: signedQuery,
    headers,
    payloadHash,
    region,
    service,
    credentials: { accessKeyId: accessKey, secretAccessKey: SECRET_KEY },
    date
  })
  return expected.signature === provided ? undefined : 'signature does not match'
}
