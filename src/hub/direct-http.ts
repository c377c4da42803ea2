// HTTP/1.1 GETs whose bodies go from the socket straight into modelbake's own buffers. node:http
// hands every ~64 KiB socket read through its parser and a stream (a Buffer, events and promises
// per read); for multi-GB downloads that was the largest cost left on the main thread (perf, 4 GiB
// received without writing: 2.4 s of CPU with node:http, 1.3 s this way). Here the socket reads
// (`onread`) into 128 KiB buffers, and a body is handed on as views of them, in batches: nothing is
// copied or allocated per read.
import type { IncomingHttpHeaders } from 'node:http'
import net from 'node:net'
import tls from 'node:tls'
import { TransientHttpError } from './http.js'

/** Socket buffers: each is filled by successive reads, then left to the views handed on. */
const BUFFER_BYTES = 128 * 1024
/** A read is given at least this much room; a buffer with less left is retired. */
const MIN_READ_BYTES = 16 * 1024
/**
 * A body is handed on in batches of about this many bytes. Small on purpose: bytes that wait long
 * for their reader outlive young-generation collections, and dead ones in the old generation force
 * full collections (4 GiB, one run, when each batch was one writev: 1 MiB batches 15.3 s of CPU,
 * 256 KiB 11.5 s, 128 KiB 9.7 s, 64 KiB 9.9 s).
 */
export const BATCH_BYTES = 128 * 1024
const MAX_HEAD_BYTES = 64 * 1024
/** Idle keep-alive connections are closed after this long (servers commonly wait 5 s). */
const IDLE_CONNECTION_MS = 4_000

export interface DirectRequest {
  url: URL
  headers: Record<string, string>
  signal?: AbortSignal
  /** Fail a request whose socket stays silent this long. */
  idleTimeoutMs: number
}

export interface DirectResponse {
  status: number
  headers: IncomingHttpHeaders
  body: DirectBody
}

/** Takes one batch of a body: views in order; a returned promise holds back the next batch. */
export type BatchSink = (pieces: Buffer[]) => void | Promise<void>

/** Keep-alive connections per origin, and the requests made on them. */
export class DirectHttp {
  private readonly idle = new Map<string, Connection[]>()

  /** `tlsOptions`: extra options for TLS connections (a test's own CA). */
  constructor(private readonly tlsOptions: tls.ConnectionOptions = {}) {}

  /** Send a GET; resolves once the answer's head has arrived. */
  async get(request: DirectRequest): Promise<DirectResponse> {
    request.signal?.throwIfAborted()
    const reused = this.takeIdle(request.url.origin)
    if (reused) {
      try {
        return await reused.exchange(request)
      } catch (error) {
        // A kept-alive connection the server had closed meanwhile: once more on a new one.
        if (!(error instanceof StaleConnection)) throw error
      }
    }
    return this.open(request.url).exchange(request)
  }

  close(): void {
    for (const connections of this.idle.values()) for (const c of connections) c.destroy()
    this.idle.clear()
  }

  private open(url: URL): Connection {
    return new Connection(url, this.tlsOptions, (connection) => this.keep(url.origin, connection))
  }

  private takeIdle(origin: string): Connection | undefined {
    const connections = this.idle.get(origin)
    let connection: Connection | undefined
    while ((connection = connections?.pop()) && !connection.usable) connection.destroy()
    connection?.wake()
    return connection
  }

  private keep(origin: string, connection: Connection): void {
    const connections = this.idle.get(origin) ?? []
    this.idle.set(origin, connections)
    connections.push(connection)
    connection.sleep(IDLE_CONNECTION_MS, () => {
      const at = connections.indexOf(connection)
      if (at >= 0) connections.splice(at, 1)
    })
  }
}

/** A reused connection failed before any answer: the request may be sent again. */
class StaleConnection extends Error {}

type Framing =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunked'; decoder: ChunkedDecoder }
  | { kind: 'close' }
  | { kind: 'none' }

/** One socket, and the exchange under way on it (HTTP/1.1, no pipelining). */
class Connection {
  private buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES)
  private filled = 0
  private readonly socket: net.Socket
  private current?: Exchange
  private exchanges = 0
  private idleTimer?: NodeJS.Timeout
  private closed = false
  private paused = false

  constructor(
    url: URL,
    tlsOptions: tls.ConnectionOptions,
    private readonly release: (connection: Connection) => void
  ) {
    const onread: net.OnReadOpts = {
      buffer: () => this.space(),
      callback: (count) => {
        this.received(count)
        return true
      }
    }
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    this.socket =
      url.protocol === 'https:'
        ? // `onread` works on TLS sockets too; @types/node leaves it out of tls's options.
          tls.connect({
            ...tlsOptions,
            host,
            port,
            servername: net.isIP(host) ? undefined : host,
            ALPNProtocols: ['http/1.1'],
            onread
          } as tls.ConnectionOptions)
        : net.connect({ host, port, onread })
    this.socket.setNoDelay(true)
    // Armed (setTimeout) only while an exchange is under way.
    this.socket.on('timeout', () =>
      this.destroy(Object.assign(new Error('response stalled'), { code: 'ETIMEDOUT' }))
    )
    this.socket.on('end', () => this.ended())
    this.socket.on('error', (error) => this.fail(error))
    this.socket.on('close', () => {
      this.closed = true
      this.fail(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }))
    })
  }

  get usable(): boolean {
    return !this.closed && !this.socket.destroyed
  }

  exchange(request: DirectRequest): Promise<DirectResponse> {
    const reused = this.exchanges++ > 0
    const exchange = new Exchange(this, request, reused)
    this.current = exchange
    const { url, headers } = request
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`]
    for (const [name, value] of Object.entries(headers)) {
      if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
        this.destroy(new Error(`a line break in the ${name} header of a request`))
        return exchange.response
      }
      lines.push(`${name}: ${value}`)
    }
    this.socket.setTimeout(request.idleTimeoutMs)
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
    return exchange.response
  }

  /** Stop reading while the body's reader is behind (resume() is cheap when not paused). */
  pause(): void {
    if (this.paused) return
    this.paused = true
    this.socket.pause()
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.socket.resume()
  }

  /** The exchange is over and its body complete: keep the connection for the next request. */
  finished(exchange: Exchange, reusable: boolean): void {
    if (this.current !== exchange) return
    this.current = undefined
    this.socket.setTimeout(0)
    // Paused while the body's reader caught up: the next request must be heard.
    this.resume()
    if (reusable && this.usable) this.release(this)
    else this.destroy()
  }

  sleep(ms: number, forget: () => void): void {
    this.socket.unref()
    this.idleTimer = setTimeout(() => {
      forget()
      this.destroy()
    }, ms).unref()
  }

  wake(): void {
    clearTimeout(this.idleTimer)
    this.socket.ref()
  }

  destroy(error?: Error): void {
    clearTimeout(this.idleTimer)
    if (error) this.fail(error)
    this.socket.destroy()
  }

  private space(): Buffer {
    if (this.buffer.length - this.filled < MIN_READ_BYTES) {
      this.buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES)
      this.filled = 0
    }
    return this.buffer.subarray(this.filled)
  }

  private received(count: number): void {
    const bytes = this.buffer.subarray(this.filled, this.filled + count)
    this.filled += count
    if (this.current) this.current.take(bytes)
    // Bytes with no request under way: the server is not speaking HTTP/1.1 as we do.
    else this.destroy()
  }

  private ended(): void {
    if (this.current) this.current.end()
    this.destroy()
  }

  private fail(error: Error): void {
    const exchange = this.current
    this.current = undefined
    exchange?.fail(error)
  }
}

/** One request and its answer: the head parsed, then the body framed and handed on. */
class Exchange {
  readonly response: Promise<DirectResponse>
  private resolveHead!: (response: DirectResponse) => void
  private rejectHead!: (error: Error) => void
  private headParts: Buffer[] = []
  private headBytes = 0
  private body?: DirectBody
  private framing: Framing = { kind: 'none' }
  private keepAlive = true
  private over = false
  private readonly stopOnAbort: () => void

  constructor(
    private readonly connection: Connection,
    private readonly request: DirectRequest,
    private readonly reused: boolean
  ) {
    this.response = new Promise((resolve, reject) => {
      this.resolveHead = resolve
      this.rejectHead = reject
    })
    this.stopOnAbort = () => this.connection.destroy(abortError(request.signal))
    request.signal?.addEventListener('abort', this.stopOnAbort, { once: true })
  }

  take(bytes: Buffer): void {
    if (this.body) return this.body.arrived(this.frame(bytes))
    this.headParts.push(bytes)
    this.headBytes += bytes.length
    const head = this.headParts.length === 1 ? bytes : Buffer.concat(this.headParts)
    const end = head.indexOf('\r\n\r\n')
    if (end < 0) {
      if (this.headBytes > MAX_HEAD_BYTES) this.malformed('a header section over 64 KiB')
      return
    }
    this.headParts = []
    this.headBytes = 0
    const rest = head.subarray(end + 4)
    const parsed = parseHead(head.subarray(0, end).toString('latin1'))
    if (!parsed) return this.malformed('an unreadable status line or header')
    // Informational answers (100 Continue) precede the real one.
    if (parsed.status >= 100 && parsed.status < 200)
      return rest.length ? this.take(rest) : undefined
    const framing = framingOf(parsed)
    if (!framing) return this.malformed('conflicting Content-Length headers')
    this.framing = framing
    const connection = String(parsed.headers.connection ?? '').toLowerCase()
    this.keepAlive =
      framing.kind !== 'close' &&
      (parsed.http11 ? !connection.includes('close') : connection.includes('keep-alive'))
    this.body = new DirectBody(this)
    this.resolveHead({ status: parsed.status, headers: parsed.headers, body: this.body })
    this.body.arrived(this.frame(rest))
  }

  /** The server closed the connection. */
  end(): void {
    if (this.framing.kind === 'close') {
      this.framing = { kind: 'none' }
      return this.body?.arrived([])
    }
    this.fail(
      Object.assign(new Error('the server closed the connection mid-answer'), {
        code: this.body ? 'ERR_STREAM_PREMATURE_CLOSE' : 'ECONNRESET'
      })
    )
  }

  fail(error: Error): void {
    this.request.signal?.removeEventListener('abort', this.stopOnAbort)
    // Nothing heard on a reused connection: the request never reached a live server.
    const stale = this.reused && !this.body && this.headBytes === 0 && !this.request.signal?.aborted
    this.rejectHead(stale ? new StaleConnection(error.message) : error)
    this.body?.failed(error)
  }

  // Once the body's last byte is in, the connection may serve another request: what the body's
  // reader does after that (pause, resume, give up) no longer touches it.
  pause(): void {
    if (!this.over) this.connection.pause()
  }

  resume(): void {
    if (!this.over) this.connection.resume()
  }

  destroy(): void {
    this.request.signal?.removeEventListener('abort', this.stopOnAbort)
    if (!this.over) this.connection.destroy()
  }

  /** The body's framing gave its last byte: the connection is free for the next request. */
  complete(): void {
    this.over = true
    this.request.signal?.removeEventListener('abort', this.stopOnAbort)
    this.connection.finished(this, this.keepAlive)
  }

  get done(): boolean {
    return this.framing.kind === 'none'
  }

  /** The body's bytes among `bytes` (views), by the answer's framing. */
  private frame(bytes: Buffer): Buffer[] {
    const framing = this.framing
    switch (framing.kind) {
      case 'close':
        return [bytes]
      case 'length': {
        const body = bytes.subarray(0, framing.remaining)
        framing.remaining -= body.length
        if (body.length < bytes.length) this.keepAlive = false
        if (framing.remaining === 0) this.framing = { kind: 'none' }
        return [body]
      }
      case 'chunked': {
        const pieces = framing.decoder.decode(bytes)
        if (framing.decoder.error) {
          this.malformed(framing.decoder.error)
          return []
        }
        if (framing.decoder.done) this.framing = { kind: 'none' }
        return pieces
      }
      case 'none':
        if (bytes.length > 0) this.keepAlive = false
        return []
    }
  }

  private malformed(what: string): void {
    this.connection.destroy(
      new TransientHttpError(`malformed HTTP answer from ${this.request.url.host}: ${what}`)
    )
  }
}

/** The body of a DirectResponse: read it in batches, as text, or discard it. */
export class DirectBody {
  private pieces: Buffer[] = []
  private bytes = 0
  private sink?: BatchSink
  private delivering?: Promise<void>
  private error?: Error
  private settle?: { resolve: () => void; reject: (error: Error) => void }
  private ended = false
  private sinkFailed = false

  constructor(private readonly exchange: Exchange) {}

  /** Every byte of the body has arrived (it may not all have been handed on yet). */
  get readableEnded(): boolean {
    return this.ended
  }

  /**
   * Hand the body to `sink` in order, in batches of about BATCH_BYTES. While a batch's promise is
   * pending the next one gathers, and reading pauses when it is full. Resolves once the last batch
   * has been taken and every promise has settled; rejects on the first failure of either side.
   */
  read(sink: BatchSink): Promise<void> {
    if (this.sink) throw new Error('internal: a body is read once')
    this.sink = sink
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject }
      this.pump()
    })
  }

  async text(limit: number): Promise<string> {
    const chunks: Buffer[] = []
    let size = 0
    await this.read((pieces) => {
      for (const piece of pieces) size += piece.length
      if (size > limit) throw new Error('response body too large')
      chunks.push(...pieces)
    })
    return Buffer.concat(chunks).toString('utf8')
  }

  /** Read and drop the rest, so the connection can serve the next request. */
  resume(): void {
    if (!this.sink) this.read(() => undefined).catch(() => undefined)
  }

  destroy(): void {
    if (this.ended && !this.delivering && this.pieces.length === 0) return
    this.exchange.destroy()
    this.failed(Object.assign(new Error('body abandoned'), { code: 'ABORT_ERR' }))
  }

  arrived(pieces: Buffer[]): void {
    for (const piece of pieces) {
      if (piece.length === 0) continue
      this.pieces.push(piece)
      this.bytes += piece.length
    }
    if (this.exchange.done && !this.ended) {
      this.ended = true
      this.exchange.complete()
    }
    this.pump()
  }

  failed(error: Error): void {
    this.error ??= error
    this.pump()
  }

  private deliver(): void {
    const batch = this.pieces
    this.pieces = []
    this.bytes = 0
    let taken: void | Promise<void>
    try {
      taken = this.sink!(batch)
    } catch (error) {
      return this.sinkFailure(error)
    }
    if (!taken) return this.pump()
    this.delivering = taken.then(
      () => {
        this.delivering = undefined
        this.exchange.resume()
        this.pump()
      },
      (error: unknown) => {
        this.delivering = undefined
        this.sinkFailure(error)
      }
    )
  }

  /** The reader refused a batch (a full disk, bytes beyond the expected size): stop the body. */
  private sinkFailure(error: unknown): void {
    this.sinkFailed = true
    this.error = error as Error
    this.exchange.destroy()
    this.pump()
  }

  private pump(): void {
    if (this.error) {
      if (this.delivering) return // pump() runs again when it settles
      // Cut short: what arrived is still handed on (a retry resumes after it), then the failure.
      if (this.sink && this.bytes > 0 && !this.sinkFailed) return this.deliver()
      const settle = this.settle
      this.settle = undefined
      settle?.reject(this.error)
      return
    }
    if (!this.sink || this.delivering) {
      if (this.bytes >= BATCH_BYTES) this.exchange.pause()
      return
    }
    if (this.bytes >= BATCH_BYTES || (this.ended && this.bytes > 0)) return this.deliver()
    this.exchange.resume()
    if (this.ended && this.bytes === 0) {
      const settle = this.settle
      this.settle = undefined
      settle?.resolve()
    }
  }
}

interface ParsedHead {
  status: number
  http11: boolean
  headers: IncomingHttpHeaders
}

/** Status line and header fields; undefined when they do not read as HTTP/1.x. */
export function parseHead(text: string): ParsedHead | undefined {
  const lines = text.split('\r\n')
  const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '')
  if (!status) return undefined
  const headers: IncomingHttpHeaders = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0 || /[\s]/.test(line.slice(0, colon))) return undefined
    const name = line.slice(0, colon).toLowerCase()
    const value = line.slice(colon + 1).trim()
    const previous = headers[name]
    if (name === 'set-cookie') headers[name] = [...((previous as string[]) ?? []), value]
    else headers[name] = previous === undefined ? value : `${String(previous)}, ${value}`
  }
  return { status: Number(status[2]), http11: status[1] === '1', headers }
}

/** How the body ends (RFC 9112 §6.3); undefined for a Content-Length that contradicts itself. */
function framingOf({ status, headers }: ParsedHead): Framing | undefined {
  if (status === 204 || status === 304) return { kind: 'none' }
  const coding = String(headers['transfer-encoding'] ?? '').toLowerCase()
  if (coding.split(',').some((c) => c.trim() === 'chunked')) {
    return { kind: 'chunked', decoder: new ChunkedDecoder() }
  }
  const length = headers['content-length']
  if (length === undefined) return { kind: 'close' }
  const values = new Set(
    String(length)
      .split(',')
      .map((v) => v.trim())
  )
  const [only] = values
  if (values.size !== 1 || !/^\d+$/.test(only)) return undefined
  const remaining = Number(only)
  return remaining === 0 ? { kind: 'none' } : { kind: 'length', remaining }
}

/** `Transfer-Encoding: chunked`, decoded into views of the received bytes. */
export class ChunkedDecoder {
  done = false
  error?: string
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private line = ''
  private left = 0

  decode(bytes: Buffer): Buffer[] {
    const pieces: Buffer[] = []
    let at = 0
    while (at < bytes.length && !this.done && !this.error) {
      if (this.state === 'data') {
        const piece = bytes.subarray(at, at + this.left)
        pieces.push(piece)
        at += piece.length
        this.left -= piece.length
        if (this.left === 0) this.state = 'data-end'
        continue
      }
      const newline = bytes.indexOf(10, at)
      const end = newline < 0 ? bytes.length : newline + 1
      this.line += bytes.toString('latin1', at, end)
      at = end
      if (this.line.length > 4096) this.error = 'a chunk line over 4 KiB'
      if (newline < 0) break
      const line = this.line.replace(/\r?\n$/, '')
      this.line = ''
      if (this.state === 'data-end') {
        if (line !== '') this.error = 'chunk data longer than its size'
        this.state = 'size'
      } else if (this.state === 'size') {
        const size = /^([0-9a-fA-F]{1,12})(?:;.*)?$/.exec(line.trim())
        if (!size) this.error = `a bad chunk size line "${line.slice(0, 40)}"`
        else if ((this.left = parseInt(size[1], 16)) === 0) this.state = 'trailer'
        else this.state = 'data'
      } else if (line === '') this.done = true
    }
    return pieces
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  return Object.assign(new Error('This operation was aborted'), {
    name: 'AbortError',
    code: 'ABORT_ERR',
    cause: signal?.reason
  })
}
