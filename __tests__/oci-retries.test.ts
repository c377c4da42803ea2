// Registry retries are one level deep: a registry that keeps failing gets the configured budget of
// attempts (MODELBAKE_RETRIES + 1) per operation, not that budget squared, and the failure names the
// operation; an upload or a base layer's read that moves on renews its budget (a cut read goes on
// from where it stopped), and an abort cuts a wait short. Small local servers stand in for the
// registries.
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import { join } from 'node:path'
import { retryFromEnv } from '../src/config.js'
import type { PreparedImage } from '../src/destinations/oci/build.js'
import { writeDockerArchive } from '../src/destinations/oci/docker-archive.js'
import { RegistryHttp } from '../src/destinations/oci/http.js'
import { sha256Digest } from '../src/destinations/oci/image.js'
import { writeLayout } from '../src/destinations/oci/oci-layout.js'
import { pushAssembled } from '../src/destinations/oci/push.js'
import { parseImageReference } from '../src/destinations/oci/reference.js'
import { RegistryAuth } from '../src/destinations/oci/registry-auth.js'
import { RegistryClient } from '../src/destinations/oci/registry-client.js'
import { tempDir } from './helpers/env.js'

const RETRIES = 3
const ENV = { MODELBAKE_RETRIES: String(RETRIES), MODELBAKE_RETRY_BASE_MS: '1' }
const DIGEST = `sha256:${'0123456789ab'.repeat(5)}abcd`
const SHORT = '0123456789ab'

interface FakeRegistry {
  host: string
  /** "METHOD /path" of every request but the ping (GET /v2/). */
  requests: string[]
  close(): Promise<void>
}

/** A registry on a loopback port: `answer` serves everything but the ping. */
async function fakeRegistry(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void
): Promise<FakeRegistry> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    req.resume()
    if (req.method === 'GET' && path === '/v2/') return void res.writeHead(200).end('{}')
    requests.push(`${req.method} ${path}`)
    answer(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

const unavailable = (_req: http.IncomingMessage, res: http.ServerResponse) =>
  void res.writeHead(503).end()

let registries: FakeRegistry[] = []
let transport: RegistryHttp
const retried: string[] = []

beforeEach(() => {
  registries = []
  retried.length = 0
  transport = new RegistryHttp({ userAgent: 'modelbake-test', insecure: () => true })
})

afterEach(async () => {
  transport.close()
  await Promise.all(registries.map((r) => r.close()))
})

async function start(answer: Parameters<typeof fakeRegistry>[0]): Promise<FakeRegistry> {
  const registry = await fakeRegistry(answer)
  registries.push(registry)
  return registry
}

/** A client as the image destination makes one: the retry policy from the environment. */
function clientOf(registry: FakeRegistry): RegistryClient {
  return new RegistryClient({
    registry: registry.host,
    apiHost: registry.host,
    http: transport,
    auth: new RegistryAuth(registry.host, transport, async () => undefined),
    allowHttp: true,
    retry: retryFromEnv(ENV),
    onRetry: (what) => retried.push(what)
  })
}

/** A 10-byte blob uploaded to acme/model in one chunk. */
function uploadTenBytes(registry: FakeRegistry, signal?: AbortSignal): Promise<void> {
  return clientOf(registry).upload(
    'acme/model',
    DIGEST,
    10,
    async function* () {
      yield Buffer.alloc(10)
    },
    1024,
    undefined,
    { signal }
  )
}

const baseLayer = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: DIGEST, size: 10 }

/** Just what the base-layer copies read of an image on a base in `registry`. */
function onBase(registry: FakeRegistry, layer = baseLayer): PreparedImage {
  const platform = { os: 'linux', architecture: 'amd64' }
  const base = { platform, manifestDigest: DIGEST, config: {}, layers: [layer] }
  return {
    layers: [],
    targets: [{ platform, base }],
    base: {
      ref: parseImageReference(`${registry.host}/acme/base:1`),
      digest: DIGEST,
      name: `${registry.host}/acme/base:1`,
      isIndex: false,
      platforms: [base]
    }
  } as unknown as PreparedImage
}

test('a blob upload to a registry that answers 503: retries + 1 attempts, then a failure that names the upload', async () => {
  const registry = await start(unavailable)
  const upload = uploadTenBytes(registry)
  await expect(upload).rejects.toThrow(
    `${registry.host}: gave up on upload of ${SHORT} to acme/model after ${RETRIES + 1} attempts: HTTP 503`
  )
  expect(registry.requests).toEqual(Array(RETRIES + 1).fill('POST /v2/acme/model/blobs/uploads/'))
  expect(retried).toEqual(Array(RETRIES).fill(`upload of ${SHORT} to acme/model`))
})

test('a small blob (a base config) from a registry that answers 503: retries + 1 attempts', async () => {
  const registry = await start(unavailable)
  await expect(clientOf(registry).blobBytes('acme/base', DIGEST)).rejects.toThrow(
    `gave up on blob ${SHORT} of acme/base after ${RETRIES + 1} attempts: HTTP 503`
  )
  expect(registry.requests).toHaveLength(RETRIES + 1)
})

test('a base layer copied into a pushed image, from a base registry that answers 503: retries + 1 reads', async () => {
  const base = await start(unavailable)
  // The target takes uploads (the layer's bytes never come) and has no blob yet.
  const target = await start((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (req.method === 'HEAD') return void res.writeHead(404).end()
    if (req.method === 'POST' || path.includes('/blobs/uploads/'))
      return void res.writeHead(202, { location: '/v2/acme/model/blobs/uploads/1' }).end()
    res.writeHead(500).end()
  })
  const push = pushAssembled(
    clientOf(target),
    parseImageReference(`${target.host}/acme/model:v1`),
    onBase(base),
    clientOf(base),
    [],
    { chunkSize: 1024, maxLayerSize: 1 << 30, concurrency: 1, log: () => undefined }
  )
  await expect(push).rejects.toThrow(
    `gave up on upload of ${SHORT} to acme/model after ${RETRIES + 1} attempts: HTTP 503 for blob ${SHORT} of acme/base`
  )
  expect(base.requests).toEqual(Array(RETRIES + 1).fill(`GET /v2/acme/base/blobs/${DIGEST}`))
})

test('a base layer copied into an OCI layout, from a base registry that answers 503: retries + 1 reads', async () => {
  const base = await start(unavailable)
  const dir = await tempDir('mb-layout-')
  try {
    await expect(
      writeLayout(dir, undefined, onBase(base), clientOf(base), () => undefined, {
        direct: true
      })
    ).rejects.toThrow(`gave up on base layer ${DIGEST} after ${RETRIES + 1} attempts: HTTP 503`)
    expect(base.requests).toHaveLength(RETRIES + 1)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

describe('a base layer whose reads are cut in the middle', () => {
  const bytes = randomBytes(1024 * 1024 + 5)
  const layer = { ...baseLayer, digest: sha256Digest(bytes), size: bytes.length }
  /** Every read sends a third of what is left, then drops the connection; Range asks for the rest. */
  const cutting = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0)
    const rest = bytes.subarray(from)
    res.writeHead(from > 0 ? 206 : 200, { 'content-length': rest.length })
    res.write(rest.subarray(0, Math.ceil(rest.length / 3)), () => res.destroy())
  }
  /** An image of the base alone: enough for the configs and manifests to be written too. */
  const complete = (base: FakeRegistry) => ({
    ...onBase(base, layer),
    annotations: {},
    env: []
  })

  test('is read on from where each cut left it, into an OCI layout', async () => {
    const base = await start(cutting)
    const dir = await tempDir('mb-layout-')
    await writeLayout(dir, undefined, complete(base), clientOf(base), () => undefined, {
      direct: true
    })
    const copied = await readFile(join(dir, 'blobs', 'sha256', layer.digest.slice(7)))
    expect(copied.equals(bytes)).toBe(true)
    // Each attempt got further, so the budget (3 retries) was renewed every time.
    expect(base.requests.length).toBeGreaterThan(RETRIES + 1)
    expect(base.requests.every((r) => r === `GET /v2/acme/base/blobs/${layer.digest}`)).toBe(true)
  })

  test('is read on from where each cut left it, into a docker-archive', async () => {
    const base = await start(cutting)
    const file = join(await tempDir('mb-archive-'), 'image.tar')
    await writeDockerArchive(file, undefined, complete(base), clientOf(base), () => undefined)
    const archive = await readFile(file)
    // The layer sits in the archive as the first file, after its 512-byte header.
    expect(archive.subarray(512, 512 + bytes.length).equals(bytes)).toBe(true)
    expect(base.requests.length).toBeGreaterThan(RETRIES + 1)
  })
})

test('an upload cut after every chunk it sends is followed to the end: each cut that moved it on renews the budget', async () => {
  // The registry takes one 4-byte PATCH, answers 503 to the next, and so on: 9 cuts for 10 chunks,
  // more than the RETRIES + 1 attempts a registry that moves nothing gets.
  let held = 0
  let patches = 0
  const registry = await start((req, res) => {
    const location = { location: '/v2/acme/model/blobs/uploads/1' }
    if (req.method === 'POST') return void res.writeHead(202, location).end()
    if (req.method === 'GET')
      return void res.writeHead(204, { ...location, range: `0-${held - 1}` }).end()
    if (req.method === 'PATCH') {
      if (patches++ % 2 === 1) return void res.writeHead(503).end()
      held += Number(req.headers['content-length'])
      return void res.writeHead(202, location).end()
    }
    if (req.method === 'PUT') return void res.writeHead(held === 40 ? 201 : 400).end()
    res.writeHead(404).end()
  })
  await clientOf(registry).upload(
    'acme/model',
    DIGEST,
    40,
    async function* (offset) {
      yield Buffer.alloc(40 - offset, 1)
    },
    4
  )
  expect(held).toBe(40)
  expect(retried.length).toBeGreaterThan(RETRIES + 1)
  expect(registry.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(1)
})

test('a session that kept nothing, reported as "0-0" as the CNCF registry does, is started over: no byte is skipped', async () => {
  const content = Buffer.from('0123456789')
  const sessions: Buffer[][] = []
  const registry = await start((req, res) => {
    const session = Number((req.url ?? '').split('/').pop()?.split('?')[0])
    const location = (n: number) => ({ location: `/v2/acme/model/blobs/uploads/${n}` })
    if (req.method === 'POST') {
      sessions.push([])
      return void res.writeHead(202, location(sessions.length - 1)).end()
    }
    if (req.method === 'GET')
      return void res.writeHead(204, { ...location(session), range: '0-0' }).end()
    if (req.method === 'PATCH') {
      // The first PATCH breaks before any byte is kept; the registry then says "0-0".
      if (sessions.flat().length === 0 && session === 0) return void res.writeHead(503).end()
      const body: Buffer[] = []
      req.on('data', (chunk: Buffer) => body.push(chunk))
      req.on('end', () => {
        sessions[session].push(Buffer.concat(body))
        res.writeHead(202, location(session)).end()
      })
      return
    }
    if (req.method === 'PUT')
      return void res.writeHead(Buffer.concat(sessions[session]).equals(content) ? 201 : 400).end()
    res.writeHead(404).end()
  })
  await clientOf(registry).upload(
    'acme/model',
    DIGEST,
    content.length,
    async function* (offset) {
      yield content.subarray(offset)
    },
    1024
  )
  expect(registry.requests.filter((r) => r.startsWith('POST'))).toHaveLength(2)
  expect(Buffer.concat(sessions[1]).toString()).toBe('0123456789')
})

test('an abort ends the wait before a retry at once (a registry asking for 60 s)', async () => {
  const registry = await start(
    (_req, res) => void res.writeHead(503, { 'retry-after': '60' }).end()
  )
  const abort = new AbortController()
  const upload = uploadTenBytes(registry, abort.signal)
  setTimeout(() => abort.abort(), 100)
  // Without the abort reaching the wait, this would sleep 60 s and time the test out.
  await expect(upload).rejects.toMatchObject({ name: 'AbortError' })
  expect(registry.requests).toHaveLength(1)
})
