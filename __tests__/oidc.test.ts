// Trusted Publishers against the local hub, in process: what modelbake sends to POST /oauth/token
// (huggingface_hub's request), what the hub checks in the id token (signature, issuer, audience,
// expiry, claims) and how it refuses, the short-lived token it returns (read access, then expiry),
// and how tokenFromOidc picks, mints and masks tokens.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ModelbakeError, UsageError } from '../src/core/errors.js'
import {
  checkOidcResource,
  exchangeIdToken,
  ID_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT_TYPE,
  tokenFromOidc
} from '../src/hub/oidc.js'
import { TestOidcIssuer } from '../src/localhub/oauth.js'
import { cli, startTestHub, tempDir, type TestHub } from './helpers/env.js'

const REPOSITORY = 'acme/release-pipeline'
let t: TestHub
let issuer: TestOidcIssuer
let clock = Date.now()

beforeAll(async () => {
  t = await startTestHub()
  issuer = new TestOidcIssuer()
  t.hub.oauth.config = {
    issuers: [issuer.trusted],
    publishers: [
      // A repo publisher: this GitHub repo's main branch may read acme/private-model.
      {
        resource: 'acme/private-model',
        issuer: issuer.issuer,
        claims: { repository: REPOSITORY, ref: 'refs/heads/main' }
      },
      // A CI/CD identity: the user "acme" lets this repo's jobs pass the gated repos it was granted.
      {
        resource: 'acme',
        issuer: issuer.issuer,
        claims: { sub: `repo:${REPOSITORY}:ref:refs/heads/main` },
        grants: ['acme/gated-model']
      }
    ],
    now: () => clock
  }
})
afterAll(() => t.close())
beforeEach(() => {
  clock = Date.now()
})

const claims = (overrides: Record<string, unknown> = {}) => ({
  ...issuer.githubClaims(t.hub.url, REPOSITORY, clock),
  ...overrides
})
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

async function fetchRepo(spec: string, token: string) {
  return cli([spec, '--endpoint', t.hub.url, '--cache-dir', await tempDir(), '--quiet'], {
    HF_TOKEN: token,
    MODELBAKE_RETRIES: '0'
  })
}

describe('the exchange', () => {
  test('a GitHub id token becomes a short-lived token that reads the private repo, and only it', async () => {
    const before = t.hub.oauth.exchanges.length
    const subjectToken = issuer.sign(claims())
    const { accessToken, expiresIn } = await exchangeIdToken({
      endpoint: t.hub.url,
      subjectToken,
      resource: 'acme/private-model'
    })
    expect(accessToken).toMatch(/^hf_jwt_/)
    expect(expiresIn).toBe(3600)
    // The request huggingface_hub sends (_oidc.py): JSON, RFC 8693 grant, no Authorization header.
    expect(t.hub.oauth.exchanges.slice(before)).toEqual([
      {
        contentType: 'application/json',
        grantType: TOKEN_EXCHANGE_GRANT_TYPE,
        subjectTokenType: ID_TOKEN_TYPE,
        resource: 'acme/private-model',
        authorization: false,
        status: 200
      }
    ])
    expect((await fetchRepo('acme/private-model', accessToken)).code).toBe(0)
    const gated = await fetchRepo('acme/gated-model', accessToken)
    expect(gated.code).toBe(1)
    expect(gated.stderr).toContain('gated')
  })

  test('a user name as resource (CI/CD identity): the token passes the gated repos granted', async () => {
    const { accessToken } = await exchangeIdToken({
      endpoint: t.hub.url,
      subjectToken: issuer.sign(claims()),
      resource: 'acme'
    })
    expect((await fetchRepo('acme/gated-model', accessToken)).code).toBe(0)
    expect((await fetchRepo('acme/private-model', accessToken)).code).toBe(1)
  })

  test('the exchanged token expires: an hour later the hub refuses it as invalid credentials', async () => {
    const { accessToken } = await exchangeIdToken({
      endpoint: t.hub.url,
      subjectToken: issuer.sign(claims()),
      resource: 'acme/private-model'
    })
    clock += 3600 * 1000
    const late = await fetchRepo('acme/private-model', accessToken)
    expect(late.code).toBe(1)
    expect(late.stderr).toContain('HTTP 401')
    expect(late.stderr).toContain('invalid or expired')
    expect(late.stderr).not.toContain(accessToken)
  })

  const other = new TestOidcIssuer()
  test.each([
    ['not a JWT', () => 'not-a-jwt', 'Malformed id token'],
    ['two parts', () => `${b64({ alg: 'RS256' })}.${b64(claims())}`, 'Malformed id token'],
    [
      'a payload that is not JSON',
      () => `${b64({ alg: 'RS256' })}.bm90IGpzb24.${'A'.repeat(40)}`,
      'not JSON'
    ],
    ['unsigned (alg none)', () => `${b64({ alg: 'none' })}.${b64(claims())}.`, 'algorithm "none"'],
    ['HS256', () => issuer.sign(claims(), { alg: 'HS256' }), 'algorithm "HS256"'],
    [
      'signed with a key the issuer does not publish',
      () => other.sign(claims(), { kid: issuer.kid }),
      'Invalid id token signature'
    ],
    [
      'a payload changed after signing',
      () => {
        const [head, , signature] = issuer.sign(claims()).split('.')
        return `${head}.${b64(claims({ repository: 'acme/attacker' }))}.${signature}`
      },
      'Invalid id token signature'
    ],
    [
      'an untrusted issuer',
      () => issuer.sign(claims({ iss: 'https://token.example.com' })),
      'Untrusted issuer'
    ],
    [
      'the audience of another hub',
      () => issuer.sign(claims({ aud: 'https://huggingface.co' })),
      'audience'
    ],
    ['expired', () => issuer.sign(claims({ exp: Math.floor(clock / 1000) - 1 })), 'expired'],
    [
      'not valid yet',
      () => issuer.sign(claims({ nbf: Math.floor(clock / 1000) + 600 })),
      'not valid yet'
    ],
    ['without exp', () => issuer.sign(claims({ exp: undefined })), 'no expiry'],
    [
      'claims that match no publisher (another repository)',
      () => issuer.sign(claims({ repository: 'acme/other-repo' })),
      'No trusted publisher of acme/private-model'
    ]
  ])(
    'refused: %s → 400 invalid_grant, said plainly, token never echoed',
    async (_name, make, says) => {
      const subjectToken = make()
      const error = await exchangeIdToken({
        endpoint: t.hub.url,
        subjectToken,
        resource: 'acme/private-model'
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ModelbakeError)
      const { message, hint } = error as ModelbakeError
      expect(message).toContain('the Hub refused the OIDC token exchange for "acme/private-model"')
      expect(message).toContain('HTTP 400, invalid_grant: ')
      expect(message).toContain(says)
      expect(hint).toContain('Trusted Publisher')
      expect(`${message}${hint}`).not.toContain(subjectToken.split('.')[1] || subjectToken)
      expect(t.hub.oauth.exchanges.at(-1)).toMatchObject({ status: 400, error: 'invalid_grant' })
    }
  )

  test('a resource no publisher names is refused too', async () => {
    await expect(
      exchangeIdToken({
        endpoint: t.hub.url,
        subjectToken: issuer.sign(claims()),
        resource: 'acme/tiny-model'
      })
    ).rejects.toThrow('No trusted publisher of acme/tiny-model')
  })

  test('the endpoint speaks RFC 8693 forms too, and refuses other grants and bad requests', async () => {
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${t.hub.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': type },
        body
      })
    const form = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT_TYPE,
      subject_token_type: ID_TOKEN_TYPE,
      subject_token: issuer.sign(claims()),
      resource: 'acme/private-model'
    })
    const ok = await post(form.toString())
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    expect(await ok.json()).toEqual({
      access_token: expect.stringMatching(/^hf_jwt_/),
      token_type: 'bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      expires_in: 3600
    })
    const refused = async (body: string, type?: string) => {
      const response = await post(body, type)
      return { status: response.status, body: await response.json() }
    }
    const withField = (name: string, value: string | undefined) => {
      const copy = new URLSearchParams(form)
      if (value === undefined) copy.delete(name)
      else copy.set(name, value)
      return copy.toString()
    }
    expect(await refused(withField('grant_type', 'client_credentials'))).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: expect.any(String) }
    })
    expect(
      await refused(withField('subject_token_type', 'urn:ietf:params:oauth:token-type:jwt'))
    ).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
    expect(await refused(withField('subject_token', undefined))).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Missing subject_token' }
    })
    expect(await refused(withField('resource', undefined))).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Missing resource' }
    })
    expect(await refused('{not json', 'application/json')).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' }
    })
    expect((await fetch(`${t.hub.url}/oauth/token`)).status).toBe(405)
  })

  test('an endpoint without the exchange: a message that says so', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not Found"}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const error = (await exchangeIdToken({
        endpoint,
        subjectToken: 'x.y.z',
        resource: 'acme/private-model'
      }).catch((e: unknown) => e)) as ModelbakeError
      expect(error.message).toContain('HTTP 404, Not Found')
      expect(error.hint).toContain('offers no Trusted Publishers token exchange')
    } finally {
      server.close()
    }
  })
})

describe('resources', () => {
  test.each(['acme/x', 'datasets/acme/x', 'spaces/acme/x', 'kernels/acme/x', 'acme', ' acme/x '])(
    'accepted: %j',
    (resource) => expect(checkOidcResource(resource)).toBe(resource.trim())
  )
  test.each(['', 'acme/x/y', 'a b', 'https://huggingface.co/acme/x', 'acme/x:main', 'datasets/'])(
    'refused, naming the input: %j',
    (resource) => {
      expect(() => checkOidcResource(resource)).toThrow(UsageError)
      expect(() => checkOidcResource(resource)).toThrow('the `oidc-resource` input is')
    }
  )
})

describe('tokenFromOidc', () => {
  const setup = (env: Record<string, string | undefined> = {}) => {
    const calls: string[] = []
    const audiences: string[] = []
    return {
      calls,
      audiences,
      params: {
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/idtoken?api-version=2.0',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-request-token',
          ...env
        },
        getIdToken: async (audience: string) => {
          audiences.push(audience)
          calls.push('mint')
          return issuer.sign(claims({ aud: audience }))
        },
        setSecret: (value: string) => calls.push(`mask ${value.slice(0, 7)}`),
        retry: { retries: 0 }
      }
    }
  }

  test('mints for the endpoint as audience, masks the id token, exchanges, masks the result first', async () => {
    const { params, calls, audiences } = setup()
    const source = await tokenFromOidc({
      ...params,
      resource: 'acme/private-model',
      raw: { endpoint: `${t.hub.url}/` }
    })
    const token = source?.token
    expect(audiences).toEqual([t.hub.url])
    expect(calls).toEqual(['mint', `mask ${'eyJ0eXA'}`, 'mask hf_jwt_'])
    expect(t.hub.oauth.issuedTokens).toContain(token)
  })

  test('HF_OIDC_RESOURCE and HF_ENDPOINT as huggingface_hub reads them; HF_OIDC_ID_TOKEN is used as given', async () => {
    const { params, calls, audiences } = setup({
      HF_OIDC_RESOURCE: 'acme/private-model',
      HF_ENDPOINT: t.hub.url,
      HF_OIDC_ID_TOKEN: issuer.sign(claims())
    })
    const token = (await tokenFromOidc({ ...params, resource: undefined, raw: {} }))?.token
    expect(audiences).toEqual([])
    expect(calls).toEqual([`mask ${'eyJ0eXA'}`, 'mask hf_jwt_'])
    expect(t.hub.oauth.issuedTokens).toContain(token)
  })

  test('not asked for, or offline: no token, nothing minted', async () => {
    const { params, calls } = setup()
    expect(await tokenFromOidc({ ...params, resource: undefined, raw: {} })).toBeUndefined()
    expect(await tokenFromOidc({ ...params, resource: '  ', raw: {} })).toBeUndefined()
    expect(
      await tokenFromOidc({ ...params, resource: 'acme/x', raw: { offline: true } })
    ).toBeUndefined()
    const offlineEnv = setup({ HF_HUB_OFFLINE: '1' })
    expect(
      await tokenFromOidc({ ...offlineEnv.params, resource: 'acme/x', raw: {} })
    ).toBeUndefined()
    expect([...calls, ...offlineEnv.calls]).toEqual([])
  })

  test('a token input as well is ambiguous: refused', async () => {
    const { params } = setup()
    await expect(
      tokenFromOidc({ ...params, resource: 'acme/x', raw: { token: 'hf_x' } })
    ).rejects.toThrow('both a `token` input and an OIDC resource')
  })

  test('without the id-token permission: says which permission the job needs', async () => {
    const { params, calls } = setup({
      ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined
    })
    const error = (await tokenFromOidc({
      ...params,
      resource: 'acme/x',
      raw: { endpoint: t.hub.url }
    }).catch((e: unknown) => e)) as ModelbakeError
    expect(error.message).toContain('cannot mint a GitHub OIDC id token')
    expect(error.hint).toContain('permissions: id-token: write')
    expect(calls).toEqual([])
  })

  test('a minting failure is explained, with the audience asked for', async () => {
    const { params } = setup()
    const error = (await tokenFromOidc({
      ...params,
      getIdToken: async () => {
        throw new Error('Failed to get ID Token. Error Code : 403')
      },
      resource: 'acme/x',
      raw: { endpoint: t.hub.url }
    }).catch((e: unknown) => e)) as ModelbakeError
    expect(error.message).toContain(
      `GitHub did not mint an OIDC id token for audience ${t.hub.url}`
    )
    expect(error.message).toContain('403')
  })
})
