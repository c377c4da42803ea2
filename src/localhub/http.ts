// Response plumbing shared by the hub and CDN origins: ranges, bodies, faults, the request log.
import { createReadStream } from 'node:fs'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { FaultInjector, FaultPlan } from './faults.js'

export interface RequestLogEntry {
  origin: 'hub' | 'cdn'
  method: string
  /** Path with query, exactly as the client sent it. */
  path: string
  /** 0 until the response is sent. */
  status: number
  authorization?: string
  range?: string
  bodyBytes: number
}

/** One request being answered. */
export interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  log: RequestLogEntry
  plan: FaultPlan | undefined
  faults: FaultInjector
}

/** A slice of a file on disk; `end` is inclusive, as in HTTP ranges. */
export interface FileSlice {
  path: string
  start: number
  end: number
}

export type RangeAnswer =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' }

// Large reads keep syscalls few: the hub doubles as the benchmark's server.
const READ_CHUNK = 4 * 1024 * 1024

/**
 * `bytes=a-b`, `bytes=a-` and `bytes=-n`. Syntax we do not support (several ranges, other
 * units) is ignored as RFC 9110 allows; any range on an empty file is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' }
  if (size === 0) return { kind: 'unsatisfiable' }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' }
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return { kind: 'unsatisfiable' }
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (match[2] !== '' && Number(match[2]) < start) return { kind: 'full' }
  if (start >= size) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}

/** Header values must be Latin-1; repo paths and revisions in messages may not be. */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}

export async function sendBuffer(
  ex: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer
): Promise<void> {
  await send(ex, status, headers, body.length, body)
}

export async function sendFileSlice(
  ex: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  slice: FileSlice
): Promise<void> {
  await send(ex, status, headers, slice.end - slice.start + 1, slice)
}

export async function sendJson(
  ex: Exchange,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {}
): Promise<void> {
  const body = Buffer.from(JSON.stringify(value))
  await sendBuffer(
    ex,
    status,
    { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body
  )
}

async function send(
  ex: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  length: number,
  body: Buffer | FileSlice
): Promise<void> {
  const { req, res, log } = ex
  res.writeHead(status, { ...headers, 'Content-Length': length })
  if (req.method === 'HEAD' || length === 0) {
    res.end()
    return
  }
  const plan = status < 300 ? ex.plan : undefined
  if (
    !plan ||
    (plan.cutAt === undefined && plan.corruptAt === undefined && plan.bytesPerSecond === undefined)
  ) {
    if (Buffer.isBuffer(body)) {
      log.bodyBytes += body.length
      res.end(body)
      return
    }
    const stream = createReadStream(body.path, {
      start: body.start,
      end: body.end,
      highWaterMark: READ_CHUNK
    })
    stream.on('data', (chunk: Buffer | string) => (log.bodyBytes += chunk.length))
    // A client that hangs up mid-body is its own business; nothing to report here.
    await pipeline(stream, res).catch(() => undefined)
    return
  }
  await sendFaulted(ex, plan, length, body)
}

/** The body through a byte flip and/or a cut, chunk by chunk with backpressure. */
async function sendFaulted(
  ex: Exchange,
  plan: FaultPlan,
  length: number,
  body: Buffer | FileSlice
): Promise<void> {
  const { res, log } = ex
  // Cut after at least one byte when possible, so the client sees headers and a partial body.
  const cutAt =
    plan.cutAt === undefined
      ? undefined
      : Math.min(length - 1, Math.max(1, Math.floor(plan.cutAt * length)))
  const flipAt = plan.corruptAt === undefined ? undefined : Math.floor(plan.corruptAt * length)
  if (cutAt !== undefined) ex.faults.count('cutMidBody')
  if (flipAt !== undefined && (cutAt === undefined || flipAt < cutAt)) ex.faults.count('corrupt')
  // Paced bodies go in small pieces (5 ms of the rate each) so the rate is smooth, as over a real
  // link: pieces of 50 ms, each held back until it was due, came in bursts a client had to absorb.
  const pieceSize = plan.bytesPerSecond
    ? Math.max(1024, Math.floor(plan.bytesPerSecond / 200))
    : READ_CHUNK
  const source: AsyncIterable<Buffer> | Buffer[] = Buffer.isBuffer(body)
    ? [Buffer.from(body)]
    : createReadStream(body.path, { start: body.start, end: body.end, highWaterMark: pieceSize })
  const started = Date.now()
  let offset = 0
  try {
    for await (const original of source) {
      let chunk = original
      if (flipAt !== undefined && flipAt >= offset && flipAt < offset + chunk.length) {
        chunk[flipAt - offset]! ^= 0xff
      }
      if (cutAt !== undefined && offset + chunk.length >= cutAt) {
        chunk = chunk.subarray(0, cutAt - offset)
        log.bodyBytes += chunk.length
        await new Promise<void>((resolve) => res.write(chunk, () => resolve()))
        res.destroy()
        return
      }
      log.bodyBytes += chunk.length
      // A piece leaves when the rate allows it to start: the first at once.
      if (plan.bytesPerSecond) {
        const due = started + (offset / plan.bytesPerSecond) * 1000
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()))
        if (res.destroyed) return
      }
      offset += chunk.length
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done)
            res.off('close', done)
            resolve()
          }
          res.on('drain', done)
          res.on('close', done)
        })
        if (res.destroyed) return
      }
    }
    res.end()
  } catch {
    res.destroy()
  } finally {
    if (!Buffer.isBuffer(body) && 'destroy' in source) (source as { destroy(): void }).destroy()
  }
}

/** Reads a request body, refusing anything large (only paths-info has one). */
export async function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) throw new Error('request body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
