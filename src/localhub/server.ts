// Starts the two origins (hub + CDN) over one HubStore, with a request log and fault injection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { UrlSigner, handleCdn } from './cdn.js'
import {
  FaultInjector,
  type FaultConfig,
  type FaultCounts,
  type FaultPlan,
  type FaultRoute
} from './faults.js'
import { handleHub } from './hub.js'
import { sendJson, type Exchange, type RequestLogEntry } from './http.js'
import { OAuthService, type OidcConfig } from './oauth.js'
import type { HubStore } from './store.js'

export interface LocalHubOptions {
  store: HubStore
  host?: string
  /** 0 = any free port. */
  port?: number
  cdnPort?: number
  /**
   * Where the CDN listens. Default: 127.0.0.2 when the hub is on 127.0.0.1 (a different host
   * name, as huggingface.co vs its CDN), else the hub's host.
   */
  cdnHost?: string
  /** List `xetHash` in tree entries (default true). huggingface_hub with hf_xet installed then
   * tries Xet, which this hub does not serve: turn off, or run it with HF_HUB_DISABLE_XET=1. */
  listXetHashes?: boolean
  /** Entries per page of tree listings. */
  pageSize?: number
  faults?: FaultConfig
  signedUrlTtlSeconds?: number
  /** Called when each response is done (or aborted), e.g. to print a log line. */
  onRequest?: (entry: RequestLogEntry) => void
  /** Clock for signed-URL expiry, in ms (tests move it instead of waiting). */
  now?: () => number
  /** Trusted Publishers: the OIDC issuers and publishers POST /oauth/token trusts (none: it refuses). */
  oidc?: OidcConfig
}

export interface LocalHub {
  /** The hub origin, e.g. http://127.0.0.1:41234 (use as HF_ENDPOINT). */
  readonly url: string
  /** The CDN origin that LFS redirects point to. */
  readonly cdnUrl: string
  readonly store: HubStore
  /** Every request to both origins, in arrival order. */
  readonly requests: readonly RequestLogEntry[]
  resetRequests(): void
  /** Setting faults (or undefined) restarts the PRNG from the seed and zeroes the counts. */
  faults: FaultConfig | undefined
  readonly faultsInjected: Readonly<FaultCounts>
  /** True once any request reached the CDN with an Authorization header. */
  readonly cdnSawAuthorization: boolean
  pageSize: number
  signedUrlTtlSeconds: number
  /** POST /oauth/token: set `oauth.config` to choose the trusted issuers, keys and publishers. */
  readonly oauth: OAuthService
  close(): Promise<void>
}

export async function startLocalHub(options: LocalHubOptions): Promise<LocalHub> {
  const host = options.host ?? '127.0.0.1'
  const requests: RequestLogEntry[] = []
  let injector = new FaultInjector(options.faults)
  let pageSize = options.pageSize ?? 50
  let ttlSeconds = options.signedUrlTtlSeconds ?? 3600
  let cdnUrl = ''
  const signer = new UrlSigner(
    () => cdnUrl,
    () => ttlSeconds,
    options.now ?? Date.now
  )
  const oauth = new OAuthService(options.store, () => url, options.oidc)
  const hubContext = {
    oauth,
    store: options.store,
    signer,
    pageSize: () => pageSize,
    listXetHashes: options.listXetHashes ?? true
  }

  const serve =
    (origin: 'hub' | 'cdn', handle: (ex: Exchange) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const log: RequestLogEntry = {
        origin,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: 0,
        bodyBytes: 0,
        ...(req.headers.authorization !== undefined && {
          authorization: req.headers.authorization
        }),
        ...(req.headers.range !== undefined && { range: req.headers.range })
      }
      requests.push(log)
      res.on('close', () => {
        log.status = res.statusCode
        options.onRequest?.(log)
      })
      const faults = injector
      const ex: Exchange = { req, res, log, plan: undefined, faults }
      void (async () => {
        ex.plan = faults.plan(routeOf(origin, req.url ?? '/'))
        if (ex.plan && ex.plan.delayMs > 0) await sleep(ex.plan.delayMs)
        if (ex.plan?.status) await sendInjectedError(ex, ex.plan)
        else await handle(ex)
      })().catch(async (error: unknown) => {
        console.error(`localhub: ${req.method} ${req.url}:`, error)
        if (!res.headersSent) {
          await sendJson(ex, 500, { error: 'Internal Error' }).catch(() => res.destroy())
        } else res.destroy()
      })
    }

  const hubServer = createServer(serve('hub', (ex) => handleHub(ex, hubContext)))
  const cdnServer = createServer(serve('cdn', (ex) => handleCdn(ex, options.store, signer)))
  const hubPort = await listen(hubServer, host, options.port ?? 0)
  let cdn: { port: number; hostname: string }
  try {
    cdn = await listenCdn(cdnServer, host, options.cdnHost, options.cdnPort ?? 0)
  } catch (error) {
    await closeServer(hubServer)
    throw error
  }
  const url = `http://${urlHostname(WILDCARDS.has(host) ? '127.0.0.1' : host)}:${hubPort}`
  cdnUrl = `http://${urlHostname(cdn.hostname)}:${cdn.port}`

  return {
    url,
    cdnUrl,
    store: options.store,
    oauth,
    requests,
    resetRequests: () => {
      requests.length = 0
    },
    get faults() {
      return injector.config
    },
    set faults(config: FaultConfig | undefined) {
      injector = new FaultInjector(config)
    },
    get faultsInjected() {
      return injector.counts
    },
    get cdnSawAuthorization() {
      return requests.some((r) => r.origin === 'cdn' && r.authorization !== undefined)
    },
    get pageSize() {
      return pageSize
    },
    set pageSize(value: number) {
      pageSize = value
    },
    get signedUrlTtlSeconds() {
      return ttlSeconds
    },
    set signedUrlTtlSeconds(value: number) {
      ttlSeconds = value
    },
    close: async () => {
      await Promise.all([closeServer(hubServer), closeServer(cdnServer)])
    }
  }
}

function routeOf(origin: 'hub' | 'cdn', url: string): FaultRoute {
  if (origin === 'cdn') return 'cdn'
  return url.startsWith('/api/') ? 'api' : 'resolve'
}

async function sendInjectedError(ex: Exchange, plan: FaultPlan): Promise<void> {
  if (plan.status === 429) {
    const resource = routeOf(ex.log.origin, ex.req.url ?? '/') === 'api' ? 'api' : 'resolvers'
    await sendJson(
      ex,
      429,
      { error: 'Too Many Requests: you have reached your rate limit (injected fault)' },
      {
        'Retry-After': String(plan.retryAfterSeconds),
        RateLimit: `"${resource}";r=0;t=${plan.retryAfterSeconds}`,
        'RateLimit-Policy': `"fixed window";"${resource}";q=500;w=300`
      }
    )
    return
  }
  await sendJson(ex, plan.status ?? 500, { error: 'Internal Error (injected fault)' })
}

const WILDCARDS = new Set(['0.0.0.0', '::'])

function urlHostname(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * The CDN must differ from the hub by host name, not only by port: huggingface_hub 2.x follows
 * (and sends the token along) any redirect to the same host name. On Linux all of 127.0.0.0/8
 * is loopback, so 127.0.0.2 gives a second host for free; elsewhere "localhost" names it.
 */
async function listenCdn(
  server: Server,
  hubHost: string,
  cdnHost: string | undefined,
  port: number
): Promise<{ port: number; hostname: string }> {
  if (cdnHost !== undefined) {
    const bound = await listen(server, cdnHost, port)
    return { port: bound, hostname: WILDCARDS.has(cdnHost) ? 'localhost' : cdnHost }
  }
  if (hubHost === '127.0.0.1') {
    try {
      return { port: await listen(server, '127.0.0.2', port), hostname: '127.0.0.2' }
    } catch {
      return { port: await listen(server, '127.0.0.1', port), hostname: 'localhost' }
    }
  }
  const bound = await listen(server, hubHost, port)
  return { port: bound, hostname: WILDCARDS.has(hubHost) ? 'localhost' : hubHost }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
    // Keep-alive sockets would hold close() open for seconds.
    server.closeAllConnections()
  })
}
