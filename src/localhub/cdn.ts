// The CDN origin: serves objects by sha256 behind short-lived signed URLs, like the Hub's
// LFS/Xet bridges. It lives on another port, so a client that forwards the Hub token on the
// cross-origin redirect is caught in the request log.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { HubStore } from './store.js'
import { parseRange, sendFileSlice, sendJson, type Exchange } from './http.js'

export class UrlSigner {
  private readonly key = randomBytes(32)

  constructor(
    private readonly cdnUrl: () => string,
    private readonly ttlSeconds: () => number,
    private readonly nowMs: () => number
  ) {}

  urlFor(sha256: string): string {
    const expires = Math.floor(this.nowMs() / 1000) + this.ttlSeconds()
    return `${this.cdnUrl()}/objects/${sha256}?expires=${expires}&signature=${this.sign(sha256, expires)}`
  }

  /** 'ok', or why the URL is refused. */
  check(sha256: string, expires: string | null, signature: string | null): 'ok' | string {
    if (!expires || !signature || !/^\d+$/.test(expires)) return 'Missing signature'
    const expected = Buffer.from(this.sign(sha256, Number(expires)))
    const given = Buffer.from(signature)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return 'SignatureDoesNotMatch'
    }
    if (Math.floor(this.nowMs() / 1000) >= Number(expires)) return 'Request has expired'
    return 'ok'
  }

  private sign(sha256: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${sha256}\n${expires}`).digest('hex')
  }
}

export async function handleCdn(ex: Exchange, store: HubStore, signer: UrlSigner): Promise<void> {
  const url = new URL(ex.req.url ?? '/', 'http://cdn.invalid')
  const match = /^\/objects\/([0-9a-f]{64})$/.exec(url.pathname)
  if (ex.req.method !== 'GET' && ex.req.method !== 'HEAD') {
    await sendJson(ex, 405, { error: 'Method not allowed' })
    return
  }
  if (!match) {
    await sendJson(ex, 404, { error: 'NoSuchKey' })
    return
  }
  const sha256 = match[1]!
  const verdict = signer.check(
    sha256,
    url.searchParams.get('expires'),
    url.searchParams.get('signature')
  )
  if (verdict !== 'ok') {
    await sendJson(ex, 403, { error: verdict })
    return
  }
  const size = await store.objects.sizeOf(sha256)
  if (size === undefined) {
    await sendJson(ex, 404, { error: 'NoSuchKey' })
    return
  }
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: `"${sha256}"`,
    'Cache-Control': 'public, max-age=604800, immutable'
  }
  const range = parseRange(ex.req.headers.range, size)
  const path = store.objectPath(sha256)
  if (range.kind === 'unsatisfiable') {
    await sendJson(ex, 416, { error: 'InvalidRange' }, { 'Content-Range': `bytes */${size}` })
  } else if (range.kind === 'partial') {
    await sendFileSlice(
      ex,
      206,
      { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
      { path, start: range.start, end: range.end }
    )
  } else {
    await sendFileSlice(ex, 200, headers, { path, start: 0, end: size - 1 })
  }
}
