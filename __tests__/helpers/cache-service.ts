// A GitHub Actions cache service on loopback, for @actions/cache 6 to talk to as it does on a
// runner: the twirp `github.actions.results.api.v1.CacheService` (cache service v2, chosen by
// ACTIONS_CACHE_SERVICE_V2 and found at ACTIONS_RESULTS_URL, bearer ACTIONS_RUNTIME_TOKEN) handing out
// SAS-signed Azure Blob Storage URLs, with azurite (Microsoft's storage emulator, a child process)
// as the storage.
//
// The signed URLs name `devstoreaccount1.blob.core.windows.net`, as GitHub's name a
// `*.blob.core.windows.net` account: only for such hosts does @actions/cache download with the Azure
// SDK (BlockBlobClient.downloadToBuffer; it uploads with BlockBlobClient.uploadFile in any case). A
// forward proxy on loopback (HTTP_PROXY, which the Azure SDK honours; @actions/http-client bypasses it
// for loopback) takes those requests to azurite, which reads the account from the Host header, and
// logs every byte that crosses it.
import { fileURLToPath } from 'node:url'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential
} from '@azure/storage-blob'
import { parse as parseYaml } from 'yaml'
import { tempDir } from './env.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const AZURITE_BLOB = join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js')
/** Azurite's well-known development account. */
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const CONTAINER = 'actions-cache'
const BLOB_HOST = `${ACCOUNT}.blob.core.windows.net`
const SERVICE = 'github.actions.results.api.v1.CacheService'

export interface CacheEntry {
  id: number
  key: string
  version: string
  blob: string
  sizeBytes: number
  finalized: boolean
  createdAt: number
}

export interface TwirpCall {
  method: string
  key: string
  /** What the service answered: ok, a miss, or a twirp error code. */
  outcome: string
}

export interface BlobRequest {
  method: string
  path: string
  /** Bytes from the client (uploads). */
  sentBytes: number
  /** Bytes to the client (downloads). */
  receivedBytes: number
  status: number
}

export interface CacheService {
  /** ACTIONS_RESULTS_URL. */
  readonly url: string
  /** What a process needs to use this service through @actions/cache. */
  readonly env: Record<string, string>
  readonly calls: readonly TwirpCall[]
  readonly blobRequests: readonly BlobRequest[]
  entries(): CacheEntry[]
  /** Forget the logs (not the entries). */
  resetLogs(): void
  close(): Promise<void>
}

export async function startCacheService(): Promise<CacheService> {
  const azurite = await startAzurite()
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const direct = new BlobServiceClient(`${azurite.url}/${ACCOUNT}`, credential)
  const container = direct.getContainerClient(CONTAINER)
  const servers: Server[] = []
  try {
    await container.create()
    const token = randomBytes(16).toString('hex')
    const entries: CacheEntry[] = []
    const calls: TwirpCall[] = []
    const blobRequests: BlobRequest[] = []

    const signedUrl = (blob: string, permissions: string) => {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: CONTAINER,
          blobName: blob,
          permissions: BlobSASPermissions.parse(permissions),
          protocol: SASProtocol.HttpsAndHttp,
          expiresOn: new Date(Date.now() + 3600_000)
        },
        credential
      )
      return `http://${BLOB_HOST}/${CONTAINER}/${blob}?${sas.toString()}`
    }

    const methods: Record<string, (body: Record<string, unknown>) => Promise<Answer>> = {
      async CreateCacheEntry(body) {
        const key = String(body.key ?? '')
        const version = String(body.version ?? '')
        if (!key || !version) return twirpError(400, 'invalid_argument', 'key and version required')
        if (entries.some((e) => e.key === key && e.version === version)) {
          return twirpError(
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists'
          )
        }
        const id = entries.length + 1
        const blob = `${id}-${randomBytes(4).toString('hex')}`
        entries.push({
          id,
          key,
          version,
          blob,
          sizeBytes: 0,
          finalized: false,
          createdAt: Date.now()
        })
        return ok({ ok: true, signed_upload_url: signedUrl(blob, 'cw') })
      },
      async FinalizeCacheEntryUpload(body) {
        const entry = entries.find(
          (e) => e.key === body.key && e.version === body.version && !e.finalized
        )
        if (!entry) return twirpError(404, 'not_found', 'no reserved entry with this key')
        const size = Number(body.size_bytes)
        const properties = await container
          .getBlobClient(entry.blob)
          .getProperties()
          .catch(() => undefined)
        if (!properties || properties.contentLength !== size) {
          return twirpError(
            400,
            'invalid_argument',
            `the uploaded blob has ${properties?.contentLength ?? 'no'} bytes, not ${size}`
          )
        }
        entry.sizeBytes = size
        entry.finalized = true
        entry.createdAt = Date.now()
        return ok({ ok: true, entry_id: String(entry.id) })
      },
      async GetCacheEntryDownloadURL(body) {
        const version = String(body.version ?? '')
        const usable = entries
          .filter((e) => e.finalized && e.version === version)
          .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
        const match =
          usable.find((e) => e.key === body.key) ??
          restoreKeys.map((prefix) => usable.find((e) => e.key.startsWith(prefix))).find(Boolean)
        if (!match) return ok({ ok: false }, 'miss')
        return ok({
          ok: true,
          signed_download_url: signedUrl(match.blob, 'r'),
          matched_key: match.key
        })
      }
    }

    const twirp = createServer((req, res) => {
      void (async () => {
        const prefix = `/twirp/${SERVICE}/`
        const method = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : ''
        const body = await readBody(req)
        let answer: Answer
        let key = ''
        if (req.method !== 'POST' || !methods[method]) {
          answer = twirpError(404, 'bad_route', `no such method: ${req.method} ${req.url}`)
        } else if (req.headers.authorization !== `Bearer ${token}`) {
          answer = twirpError(401, 'unauthenticated', 'invalid runtime token')
        } else {
          let json: Record<string, unknown>
          try {
            json = JSON.parse(body.toString('utf8')) as Record<string, unknown>
          } catch {
            json = {}
          }
          key = String(json.key ?? '')
          answer = await methods[method](json)
        }
        calls.push({ method, key, outcome: answer.outcome })
        res.writeHead(answer.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answer.body))
      })().catch((error: unknown) => {
        console.error('cache service:', error)
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ code: 'internal', msg: String(error) }))
      })
    })

    const proxy = createServer((req, res) => {
      let target: URL
      try {
        target = new URL(req.url ?? '')
      } catch {
        res.writeHead(400).end('absolute URLs only: this is a forward proxy')
        return
      }
      if (target.hostname !== BLOB_HOST) {
        res.writeHead(502).end(`this proxy only reaches ${BLOB_HOST}`)
        return
      }
      const log: BlobRequest = {
        method: req.method ?? 'GET',
        path: target.pathname,
        sentBytes: 0,
        receivedBytes: 0,
        status: 0
      }
      blobRequests.push(log)
      const upstream = request(
        {
          host: '127.0.0.1',
          port: azurite.port,
          method: req.method,
          path: `${target.pathname}${target.search}`,
          headers: req.headers
        },
        (answer) => {
          log.status = answer.statusCode ?? 0
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.on('data', (chunk: Buffer) => (log.receivedBytes += chunk.length))
          answer.pipe(res)
        }
      )
      upstream.on('error', () => res.destroy())
      req.on('data', (chunk: Buffer) => (log.sentBytes += chunk.length))
      req.pipe(upstream)
    })

    servers.push(twirp, proxy)
    const [twirpPort, proxyPort] = await Promise.all([listen(twirp), listen(proxy)])
    const url = `http://127.0.0.1:${twirpPort}/`
    return {
      url,
      env: {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: url,
        ACTIONS_RUNTIME_TOKEN: token,
        HTTP_PROXY: `http://127.0.0.1:${proxyPort}`
      },
      calls,
      blobRequests,
      entries: () => entries.map((e) => ({ ...e })),
      resetLogs() {
        calls.length = 0
        blobRequests.length = 0
      },
      async close() {
        await Promise.all(servers.map(close))
        await azurite.stop()
      }
    }
  } catch (error) {
    await Promise.all(servers.map(close))
    await azurite.stop()
    throw error
  }
}

interface Answer {
  status: number
  body: unknown
  outcome: string
}

const ok = (body: unknown, outcome = 'ok'): Answer => ({ status: 200, body, outcome })
const twirpError = (status: number, code: string, msg: string): Answer => ({
  status,
  body: { code, msg },
  outcome: code
})

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}

interface Azurite {
  url: string
  port: number
  stop(): Promise<void>
}

/** Azurite's blob service on a free loopback port, in memory, as a child process of this one. */
async function startAzurite(): Promise<Azurite> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      AZURITE_BLOB,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = ''
      const timer = setTimeout(
        () => reject(new Error(`azurite did not start within 30 s:\n${output}`)),
        30_000
      )
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        const match = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match) {
          clearTimeout(timer)
          child.stdout!.off('data', onData)
          child.stderr!.off('data', onData)
          resolve(match[1])
        }
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`azurite exited (${code}) before listening:\n${output}`))
      })
    })
    // Keep draining its access log so that it never blocks on a full pipe.
    child.stdout!.resume()
    child.stderr!.resume()
    return { url, port: Number(new URL(url).port), stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export interface ActionStep {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/**
 * The Action as a runner runs one step of it (see action.itg.test.ts): a real process with INPUT_*
 * variables (action.yml's defaults applied), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and a fresh
 * RUNNER_TEMP; `env` adds the runner's other variables (RUNNER_TOOL_CACHE, the cache service's).
 */
export async function runActionStep(
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<ActionStep> {
  const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const defaults = Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
  const runnerTemp = await tempDir('mb-runner-')
  const outputPath = join(runnerTemp, 'github_output')
  const summaryPath = join(runnerTemp, 'step_summary')
  await writeFile(outputPath, '')
  await writeFile(summaryPath, '')
  const inputEnv = Object.fromEntries(
    Object.entries({ ...defaults, ...inputs }).map(([name, value]) => [
      `INPUT_${name.toUpperCase()}`,
      value
    ])
  )
  const proc = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'src', 'index.ts')],
      {
        cwd: runnerTemp,
        maxBuffer: 64 << 20,
        env: {
          PATH: process.env.PATH,
          HOME: '/nonexistent-home',
          GITHUB_ACTIONS: 'true',
          RUNNER_TEMP: runnerTemp,
          GITHUB_OUTPUT: outputPath,
          GITHUB_STEP_SUMMARY: summaryPath,
          ...inputEnv,
          ...env
        }
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
  return {
    ...proc,
    outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8')
  }
}

/** `name<<DELIMITER` … `DELIMITER` blocks, as @actions/core writes GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=]+?)<<(.+)$/.exec(lines[i])
    if (!heredoc) continue
    const end = lines.indexOf(heredoc[2], i + 1)
    outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}
