// Trusted Publishers in the Action, run as a runner runs it: a real process with INPUT_* variables,
// and the runner's OIDC service (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN) served on loopback, so that
// core.getIDToken mints through its real HTTP client. The local hub trusts the test's issuer key.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { TestOidcIssuer } from '../src/localhub/oauth.js'
import { startTestHub, tempDir, type TestHub } from './helpers/env.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const REPOSITORY = 'acme/release-pipeline'
const REQUEST_TOKEN = `runtime-${randomBytes(12).toString('hex')}`

let t: TestHub
let issuer: TestOidcIssuer
let defaults: Record<string, string>

/** The runner's id-token service: GET <url>&audience=AUD with the job's request token → {value}. */
interface IdTokenService {
  url: string
  requests: Array<{ audience: string | null; authorized: boolean }>
  /** What the next id tokens are; default: valid GitHub claims for the audience asked. */
  mint: (audience: string) => string
  minted: string[]
  server: Server
}
let ids: IdTokenService

async function startIdTokenService(): Promise<IdTokenService> {
  const service = {
    requests: [],
    minted: [],
    mint: (audience: string) => issuer.sign(issuer.githubClaims(audience, REPOSITORY))
  } as unknown as IdTokenService
  service.server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const authorized = req.headers.authorization === `Bearer ${REQUEST_TOKEN}`
    service.requests.push({ audience: url.searchParams.get('audience'), authorized })
    if (!authorized || url.searchParams.get('api-version') !== '2.0') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}')
      return
    }
    const value = service.mint(url.searchParams.get('audience') ?? '')
    service.minted.push(value)
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ count: 1, value }))
  })
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve))
  const { port } = service.server.address() as AddressInfo
  // As on a runner: the URL already has a query; core.getIDToken appends &audience=.
  service.url = `http://127.0.0.1:${port}/_apis/distributedtask/hubs/Actions/plans/p/jobs/j/idtoken?api-version=2.0`
  return service
}

interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: string
  errors: string[]
}

/** One step, as action.itg.test.ts runs it; the id-token variables unless `idToken: false`. */
async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { idToken?: boolean } = {}
): Promise<ActionRun> {
  const runnerTemp = await tempDir('mb-runner-')
  const outputPath = join(runnerTemp, 'github_output')
  await writeFile(outputPath, '')
  const inputEnv = Object.fromEntries(
    Object.entries({ ...defaults, ...inputs }).map(([name, value]) => [
      `INPUT_${name.toUpperCase()}`,
      value
    ])
  )
  const proc = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      TSX,
      [join(ROOT, 'src', 'index.ts')],
      {
        cwd: runnerTemp,
        env: {
          PATH: process.env.PATH,
          HOME: '/nonexistent-home',
          GITHUB_ACTIONS: 'true',
          RUNNER_TEMP: runnerTemp,
          GITHUB_OUTPUT: outputPath,
          ...(options.idToken === false
            ? {}
            : {
                ACTIONS_ID_TOKEN_REQUEST_URL: ids.url,
                ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
              }),
          ...inputEnv,
          ...env
        },
        maxBuffer: 64 << 20
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr
        })
    )
  })
  const errors = proc.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'))
  return { ...proc, outputs: await readFile(outputPath, 'utf8'), errors }
}

/**
 * The only lines a secret may appear on are its own `::add-mask::` commands, which the runner eats
 * (core.getIDToken masks the id token, and modelbake masks it again: both are mask lines).
 */
function expectOnlyMasked(run: ActionRun, secret: string) {
  const lines = run.stdout.split('\n').filter((line) => line.includes(secret))
  expect(lines.length).toBeGreaterThan(0)
  expect(new Set(lines)).toEqual(new Set([`::add-mask::${secret}`]))
  expect(run.stderr).not.toContain(secret)
  expect(run.outputs).not.toContain(secret)
}

beforeAll(async () => {
  const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  defaults = Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
  expect(action.inputs).toHaveProperty('oidc-resource')
  t = await startTestHub()
  issuer = new TestOidcIssuer()
  t.hub.oauth.config = {
    issuers: [issuer.trusted],
    publishers: [
      {
        resource: 'acme/private-model',
        issuer: issuer.issuer,
        claims: { repository: REPOSITORY, ref: 'refs/heads/main' }
      }
    ]
  }
  ids = await startIdTokenService()
})
afterAll(async () => {
  ids.server.close()
  await t.close()
})
beforeEach(() => {
  t.hub.resetRequests()
  ids.requests.length = 0
  ids.minted.length = 0
  ids.mint = (audience) => issuer.sign(issuer.githubClaims(audience, REPOSITORY))
})

test('oidc-resource: the job mints an id token for the hub, trades it, and reads the private repo with the result', async () => {
  const exchangesBefore = t.hub.oauth.exchanges.length
  const cache = await tempDir()
  const run = await runAction(
    {
      models: 'acme/private-model',
      'oidc-resource': 'acme/private-model',
      endpoint: t.hub.url,
      'cache-dir': cache
    },
    // A stale long-lived secret in the env loses to OIDC, as in huggingface_hub.
    { HF_TOKEN: 'hf_stale_long_lived_secret' }
  )
  expect({ code: run.code, errors: run.errors, stderr: run.stderr }).toEqual({
    code: 0,
    errors: [],
    stderr: ''
  })
  expect(run.outputs).toContain(t.fixtures.privateModel.commits.main)
  expect(await readdir(cache)).toContain('models--acme--private-model')

  // The runner's service was asked once, with the job's request token, for audience = the endpoint.
  expect(ids.requests).toEqual([{ audience: t.hub.url, authorized: true }])
  // One exchange, shaped as huggingface_hub's; then every Hub call carried the exchanged token.
  expect(t.hub.oauth.exchanges.slice(exchangesBefore)).toEqual([
    expect.objectContaining({
      contentType: 'application/json',
      resource: 'acme/private-model',
      authorization: false,
      status: 200
    })
  ])
  const accessToken = t.hub.oauth.issuedTokens.at(-1)!
  const calls = t.hub.requests.filter((r) => r.origin === 'hub' && r.path !== '/oauth/token')
  expect(calls.length).toBeGreaterThan(0)
  expect(calls.every((r) => r.authorization === `Bearer ${accessToken}`)).toBe(true)
  expect(t.hub.requests.filter((r) => r.origin === 'cdn').every((r) => !r.authorization)).toBe(true)

  // Neither token appears anywhere but in its own mask command.
  expectOnlyMasked(run, ids.minted[0]!)
  expectOnlyMasked(run, accessToken)
  expect(run.stdout).not.toContain('hf_stale_long_lived_secret')
})

test('HF_OIDC_RESOURCE in the step env works as the input does', async () => {
  const run = await runAction(
    { models: 'acme/private-model', endpoint: t.hub.url, 'cache-dir': await tempDir() },
    { HF_OIDC_RESOURCE: 'acme/private-model' }
  )
  expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
  expect(ids.requests).toHaveLength(1)
})

test.each([
  [
    'an expired id token',
    (audience: string) =>
      issuer.sign({
        ...issuer.githubClaims(audience, REPOSITORY),
        exp: Math.floor(Date.now() / 1000) - 60
      }),
    ['invalid_grant', 'The id token has expired']
  ],
  ['a malformed id token', () => 'this.is-not.a-jwt!', ['invalid_grant', 'Malformed id token']],
  [
    'an id token from another repository',
    (audience: string) => issuer.sign(issuer.githubClaims(audience, 'acme/someone-else')),
    ['No trusted publisher of acme/private-model']
  ]
])(
  '%s: the step fails with the Hub’s reason and what to check, and downloads nothing',
  async (_name, mint, says) => {
    ids.mint = mint
    const cache = await tempDir()
    const run = await runAction({
      models: 'acme/private-model',
      'oidc-resource': 'acme/private-model',
      endpoint: t.hub.url,
      'cache-dir': cache
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    const error = run.errors[0]!
    expect(error).toContain(
      'the Hub refused the OIDC token exchange for "acme/private-model" (HTTP 400'
    )
    for (const text of says) expect(error).toContain(text)
    expect(error).toContain('Trusted Publisher')
    expect(error).toContain('token.actions.githubusercontent.com')
    expectOnlyMasked(run, ids.minted[0]!)
    expect(t.hub.requests.filter((r) => r.path !== '/oauth/token')).toEqual([])
    expect(await readdir(cache)).toEqual([])
  }
)

test('without `permissions: id-token: write` the step says so, before any call', async () => {
  const run = await runAction(
    {
      models: 'acme/private-model',
      'oidc-resource': 'acme/private-model',
      endpoint: t.hub.url,
      'cache-dir': await tempDir()
    },
    {},
    { idToken: false }
  )
  expect(run.code).toBe(1)
  expect(run.errors).toHaveLength(1)
  expect(run.errors[0]).toContain('cannot mint a GitHub OIDC id token')
  expect(run.errors[0]).toContain('permissions: id-token: write')
  expect(ids.requests).toEqual([])
  expect(t.hub.requests).toEqual([])
})

test('a token input and oidc-resource together are refused as ambiguous', async () => {
  const run = await runAction({
    models: 'acme/private-model',
    'oidc-resource': 'acme/private-model',
    token: t.fixtures.tokens.reader,
    endpoint: t.hub.url,
    'cache-dir': await tempDir()
  })
  expect(run.code).toBe(1)
  expect(run.errors[0]).toContain('both a `token` input and an OIDC resource')
  expect(ids.requests).toEqual([])
  expectOnlyMasked(run, t.fixtures.tokens.reader)
})

describe('a run that outlives its Hub token', () => {
  // Tokens of 3 s; each 64 KiB weights file takes 4 s from the CDN; one download at a time, so the
  // second repo's requests start after the first token is past its renewal time, or its expiry.
  const TTL_SECONDS = 3
  let base: NonNullable<typeof t.hub.oauth.config>
  beforeEach(() => {
    base = t.hub.oauth.config!
  })
  afterEach(() => {
    t.hub.oauth.config = base
    t.hub.faults = undefined
  })

  test.each([
    ['the Hub says how long it lives: renewed before it expires', {}, 'before its expiry'],
    [
      'the Hub does not say: renewed when the Hub answers 401',
      { advertisedTtlSeconds: null },
      'the Hub refused the last one (HTTP 401)'
    ]
  ])(
    '%s',
    async (_name, lifetime, says) => {
      t.hub.oauth.config = {
        ...base,
        // A CI/CD identity, granted both repos.
        publishers: [
          {
            resource: 'acme',
            issuer: issuer.issuer,
            claims: { repository: REPOSITORY },
            grants: ['acme/private-model', 'acme/gated-model']
          }
        ],
        tokenTtlSeconds: TTL_SECONDS,
        ...lifetime
      }
      t.hub.faults = { bytesPerSecond: 16 * 1024, routes: ['cdn'] }
      const exchangesBefore = t.hub.oauth.exchanges.length
      const issuedBefore = t.hub.oauth.issuedTokens.length
      const cache = await tempDir()
      const run = await runAction({
        models: 'acme/private-model\nacme/gated-model',
        'oidc-resource': 'acme',
        endpoint: t.hub.url,
        'cache-dir': cache,
        concurrency: '1'
      })
      expect({ code: run.code, errors: run.errors, stderr: run.stderr }).toEqual({
        code: 0,
        errors: [],
        stderr: ''
      })
      expect(run.outputs).toContain(t.fixtures.privateModel.commits.main)
      expect(run.outputs).toContain(t.fixtures.gatedModel.commits.main)
      expect(await readdir(cache)).toEqual(
        expect.arrayContaining(['models--acme--private-model', 'models--acme--gated-model'])
      )

      // Exchanged again, each time with a fresh id token from the runner.
      const exchanges = t.hub.oauth.exchanges.slice(exchangesBefore)
      expect(exchanges.length).toBeGreaterThanOrEqual(2)
      expect(exchanges.every((e) => e.status === 200 && e.resource === 'acme')).toBe(true)
      expect(ids.requests).toHaveLength(exchanges.length)
      expect(run.stdout).toContain(
        `Renewed the Hub token (Trusted Publishers)${says.startsWith('before') ? ' ' : ': '}${says}`
      )

      // Every Hub call carried one of the exchanged tokens, more than one in all; the CDN none.
      const issued = t.hub.oauth.issuedTokens.slice(issuedBefore)
      expect(issued).toHaveLength(exchanges.length)
      const calls = t.hub.requests.filter((r) => r.origin === 'hub' && r.path !== '/oauth/token')
      const used = new Set(calls.map((r) => r.authorization?.replace(/^Bearer /, '')))
      expect([...used].every((token) => issued.includes(token!))).toBe(true)
      expect(used.size).toBeGreaterThanOrEqual(2)
      expect(t.hub.requests.filter((r) => r.origin === 'cdn').every((r) => !r.authorization)).toBe(
        true
      )
      const refused = calls.filter((r) => r.status === 401)
      if (says.includes('401')) expect(refused.length).toBeGreaterThanOrEqual(1)
      else expect(refused).toEqual([])

      // No token, id or Hub, anywhere but in its own mask command.
      for (const secret of [...issued, ...ids.minted]) expectOnlyMasked(run, secret)
    },
    60_000
  )
})
