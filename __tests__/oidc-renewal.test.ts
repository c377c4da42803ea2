// Trusted Publishers' tokens renewed during a run, in process against the local hub with a clock the
// test moves (the hub's expiry and the client's renewal read the same one): a new exchange before
// the expiry, or after the Hub's 401, one at a time, each new token masked; and the Hub client that
// asks the source for each request's token.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HubApi, resolveUrl } from '../src/hub/api.js'
import { HttpClient } from '../src/hub/http.js'
import { tokenFromOidc, type OidcTokenParams } from '../src/hub/oidc.js'
import { TestOidcIssuer } from '../src/localhub/oauth.js'
import { startTestHub, type TestHub } from './helpers/env.js'

const REPOSITORY = 'acme/release-pipeline'
const MIN = 60_000
let t: TestHub
let issuer: TestOidcIssuer
let clock = Date.now()

beforeAll(async () => {
  t = await startTestHub()
  issuer = new TestOidcIssuer()
})
afterAll(() => t.close())

/** A source for acme/private-model, and what it minted, masked and said. */
async function start(options: { advertised?: number | null; mint?: () => Promise<string> } = {}) {
  clock = Date.now()
  t.hub.oauth.config = {
    issuers: [issuer.trusted],
    publishers: [
      {
        resource: 'acme/private-model',
        issuer: issuer.issuer,
        claims: { repository: REPOSITORY }
      }
    ],
    advertisedTtlSeconds: options.advertised,
    now: () => clock
  }
  const seen = { minted: 0, masked: [] as string[], info: [] as string[], warn: [] as string[] }
  const params: OidcTokenParams = {
    resource: 'acme/private-model',
    raw: { endpoint: t.hub.url },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/idtoken?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-request-token'
    },
    getIdToken: async (audience) => {
      seen.minted++
      if (options.mint) return options.mint()
      return issuer.sign(issuer.githubClaims(audience, REPOSITORY, clock))
    },
    setSecret: (value) => seen.masked.push(value),
    retry: { retries: 0 },
    now: () => clock,
    logger: { info: (line) => seen.info.push(line), warn: (line) => seen.warn.push(line) }
  }
  const exchangesBefore = t.hub.oauth.exchanges.length
  const source = (await tokenFromOidc(params))!
  return {
    source,
    seen,
    exchanges: () => t.hub.oauth.exchanges.length - exchangesBefore
  }
}

test('near its expiry, the requests that start wait for one new exchange; until then, the same token', async () => {
  const { source, seen, exchanges } = await start()
  const first = source.token
  expect(await source.current()).toBe(first)
  clock += 54 * MIN
  expect(await source.current()).toBe(first)
  expect(exchanges()).toBe(1)

  clock += MIN // 55 minutes into the Hub's hour
  const tokens = await Promise.all(Array.from({ length: 5 }, () => source.current()))
  const second = tokens[0]!
  expect(second).not.toBe(first)
  expect(new Set(tokens)).toEqual(new Set([second]))
  expect(exchanges()).toBe(2)
  expect(source.exchangeCount).toBe(2)
  expect(seen.minted).toBe(2)
  // Every id token and every Hub token is masked, the Hub token before anyone uses it.
  expect(seen.masked.filter((value) => value.startsWith('hf_jwt_'))).toEqual([first, second])
  expect(seen.masked).toHaveLength(4)
  expect(seen.info).toEqual(['Renewed the Hub token (Trusted Publishers) before its expiry'])
  expect(await source.current()).toBe(second)
})

test('after a 401, one exchange for all who were refused; a token refused before ever working is not renewed again', async () => {
  const { source, seen, exchanges } = await start({ advertised: null })
  const first = source.token
  // No expires_in: never renewed on time, only when refused.
  clock += 24 * 60 * MIN
  expect(await source.current()).toBe(first)

  const renewed = await Promise.all([source.renew(first), source.renew(first), source.renew(first)])
  const second = renewed[0]!
  expect(second).toMatch(/^hf_jwt_/)
  expect(new Set(renewed)).toEqual(new Set([second]))
  expect(exchanges()).toBe(2)
  // A request refused with the old token, answering late: it gets the new one, no exchange.
  expect(await source.renew(first)).toBe(second)
  // The new token refused too, before the Hub ever took it: another would fare no better.
  expect(await source.renew(second)).toBeUndefined()
  expect(exchanges()).toBe(2)
  // Once it has worked, a later 401 renews it again.
  source.accepted(second)
  const third = await source.renew(second)
  expect(third).toMatch(/^hf_jwt_/)
  expect(third).not.toBe(second)
  expect(exchanges()).toBe(3)
  expect(seen.info).toEqual([
    'Renewed the Hub token (Trusted Publishers): the Hub refused the last one (HTTP 401)',
    'Renewed the Hub token (Trusted Publishers): the Hub refused the last one (HTTP 401)'
  ])
})

test('a renewal that fails before the expiry: a warning, the old token goes on; after the expiry, the failure is the run’s', async () => {
  let fail = false
  const { source, seen } = await start({
    mint: async () => {
      if (fail) throw new Error('Failed to get ID Token. Error Code : 503')
      return issuer.sign(issuer.githubClaims(t.hub.url, REPOSITORY, clock))
    }
  })
  const first = source.token
  fail = true
  clock += 56 * MIN
  expect(await source.current()).toBe(first)
  expect(seen.warn).toHaveLength(1)
  expect(seen.warn[0]).toContain(
    'could not renew the Hub token before its expiry, going on with it'
  )
  expect(seen.warn[0]).toContain('Error Code : 503')
  // Not asked again on every request: the next try is when the Hub refuses it.
  expect(await source.current()).toBe(first)
  expect(seen.minted).toBe(2)

  clock += 10 * MIN
  await expect(source.renew(first)).rejects.toThrow(
    `GitHub did not mint an OIDC id token for audience ${t.hub.url}`
  )
})

describe('the Hub client with a token source', () => {
  test('an expired token is renewed on the 401 and the request goes through; the CDN never sees one', async () => {
    // The hub says nothing of the lifetime, so the client learns of the expiry from the 401.
    const { source, exchanges } = await start({ advertised: null })
    const first = source.token
    const http = new HttpClient({ trustedOrigin: t.hub.url, token: source, retry: { retries: 0 } })
    try {
      const api = new HubApi(t.hub.url, http, true)
      const ref = { type: 'model' as const, repo: 'acme/private-model' }
      const commit = await api.resolveRevision(ref, 'main')
      expect(commit).toBe(t.fixtures.privateModel.commits.main)

      clock += 2 * 60 * MIN
      t.hub.resetRequests()
      const files = await api.listFiles(ref, commit)
      expect(files.map((f) => f.path)).toContain('model.safetensors')
      const response = await http.send({
        url: resolveUrl(t.hub.url, ref, commit, 'model.safetensors')
      })
      expect(response.status).toBe(200)
      let bytes = 0
      for await (const chunk of response.body) bytes += (chunk as Buffer).length
      expect(bytes).toBe(64 * 1024)

      const second = source.token
      expect(second).not.toBe(first)
      expect(exchanges()).toBe(2)
      const seen = t.hub.requests.map((r) => ({
        origin: r.origin,
        status: r.status,
        token: r.authorization?.replace('Bearer ', '')
      }))
      expect(seen).toEqual([
        { origin: 'hub', status: 401, token: first },
        { origin: 'hub', status: 200, token: undefined },
        { origin: 'hub', status: 200, token: second },
        { origin: 'hub', status: 302, token: second },
        { origin: 'cdn', status: 200, token: undefined }
      ])
      expect(t.hub.requests[1]!.path).toBe('/oauth/token')
    } finally {
      http.close()
    }
  })

  test.each([
    ['about the repo (X-Error-Code: RepoNotFound): answered as it is', 'RepoNotFound', 1],
    ['about the credentials: renewed, and sent once more', undefined, 2]
  ])('a 401 %s', async (_name, code, requests) => {
    const { source, exchanges } = await start()
    const first = source.token
    // A Hub that refuses everything, as huggingface.co answers a private repo it hides.
    const seen: Array<string | undefined> = []
    const server: Server = createServer((req, res) => {
      seen.push(req.headers.authorization)
      res
        .writeHead(401, {
          'content-type': 'application/json',
          ...(code ? { 'x-error-code': code } : {})
        })
        .end('{"error":"Invalid credentials in Authorization header"}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const http = new HttpClient({ trustedOrigin: endpoint, token: source, retry: { retries: 0 } })
    try {
      const response = await http.send({ url: `${endpoint}/api/models/acme/x/revision/main` })
      expect(response.status).toBe(401)
      response.body.resume()
      expect(seen).toHaveLength(requests)
      expect(seen[0]).toBe(`Bearer ${first}`)
      expect(exchanges()).toBe(requests)
      if (requests === 2) expect(seen[1]).toBe(`Bearer ${source.token}`)
    } finally {
      http.close()
      server.close()
    }
  })
})
