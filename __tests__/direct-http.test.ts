// The direct HTTP/1.1 reader (src/hub/direct-http.ts) against servers that send exact bytes: the
// framings a server may choose, kept-alive connections, and answers cut, garbled, stalled or aborted.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { BATCH_BYTES, DirectHttp, parseHead, type DirectBody } from '../src/hub/direct-http.js'
import { TransientHttpError } from '../src/hub/http.js'
import { selfSignedCertificate } from './helpers/certificate.js'

const clients: DirectHttp[] = []
const servers: net.Server[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          ;(server as http.Server).closeAllConnections?.()
          server.close(() => resolve())
        })
    )
  )
})

function client(tlsOptions?: tls.ConnectionOptions): DirectHttp {
  const made = new DirectHttp(tlsOptions)
  clients.push(made)
  return made
}

/** A TCP server whose every connection gets `respond(socket, request head)` per request. */
async function rawServer(
  respond: (socket: net.Socket, head: string, index: number) => void
): Promise<{ url: string; connections: () => number }> {
  let connections = 0
  let requests = 0
  const server = net.createServer((socket) => {
    connections++
    let pending = ''
    socket.on('data', (data) => {
      pending += data.toString('latin1')
      let end: number
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const head = pending.slice(0, end)
        pending = pending.slice(end + 4)
        respond(socket, head, requests++)
      }
    })
    socket.on('error', () => undefined)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => connections
  }
}

async function readAll(body: DirectBody): Promise<{ bytes: Buffer; batches: number[] }> {
  const parts: Buffer[] = []
  const batches: number[] = []
  await body.read((pieces) => {
    batches.push(pieces.reduce((sum, piece) => sum + piece.length, 0))
    parts.push(...pieces.map((piece) => Buffer.from(piece)))
  })
  return { bytes: Buffer.concat(parts), batches }
}

const get = (direct: DirectHttp, url: string, extra: Partial<{ signal: AbortSignal }> = {}) =>
  direct.get({
    url: new URL(url),
    headers: { 'user-agent': 'test' },
    idleTimeoutMs: 5000,
    ...extra
  })

test('a Content-Length body arrives whole, in batches of about BATCH_BYTES, byte for byte', async () => {
  const payload = randomBytes(3 * 1024 * 1024 + 17)
  const server = http.createServer((_req, res) => {
    res.writeHead(206, { 'content-length': payload.length, 'x-linked-etag': '"abc"' })
    res.end(payload)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/file`
  const response = await get(client(), url)
  expect(response.status).toBe(206)
  expect(response.headers['x-linked-etag']).toBe('"abc"')
  const { bytes, batches } = await readAll(response.body)
  expect(bytes.equals(payload)).toBe(true)
  expect(response.body.readableEnded).toBe(true)
  // Every batch but the last holds at least a batch's worth; none is much larger.
  for (const size of batches.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(BATCH_BYTES)
  expect(Math.max(...batches)).toBeLessThan(BATCH_BYTES + 256 * 1024)
})

test('a chunked body is decoded, chunk extensions and trailers included', async () => {
  const server = await rawServer((socket) => {
    socket.write(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
        '5;name=x\r\nhello\r\n1\r\n \r\n' +
        'A\r\n0123456789\r\n0\r\nx-trailer: yes\r\n\r\n'
    )
  })
  const direct = client()
  const response = await get(direct, `${server.url}/a`)
  expect(await response.body.text(1024)).toBe('hello 0123456789')
  // The connection is kept and serves the next request.
  expect(await (await get(direct, `${server.url}/b`)).body.text(1024)).toBe('hello 0123456789')
  expect(server.connections()).toBe(1)
})

test('a chunked body split across reads at every byte still decodes', async () => {
  const wire = Buffer.from(
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n'
  )
  const server = await rawServer((socket) => {
    let at = 0
    const next = () => {
      if (at >= wire.length) return
      socket.write(wire.subarray(at, ++at), () => setTimeout(next, 1))
    }
    next()
  })
  const response = await get(client(), `${server.url}/slow`)
  expect(await response.body.text(1024)).toBe('abc0123456789abcdef')
})

test('a body without Content-Length ends when the server closes the connection', async () => {
  const server = await rawServer((socket) => {
    socket.end('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end')
  })
  const response = await get(client(), `${server.url}/x`)
  expect(await response.body.text(1024)).toBe('until the end')
})

test('kept-alive connections are reused; one the server closed meanwhile is replaced', async () => {
  let closeAfterAnswer = false
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
    if (closeAfterAnswer) socket.end()
  })
  const direct = client()
  for (let i = 0; i < 3; i++)
    expect(await (await get(direct, `${server.url}/${i}`)).body.text(9)).toBe('ok')
  expect(server.connections()).toBe(1)
  closeAfterAnswer = true
  expect(await (await get(direct, `${server.url}/3`)).body.text(9)).toBe('ok')
  // The server has closed that connection by now: the next request goes on a new one.
  await new Promise((resolve) => setTimeout(resolve, 50))
  closeAfterAnswer = false
  expect(await (await get(direct, `${server.url}/4`)).body.text(9)).toBe('ok')
  expect(server.connections()).toBe(2)
})

test('a request sent on a connection the server dropped unseen goes again on a new one', async () => {
  // The server answers the first request of each connection and drops the connection at the
  // second, as a server whose keep-alive timeout ran out just as the request was sent.
  const seen = new WeakMap<net.Socket, number>()
  const server = await rawServer((socket) => {
    const count = (seen.get(socket) ?? 0) + 1
    seen.set(socket, count)
    if (count > 1) socket.destroy()
    else socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
  })
  const direct = client()
  expect(await (await get(direct, `${server.url}/1`)).body.text(9)).toBe('ok')
  expect(await (await get(direct, `${server.url}/2`)).body.text(9)).toBe('ok')
  expect(server.connections()).toBe(2)
})

test('a reader that falls behind holds the socket back: memory stays bounded', async () => {
  const piece = Buffer.alloc(1024 * 1024, 3)
  const total = 64 * piece.length
  const server = await rawServer((socket) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${total}\r\n\r\n`)
    let sent = 0
    const more = () => {
      while (sent < total) {
        sent += piece.length
        if (!socket.write(piece)) return socket.once('drain', more)
      }
    }
    more()
  })
  const response = await get(client(), `${server.url}/big`)
  const before = process.memoryUsage().arrayBuffers
  let release!: () => void
  const blocked = new Promise<void>((resolve) => (release = resolve))
  let received = 0
  const reading = response.body.read(async (pieces) => {
    for (const p of pieces) received += p.length
    await blocked
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  const held = process.memoryUsage().arrayBuffers - before
  release()
  await reading
  expect(received).toBe(total)
  // One batch taken, one gathered, and the socket's current buffer: well under the 64 MiB sent.
  expect(held).toBeLessThan(4 * 1024 * 1024)
})

test('a body still being read when its last byte arrived leaves its connection to the next request', async () => {
  // 300 KiB: one batch taken (and held), the rest gathered past a batch, so reading had paused.
  const payload = randomBytes(300 * 1024)
  const server = await rawServer((socket) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${payload.length}\r\n\r\n`)
    socket.write(payload)
  })
  const direct = client()
  const first = await get(direct, `${server.url}/first`)
  let fail!: (error: Error) => void
  const held = new Promise<void>((_resolve, reject) => (fail = reject))
  const reading = first.body.read(() => held).catch((error: Error) => error)
  while (!first.body.readableEnded) await new Promise((resolve) => setTimeout(resolve, 5))
  // The same connection serves the next request at once...
  const second = await get(direct, `${server.url}/second`)
  // ...and the first body's reader failing now does not cut it.
  fail(new Error('disk full'))
  expect(((await reading) as Error).message).toBe('disk full')
  const { bytes } = await readAll(second.body)
  expect(bytes.equals(payload)).toBe(true)
  expect(server.connections()).toBe(1)
})

test('a body cut short hands on what arrived, then fails with a retryable error', async () => {
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 206 Partial Content\r\ncontent-length: 1000\r\n\r\n')
    socket.end(Buffer.alloc(300, 7))
  })
  const response = await get(client(), `${server.url}/cut`)
  let received = 0
  const failure = await response.body
    .read((pieces) => {
      for (const piece of pieces) received += piece.length
    })
    .then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error
    )
  expect(received).toBe(300)
  expect(failure?.code).toBe('ERR_STREAM_PREMATURE_CLOSE')
})

test('a header with a line break is refused before anything is sent, and the socket closed', async () => {
  let requests = 0
  const server = await rawServer(() => requests++)
  const failure = await client()
    .get({
      url: new URL(`${server.url}/x`),
      headers: { authorization: 'a\r\nx: y' },
      idleTimeoutMs: 5000
    })
    .catch((error: Error) => error)
  expect((failure as Error).message).toMatch(/line break in the authorization header/)
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(requests).toBe(0)
})

test('an answer that is not HTTP is refused as retryable, with the host named', async () => {
  const server = await rawServer((socket) => {
    socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')
  })
  const failure = await get(client(), `${server.url}/x`).catch((error: Error) => error)
  expect(failure).toBeInstanceOf(TransientHttpError)
  expect((failure as Error).message).toMatch(/malformed HTTP answer from 127\.0\.0\.1:\d+/)
})

test('a server that falls silent fails the request after the idle timeout', async () => {
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc')
  })
  const response = await client().get({
    url: new URL(`${server.url}/stall`),
    headers: {},
    idleTimeoutMs: 200
  })
  const failure = await response.body.text(100).catch((error: NodeJS.ErrnoException) => error)
  expect((failure as NodeJS.ErrnoException).code).toBe('ETIMEDOUT')
})

test('an abort stops a body under way with an AbortError', async () => {
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100000000\r\n\r\n')
    const timer = setInterval(() => socket.write(Buffer.alloc(1024)), 5)
    socket.on('close', () => clearInterval(timer))
  })
  const controller = new AbortController()
  const response = await get(client(), `${server.url}/long`, { signal: controller.signal })
  setTimeout(() => controller.abort(), 50)
  const failure = await response.body.read(() => undefined).catch((error: Error) => error)
  expect((failure as Error).name).toBe('AbortError')
})

test('a slow reader pauses the socket: every byte arrives, in order', async () => {
  const payload = randomBytes(4 * 1024 * 1024)
  const server = await rawServer((socket) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${payload.length}\r\n\r\n`)
    socket.write(payload)
  })
  const response = await get(client(), `${server.url}/big`)
  const hash = createHash('sha256')
  await response.body.read(async (pieces) => {
    for (const piece of pieces) hash.update(piece)
    await new Promise((resolve) => setTimeout(resolve, 2))
  })
  expect(hash.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'))
})

test('over TLS, against a server with its own CA', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'direct-tls-'))
  try {
    const { key, cert } = await selfSignedCertificate(dir, 'server', 'localhost', 'localhost')
    const payload = randomBytes(1024 * 1024)
    const server = tls.createServer({ key, cert }, (socket) => {
      socket.once('data', () =>
        socket.write(
          Buffer.concat([
            Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${payload.length}\r\n\r\n`),
            payload
          ])
        )
      )
      socket.on('error', () => undefined)
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://localhost:${(server.address() as net.AddressInfo).port}/weights`
    // Without the CA the certificate is refused...
    const refused = await get(client(), url).catch((error: NodeJS.ErrnoException) => error)
    expect((refused as NodeJS.ErrnoException).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    // ...with it, the body arrives intact.
    const response = await get(client({ ca: cert }), url)
    const { bytes } = await readAll(response.body)
    expect(bytes.equals(payload)).toBe(true)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

describe('parseHead', () => {
  test('status, lower-cased names, repeated fields joined', () => {
    expect(parseHead('HTTP/1.1 302 Found\r\nLocation: /x\r\nVary: a\r\nvary: b')).toEqual({
      status: 302,
      http11: true,
      headers: { location: '/x', vary: 'a, b' }
    })
  })
  test.each([
    ['HTTP/2 200'],
    ['HTTP/1.1 2000 OK'],
    ['HTTP/1.1 200 OK\r\nbad header'],
    ['HTTP/1.1 200 OK\r\nx y: 1']
  ])('%p is refused', (text) => {
    expect(parseHead(text)).toBeUndefined()
  })
})
