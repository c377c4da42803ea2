// POST /oauth/token: the Hub's Trusted Publishers exchange (RFC 8693). A CI job's OIDC id token
// (an RS256 JWT) is checked against the issuers and publishers the test configured (signature, iss,
// aud, exp, nbf, claims), and traded for a short-lived token that the hub then accepts for what the
// publisher grants. Errors are RFC 6749's `{"error", "error_description"}` with 400, as the Hub
// answers (invalid_grant for a token it will not trade). The id token is never logged or echoed.
import {
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign as signBytes,
  verify as verifyBytes,
  type JsonWebKey,
  type KeyObject
} from 'node:crypto'
import { readBody, sendJson, type Exchange } from './http.js'
import type { HubStore } from './store.js'

export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token'

/** An OIDC issuer the hub trusts, with its public signing keys (a JWKS's `keys`). */
export interface TrustedIssuer {
  issuer: string
  keys: JsonWebKey[]
}

/** A Trusted Publisher: who may get a token for `resource`, and what that token reads. */
export interface TrustedPublisher {
  /** What the exchange names: a repo (org/name, datasets/org/name) or a user name. */
  resource: string
  issuer: string
  /** Claims the id token must carry with exactly these values (sub, repository, environment...). */
  claims: Record<string, string>
  /** Repos the token reads (HubStore grant syntax). Default: the resource itself. */
  grants?: string[]
}

export interface OidcConfig {
  issuers: TrustedIssuer[]
  publishers: TrustedPublisher[]
  /** The `aud` the hub accepts. Default: its own URL (as huggingface.co accepts https://huggingface.co). */
  audience?: string
  /**
   * Lifetime of exchanged tokens (default 3600, as the Hub's); fractions allowed. Past it, the hub
   * answers 401 to the token, as to an unknown one.
   */
  tokenTtlSeconds?: number
  /**
   * The `expires_in` the exchange answers: default the true lifetime; another number to mislead the
   * client (a token revoked early); null to leave it out, as a server that does not say.
   */
  advertisedTtlSeconds?: number | null
  /** Clock in ms, for exp/nbf and for the exchanged tokens' expiry (tests move it). */
  now?: () => number
}

/** One exchange as the hub saw it (no tokens), for tests to check what clients send. */
export interface ExchangeRecord {
  contentType: string
  grantType?: string
  subjectTokenType?: string
  resource?: string
  /** True when the request carried an Authorization header (it should not). */
  authorization: boolean
  status: number
  error?: string
}

interface OAuthFailure {
  status: number
  error: string
  description: string
}

export class OAuthService {
  config: OidcConfig | undefined
  readonly exchanges: ExchangeRecord[] = []
  /** Exchanged token → expiry (ms). */
  private readonly issued = new Map<string, number>()

  constructor(
    private readonly store: HubStore,
    private readonly hubUrl: () => string,
    config?: OidcConfig
  ) {
    this.config = config
  }

  private now(): number {
    return (this.config?.now ?? Date.now)()
  }

  /** Whether `token` came from an exchange and has expired (the hub then treats it as unknown). */
  expired(token: string): boolean {
    const expiresAt = this.issued.get(token)
    return expiresAt !== undefined && this.now() >= expiresAt
  }

  /** The tokens handed out so far (tests check where they went). */
  get issuedTokens(): string[] {
    return [...this.issued.keys()]
  }

  async handle(ex: Exchange): Promise<void> {
    const record: ExchangeRecord = {
      contentType: String(ex.req.headers['content-type'] ?? ''),
      authorization: ex.req.headers.authorization !== undefined,
      status: 0
    }
    this.exchanges.push(record)
    const answer = async (status: number, body: Record<string, unknown>) => {
      record.status = status
      if (typeof body.error === 'string') record.error = body.error
      await sendJson(ex, status, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' })
    }
    if (ex.req.method !== 'POST') {
      await answer(405, { error: 'invalid_request', error_description: 'Use POST' })
      return
    }
    let form: Record<string, unknown>
    try {
      form = parseForm((await readBody(ex.req, 64 * 1024)).toString('utf8'), record.contentType)
    } catch {
      await answer(400, { error: 'invalid_request', error_description: 'Malformed request body' })
      return
    }
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined)
    record.grantType = field('grant_type')
    record.subjectTokenType = field('subject_token_type')
    record.resource = field('resource')
    const result = this.exchange({
      grantType: record.grantType,
      subjectTokenType: record.subjectTokenType,
      subjectToken: field('subject_token'),
      resource: record.resource
    })
    if ('error' in result) {
      await answer(result.status, { error: result.error, error_description: result.description })
      return
    }
    const advertised = this.config?.advertisedTtlSeconds
    await answer(200, {
      access_token: result.token,
      token_type: 'bearer',
      issued_token_type: ACCESS_TOKEN_TYPE,
      ...(advertised === null ? {} : { expires_in: advertised ?? result.expiresIn })
    })
  }

  private exchange(request: {
    grantType?: string
    subjectTokenType?: string
    subjectToken?: string
    resource?: string
  }): OAuthFailure | { token: string; expiresIn: number } {
    const invalidRequest = (description: string) => ({
      status: 400,
      error: 'invalid_request',
      description
    })
    if (request.grantType !== TOKEN_EXCHANGE_GRANT_TYPE) {
      return {
        status: 400,
        error: 'unsupported_grant_type',
        description: `Unsupported grant_type: expected ${TOKEN_EXCHANGE_GRANT_TYPE}`
      }
    }
    if (request.subjectTokenType !== ID_TOKEN_TYPE) {
      return invalidRequest(`Unsupported subject_token_type: expected ${ID_TOKEN_TYPE}`)
    }
    if (!request.subjectToken) return invalidRequest('Missing subject_token')
    if (!request.resource) return invalidRequest('Missing resource')
    const config = this.config
    if (!config) {
      return { status: 400, error: 'invalid_grant', description: 'No trusted publisher configured' }
    }
    const verified = verifyIdToken(request.subjectToken, {
      issuers: config.issuers,
      audience: config.audience ?? this.hubUrl(),
      nowSeconds: Math.floor(this.now() / 1000)
    })
    if ('error' in verified) return verified
    const claims = verified.claims
    const publisher = config.publishers.find(
      (p) =>
        p.resource === request.resource &&
        p.issuer === claims.iss &&
        Object.entries(p.claims).every(([key, value]) => claims[key] === value)
    )
    if (!publisher) {
      return {
        status: 400,
        error: 'invalid_grant',
        description: `No trusted publisher of ${request.resource} matches this token's issuer and claims`
      }
    }
    const ttl = config.tokenTtlSeconds ?? 3600
    const token = `hf_jwt_${randomBytes(24).toString('base64url')}`
    this.store.addToken(token, { repos: publisher.grants ?? [publisher.resource] })
    this.issued.set(token, this.now() + ttl * 1000)
    return { token, expiresIn: ttl }
  }
}

/** huggingface_hub posts JSON; RFC 8693 clients post a form. */
function parseForm(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    const value = JSON.parse(body) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('not an object')
    return value as Record<string, unknown>
  }
  return Object.fromEntries(new URLSearchParams(body))
}

type Claims = Record<string, unknown> & {
  iss?: unknown
  aud?: unknown
  exp?: unknown
  nbf?: unknown
}

/** An RS256 id token, checked as an OIDC relying party checks it. */
export function verifyIdToken(
  jwt: string,
  trust: { issuers: TrustedIssuer[]; audience: string; nowSeconds: number }
): OAuthFailure | { claims: Claims } {
  const bad = (description: string): OAuthFailure => ({
    status: 400,
    error: 'invalid_grant',
    description
  })
  const parts = jwt.split('.')
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return bad('Malformed id token: expected a JWT (header.payload.signature, base64url)')
  }
  let head: { alg?: unknown; kid?: unknown }
  let claims: Claims
  try {
    head = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof head
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Claims
    if (
      typeof head !== 'object' ||
      head === null ||
      typeof claims !== 'object' ||
      claims === null
    ) {
      throw new Error('not objects')
    }
  } catch {
    return bad('Malformed id token: its header or payload is not JSON')
  }
  if (head.alg !== 'RS256') return bad(`Unsupported id token algorithm ${JSON.stringify(head.alg)}`)
  const issuer = trust.issuers.find((i) => i.issuer === claims.iss)
  if (!issuer) return bad(`Untrusted issuer ${JSON.stringify(claims.iss)}`)
  const candidates = issuer.keys.filter((key) => head.kid === undefined || jwkKid(key) === head.kid)
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
  const signature = Buffer.from(parts[2]!, 'base64url')
  const valid = candidates.some((jwk) => {
    try {
      return verifyBytes('sha256', signed, createPublicKey({ key: jwk, format: 'jwk' }), signature)
    } catch {
      return false
    }
  })
  if (!valid) return bad('Invalid id token signature')
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.includes(trust.audience)) {
    return bad(`Invalid id token audience: expected ${trust.audience}`)
  }
  if (typeof claims.exp !== 'number') return bad('The id token has no expiry (exp)')
  if (trust.nowSeconds >= claims.exp) return bad('The id token has expired')
  if (typeof claims.nbf === 'number' && trust.nowSeconds < claims.nbf) {
    return bad('The id token is not valid yet (nbf)')
  }
  return { claims }
}

function jwkKid(jwk: JsonWebKey): unknown {
  return (jwk as { kid?: unknown }).kid
}

/**
 * A stand-in for GitHub's OIDC issuer: an RSA key pair, its public JWKs, and RS256 id tokens with
 * the claims a GitHub Actions job gets (tests override any of them, or break the token on purpose).
 */
export class TestOidcIssuer {
  readonly kid = randomUUID()
  private readonly privateKey: KeyObject
  readonly publicJwk: JsonWebKey

  constructor(readonly issuer = 'https://token.actions.githubusercontent.com') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    this.privateKey = privateKey
    this.publicJwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: this.kid,
      alg: 'RS256',
      use: 'sig'
    }
  }

  get trusted(): TrustedIssuer {
    return { issuer: this.issuer, keys: [this.publicJwk] }
  }

  /** GitHub's claims for a push to main of `repository`, valid for 5 minutes from `nowMs`. */
  githubClaims(audience: string, repository: string, nowMs = Date.now()): Record<string, unknown> {
    const now = Math.floor(nowMs / 1000)
    const [owner] = repository.split('/')
    return {
      jti: randomUUID(),
      sub: `repo:${repository}:ref:refs/heads/main`,
      aud: audience,
      ref: 'refs/heads/main',
      repository,
      repository_owner: owner,
      workflow_ref: `${repository}/.github/workflows/release.yml@refs/heads/main`,
      event_name: 'push',
      runner_environment: 'github-hosted',
      iss: this.issuer,
      nbf: now - 5,
      iat: now - 5,
      exp: now + 300
    }
  }

  sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const signingInput = `${encode({ typ: 'JWT', alg: 'RS256', kid: this.kid, ...header })}.${encode(claims)}`
    const signature = signBytes('sha256', Buffer.from(signingInput), this.privateKey)
    return `${signingInput}.${signature.toString('base64url')}`
  }
}
