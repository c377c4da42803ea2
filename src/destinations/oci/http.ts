// HTTP for registries: every method the distribution API uses, streamed request bodies, TLS
// verification off only for hosts the user named insecure (or loopback), and redirects (blob
// downloads go to storage on another host) that drop the Authorization header when they leave the
// registry's origin. Retries and auth live in registry-client.ts and registry-auth.ts.
import http from 'node:http'
import https from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { redactUrl, type HttpResponse } from '../../hub/http.js'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RegistryRequest {
  method: Method
  url: string
  headers?: Record<string, string>
  /** A buffer, or a stream of exactly `contentLength` bytes. */
  body?: Buffer | AsyncIterable<Buffer>
  contentLength?: number
  signal?: AbortSignal
}

export class RegistryHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })
  private readonly insecureAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 32,
    rejectUnauthorized: false
  })

  constructor(
    private readonly options: {
      userAgent: string
      /** Hosts (host[:port]) whose TLS certificate is not checked. */
      insecure: (host: string) => boolean
      idleTimeoutMs?: number
    }
  ) {}

  /** One request; GET and HEAD follow redirects. The caller consumes or destroys the body. */
  async send(request: RegistryRequest): Promise<HttpResponse> {
    let url = request.url
    let headers = { ...request.headers }
    const origin = new URL(url).origin
    for (let hop = 0; hop <= 10; hop++) {
      const response = await this.sendOnce({ ...request, url, headers })
      const location = response.headers.location
      const follow =
        (request.method === 'GET' || request.method === 'HEAD') &&
        [301, 302, 303, 307, 308].includes(response.status) &&
        location
      if (!follow) return response
      response.body.resume()
      url = new URL(location, url).toString()
      // Storage URLs are signed: the registry's credentials must not follow the redirect.
      if (new URL(url).origin !== origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization')
        )
      }
    }
    throw new Error(`too many redirects from ${redactUrl(request.url)}`)
  }

  close(): void {
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
    this.insecureAgent.destroy()
  }

  private sendOnce(request: RegistryRequest): Promise<HttpResponse> {
    const url = new URL(request.url)
    const secure = url.protocol === 'https:'
    if (!secure && url.protocol !== 'http:')
      return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`))
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      ...request.headers
    }
    const body = request.body
    if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length)
    else if (body !== undefined) headers['content-length'] = String(request.contentLength ?? 0)
    else if (['POST', 'PUT', 'PATCH'].includes(request.method)) headers['content-length'] = '0'
    const agent = !secure
      ? this.httpAgent
      : this.options.insecure(url.host)
        ? this.insecureAgent
        : this.httpsAgent
    const idle = this.options.idleTimeoutMs ?? 120_000

    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        { method: request.method, headers, agent, signal: request.signal },
        (res) => {
          res.setTimeout(idle, () =>
            res.destroy(Object.assign(new Error('response stalled'), { code: 'ETIMEDOUT' }))
          )
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            url: url.toString(),
            body: res
          })
        }
      )
      req.setTimeout(idle, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }))
      )
      req.on('error', reject)
      if (body === undefined || Buffer.isBuffer(body)) req.end(body)
      else
        pipeline(Readable.from(body), req).catch((error: unknown) => {
          req.destroy(error as Error)
          reject(error)
        })
    })
  }
}
