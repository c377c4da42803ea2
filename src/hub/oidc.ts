// Trusted Publishers: a short-lived Hub token for a CI job, with no long-lived secret. The job mints
// an OIDC id token whose audience is the Hub endpoint (GitHub Actions: core.getIDToken, with
// `permissions: id-token: write`) and exchanges it at POST {endpoint}/oauth/token (RFC 8693), the
// request huggingface_hub sends when HF_OIDC_RESOURCE is set (_oidc.py: exchange_oidc_token).
// Neither token ever reaches a message: both are masked (setSecret) before anything can print them.
// The Hub's token lives an hour: OidcTokenSource mints and exchanges again before it expires (or
// after a 401 for it), so that a longer run goes on with a fresh one.
import { DEFAULT_ENDPOINT, isTrue, parseEndpoint, type Env } from '../config.js'
import { formatError, ModelbakeError, UsageError } from '../core/errors.js'
import { validateRepoId } from '../core/spec.js'
import { expiresAt, isRenewDue, type TokenLifetime } from '../core/token-lifetime.js'
import type { Logger } from '../report/logger.js'
import { header, HttpClient, type RetryPolicy, type TokenSource } from './http.js'

export const TOKEN_EXCHANGE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
/** GitHub Actions' issuer: what a Trusted Publisher on the Hub names for a GitHub workflow. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

const RESOURCE_HINT =
  'give the repo whose Trusted Publisher trusts this workflow (org/name, datasets/org/name, ' +
  'spaces/org/name), or the user name of a CI/CD identity'

/**
 * What the token is scoped to, as huggingface_hub documents it: a repo (`org/name`,
 * `datasets/org/name`, `spaces/org/name`, `kernels/org/name`), or a bare user name.
 */
export function checkOidcResource(text: string, what = 'the `oidc-resource` input'): string {
  const resource = text.trim()
  const repo = resource.replace(/^(models|datasets|spaces|kernels)\//, '')
  const problem = validateRepoId(repo)
  if (problem) {
    throw new UsageError(`${what} is ${JSON.stringify(resource)}: ${problem}`, {
      hint: RESOURCE_HINT
    })
  }
  return resource
}

export interface ExchangeParams {
  endpoint: string
  /** The raw id token (a JWT). It goes in the request body only, never in a message. */
  subjectToken: string
  resource: string
  http?: HttpClient
  retry?: Partial<RetryPolicy>
}

export interface ExchangedToken {
  accessToken: string
  /** Seconds, as the Hub said (1 hour on huggingface.co). */
  expiresIn?: number
}

/** POST {endpoint}/oauth/token with huggingface_hub's JSON body; the Hub's OAuth errors, explained. */
export async function exchangeIdToken(params: ExchangeParams): Promise<ExchangedToken> {
  const { endpoint, subjectToken, resource } = params
  // No token of ours goes with the exchange: the id token is the credential.
  const http = params.http ?? new HttpClient({ trustedOrigin: endpoint, retry: params.retry })
  const scrub = (text: string) => text.split(subjectToken).join('<id token>')
  try {
    const { data } = await http.json<{ access_token?: unknown; expires_in?: unknown }>(
      {
        method: 'POST',
        url: `${endpoint}/oauth/token`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          grant_type: TOKEN_EXCHANGE_GRANT_TYPE,
          subject_token_type: ID_TOKEN_TYPE,
          subject_token: subjectToken,
          resource
        })
      },
      (response, text) => {
        throw exchangeError(
          response.status,
          oauthError(text, header(response.headers, 'x-error-message')),
          {
            endpoint,
            resource,
            scrub
          }
        )
      }
    )
    const accessToken = data.access_token
    if (typeof accessToken !== 'string' || accessToken.trim() === '') {
      throw new ModelbakeError(
        `the Hub's token exchange at ${endpoint} answered without an access_token`,
        {
          hint: `check that ${endpoint} is a Hugging Face Hub endpoint`
        }
      )
    }
    return {
      accessToken: accessToken.trim(),
      expiresIn: typeof data.expires_in === 'number' ? data.expires_in : undefined
    }
  } finally {
    if (!params.http) http.close()
  }
}

interface OAuthError {
  error?: string
  description?: string
}

/** RFC 6749's `{"error", "error_description"}`, or the Hub's `{"error"}` / X-Error-Message. */
function oauthError(text: string, headerMessage: string | undefined): OAuthError {
  try {
    const data = JSON.parse(text) as { error?: unknown; error_description?: unknown }
    return {
      error: typeof data.error === 'string' ? data.error : undefined,
      description:
        typeof data.error_description === 'string' ? data.error_description : headerMessage
    }
  } catch {
    return { description: headerMessage }
  }
}

function exchangeError(
  status: number,
  { error, description }: OAuthError,
  context: { endpoint: string; resource: string; scrub: (text: string) => string }
): ModelbakeError {
  const { endpoint, resource, scrub } = context
  const said = [error, description]
    .filter((part): part is string => Boolean(part))
    .map((part) => scrub(part).slice(0, 500))
    .join(': ')
  const head = `the Hub refused the OIDC token exchange for "${resource}" (HTTP ${status}${said ? `, ${said}` : ''})`
  if (status === 404 || status === 405) {
    return new ModelbakeError(head, {
      hint: `${endpoint} offers no Trusted Publishers token exchange: use a token (HF_TOKEN) instead`
    })
  }
  if (error === 'invalid_grant') {
    return new ModelbakeError(head, {
      hint:
        `on the Hub, the Trusted Publisher of "${resource}" must name issuer ${GITHUB_OIDC_ISSUER} ` +
        `and claims that match this job exactly (repository, workflow, environment); the id token ` +
        `must be unexpired, with audience ${endpoint}`
    })
  }
  return new ModelbakeError(head, {
    hint: `check that ${endpoint} is a Hugging Face Hub that supports Trusted Publishers`
  })
}

export interface OidcTokenParams {
  /** The `oidc-resource` input; HF_OIDC_RESOURCE when empty. */
  resource: string | undefined
  /** What the other inputs say: a `token` input conflicts; offline runs need no token. */
  raw: { token?: string; endpoint?: string; offline?: boolean }
  env: Env
  /** Mints an id token for an audience: core.getIDToken on a runner. */
  getIdToken: (audience: string) => Promise<string>
  /** Masks a value in the job's log: core.setSecret. */
  setSecret: (value: string) => void
  retry?: Partial<RetryPolicy>
  /** Clock in ms, for the token's renewal (tests move it). */
  now?: () => number
  /** Says when the token is renewed. */
  logger?: Pick<Logger, 'info' | 'warn'>
}

/**
 * The exchanged Hub token, masked, as a source that renews it; undefined when OIDC is not asked for.
 * Like huggingface_hub, an OIDC resource wins over HF_TOKEN, and a failed exchange is an error, never
 * a silent fallback.
 */
export async function tokenFromOidc(params: OidcTokenParams): Promise<OidcTokenSource | undefined> {
  const { raw, env } = params
  const fromInput = params.resource?.trim() ? params.resource : undefined
  const text = fromInput ?? (env.HF_OIDC_RESOURCE?.trim() ? env.HF_OIDC_RESOURCE : undefined)
  if (text === undefined) return undefined
  const resource = checkOidcResource(
    text,
    fromInput ? 'the `oidc-resource` input' : 'HF_OIDC_RESOURCE'
  )
  if (raw.token) {
    throw new UsageError('both a `token` input and an OIDC resource are given', {
      hint: 'keep one: `oidc-resource` (Trusted Publishers, no stored secret) or `token`'
    })
  }
  // Offline runs read the cache only: no Hub call, so no token to mint.
  if (raw.offline || isTrue(env.HF_HUB_OFFLINE)) return undefined
  const endpoint = parseEndpoint(raw.endpoint ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT)

  // huggingface_hub's HF_OIDC_ID_TOKEN: an id token minted elsewhere (other CI providers). It is
  // exchanged again as it is, for as long as it is valid.
  const given = env.HF_OIDC_ID_TOKEN?.trim() || undefined
  if (given) params.setSecret(given)
  const source = new OidcTokenSource({
    endpoint,
    resource,
    idToken: given ? async () => given : () => mintGithubIdToken(endpoint, params),
    setSecret: params.setSecret,
    retry: params.retry,
    now: params.now,
    logger: params.logger
  })
  await source.start()
  return source
}

export interface OidcTokenSourceOptions {
  endpoint: string
  resource: string
  /** A fresh id token, masked (core.getIDToken on a runner). */
  idToken: () => Promise<string>
  /** Masks each exchanged token, before anything else sees it. */
  setSecret: (value: string) => void
  retry?: Partial<RetryPolicy>
  /** Clock in ms (tests move it). */
  now?: () => number
  /** Says when and why the token was renewed, never the token. */
  logger?: Pick<Logger, 'info' | 'warn'>
}

/**
 * The Hub token of a run, renewed by a new exchange when it is near its expiry (src/core/
 * token-lifetime.ts) or refused with 401. One exchange at a time: requests that need a new token
 * together wait for the same one; requests under way keep the token they started with.
 */
export class OidcTokenSource implements TokenSource {
  private value = ''
  private lifetime: TokenLifetime = { obtainedAt: 0 }
  private pending?: Promise<string>
  /** The Hub took the current token at least once. */
  private taken = false
  /** The current token came from a renewal after a 401. */
  private after401 = false
  private exchanges = 0
  private readonly now: () => number

  constructor(private readonly options: OidcTokenSourceOptions) {
    this.now = options.now ?? Date.now
  }

  /** The token now (what a run starts with). */
  get token(): string {
    return this.value
  }

  /** Exchanges done so far. */
  get exchangeCount(): number {
    return this.exchanges
  }

  /** The first exchange: its failure fails the run before any Hub call. */
  start(): Promise<string> {
    return this.once(() => this.exchange(false))
  }

  current(): Promise<string> {
    if (!this.pending && isRenewDue(this.lifetime, this.now()))
      this.once(() => this.renewBeforeExpiry())
    return this.pending ?? Promise.resolve(this.value)
  }

  async renew(rejected: string): Promise<string | undefined> {
    if (this.pending) return this.pending
    // Another request has renewed it already.
    if (rejected !== this.value) return this.value
    // A token fresh from a renewal, refused before the Hub ever took it: another would fare no better.
    if (this.after401 && !this.taken) return undefined
    return this.once(async () => {
      const token = await this.exchange(true)
      this.options.logger?.info(
        'Renewed the Hub token (Trusted Publishers): the Hub refused the last one (HTTP 401)'
      )
      return token
    })
  }

  accepted(token: string): void {
    if (token === this.value) this.taken = true
  }

  private async renewBeforeExpiry(): Promise<string> {
    try {
      const token = await this.exchange(false)
      this.options.logger?.info('Renewed the Hub token (Trusted Publishers) before its expiry')
      return token
    } catch (error) {
      if (this.now() >= expiresAt(this.lifetime)) throw error
      // The old token has some life left: go on with it, and exchange again if the Hub refuses it.
      this.lifetime = { obtainedAt: this.lifetime.obtainedAt }
      this.options.logger?.warn(
        `could not renew the Hub token before its expiry, going on with it: ${formatError(error)}`
      )
      return this.value
    }
  }

  /** One renewal at a time: whoever needs a token meanwhile waits for this one. */
  private once(make: () => Promise<string>): Promise<string> {
    const pending = make().finally(() => {
      if (this.pending === pending) this.pending = undefined
    })
    this.pending = pending
    return pending
  }

  private async exchange(after401: boolean): Promise<string> {
    const obtainedAt = this.now()
    const subjectToken = await this.options.idToken()
    const { accessToken, expiresIn } = await exchangeIdToken({
      endpoint: this.options.endpoint,
      subjectToken,
      resource: this.options.resource,
      retry: this.options.retry
    })
    this.options.setSecret(accessToken)
    this.value = accessToken
    this.lifetime = { obtainedAt, expiresIn }
    this.taken = false
    this.after401 = after401
    this.exchanges++
    return accessToken
  }
}

async function mintGithubIdToken(endpoint: string, params: OidcTokenParams): Promise<string> {
  const permission =
    'give the job `permissions: id-token: write` (with `contents: read`), which lets the runner mint OIDC id tokens'
  if (!params.env.ACTIONS_ID_TOKEN_REQUEST_URL || !params.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ModelbakeError(
      'cannot mint a GitHub OIDC id token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set',
      { hint: permission }
    )
  }
  let idToken: string
  try {
    // The audience is the endpoint itself, as huggingface_hub asks (https://huggingface.co).
    idToken = await params.getIdToken(endpoint)
  } catch (error) {
    throw new ModelbakeError(
      `GitHub did not mint an OIDC id token for audience ${endpoint}: ${(error as Error).message ?? String(error)}`,
      { hint: permission, cause: error }
    )
  }
  // core.getIDToken masks it already; a test double may not.
  params.setSecret(idToken)
  return idToken
}
