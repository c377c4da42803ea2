// Registry authentication, as Docker does it: a request answered 401 names its scheme in
// WWW-Authenticate. `Basic` takes the credentials on every request; `Bearer realm=…,service=…`
// sends them (or nothing, for anonymous pulls) to the realm for a token good for the scopes asked
// (`repository:org/model:pull,push`, plus `repository:other:pull` for a cross-repository mount).
// Tokens are cached per scope set until shortly before they expire.
import { ModelbakeError } from '../../core/errors.js'
import { readText } from '../../hub/http.js'
import type { Credential } from './credentials.js'
import type { RegistryHttp } from './http.js'

export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/** `Bearer realm="https://x/token",service="x",scope="a b", Basic realm="y"` → challenges. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = []
  let i = 0
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i])) i++
  }
  const token = () => {
    const start = i
    while (i < header.length && /[^\s,=]/.test(header[i])) i++
    return header.slice(start, i)
  }
  while (i < header.length) {
    skip(/[\s,]/)
    const word = token()
    if (word === '') break
    skip(/\s/)
    if (header[i] !== '=') {
      challenges.push({ scheme: word.toLowerCase(), params: {} })
      continue
    }
    i++ // '='
    skip(/\s/)
    let value = ''
    if (header[i] === '"') {
      i++
      while (i < header.length && header[i] !== '"') {
        if (header[i] === '\\') i++
        value += header[i] ?? ''
        i++
      }
      i++
    } else value = token()
    const current = challenges[challenges.length - 1]
    if (current) current.params[word.toLowerCase()] = value
  }
  return challenges
}

interface Token {
  value: string
  expiresAt: number
}

export class RegistryAuth {
  private basic = false
  private bearer?: Challenge
  private readonly tokens = new Map<string, Promise<Token>>()
  private credential?: Promise<Credential | undefined>

  constructor(
    private readonly registry: string,
    private readonly http: RegistryHttp,
    private readonly lookup: () => Promise<Credential | undefined>,
    private readonly now: () => number = Date.now
  ) {}

  private creds(): Promise<Credential | undefined> {
    this.credential ??= this.lookup()
    return this.credential
  }

  /** The Authorization header for a request needing `scopes`, when one is known to be needed. */
  async header(scopes: string[]): Promise<string | undefined> {
    if (this.basic) return basicHeader(await this.creds())
    if (!this.bearer) return undefined
    return `Bearer ${(await this.token(scopes)).value}`
  }

  /**
   * After a 401: learn the scheme from its challenge and forget the token that was refused.
   * Returns false when nothing else can be tried (the caller then reports the 401).
   */
  async challenged(wwwAuthenticate: string | undefined, scopes: string[]): Promise<boolean> {
    const challenges = parseChallenges(wwwAuthenticate ?? '')
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm)
    if (bearer) {
      this.bearer = bearer
      this.basic = false
      this.tokens.delete(scopeKey(scopes))
      return true
    }
    if (challenges.some((c) => c.scheme === 'basic') && (await this.creds())) {
      this.basic = true
      return true
    }
    return false
  }

  private token(scopes: string[]): Promise<Token> {
    const key = scopeKey(scopes)
    const cached = this.tokens.get(key)
    if (cached) {
      return cached.then((token) => {
        if (token.expiresAt > this.now()) return token
        this.tokens.delete(key)
        return this.token(scopes)
      })
    }
    const fresh = this.fetchToken(scopes)
    this.tokens.set(key, fresh)
    fresh.catch(() => this.tokens.delete(key))
    return fresh
  }

  private async fetchToken(scopes: string[]): Promise<Token> {
    const challenge = this.bearer!
    const credential = await this.creds()
    const realm = new URL(challenge.params.realm)
    const service = challenge.params.service
    let response
    if (credential?.identityToken) {
      // OAuth2 refresh-token grant (Docker's identity tokens).
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.identityToken,
        client_id: 'modelbake',
        ...(service ? { service } : {}),
        scope: scopes.join(' ')
      })
      response = await this.http.send({
        method: 'POST',
        url: realm.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString())
      })
    } else {
      if (service) realm.searchParams.set('service', service)
      for (const scope of scopes) realm.searchParams.append('scope', scope)
      if (credential?.username) realm.searchParams.set('account', credential.username)
      const authorization = basicHeader(credential)
      response = await this.http.send({
        method: 'GET',
        url: realm.toString(),
        headers: authorization ? { authorization } : {}
      })
    }
    const text = await readText(response.body, 1024 * 1024)
    if (response.status === 401 || response.status === 403) {
      throw new ModelbakeError(
        `${this.registry} refused ${credential ? `the credentials from ${credential.source}` : 'anonymous access'} (HTTP ${response.status} from its token service)`,
        { hint: credentialHint(this.registry, credential) }
      )
    }
    if (response.status < 200 || response.status >= 300) {
      throw new ModelbakeError(
        `the token service of ${this.registry} answered HTTP ${response.status}`,
        { hint: 'retry later; check the registry status' }
      )
    }
    let body: { token?: string; access_token?: string; expires_in?: number }
    try {
      body = JSON.parse(text)
    } catch {
      throw new ModelbakeError(`the token service of ${this.registry} sent no JSON`)
    }
    const value = body.token ?? body.access_token
    if (!value) throw new ModelbakeError(`the token service of ${this.registry} sent no token`)
    // Tokens live 60 s unless told otherwise; renew 10 s early.
    const lifetime = Math.max(10, body.expires_in ?? 60)
    return { value, expiresAt: this.now() + (lifetime - 10) * 1000 }
  }
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}

function basicHeader(credential: Credential | undefined): string | undefined {
  if (!credential?.username || credential.password === undefined) return undefined
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`
}

export function credentialHint(registry: string, credential: Credential | undefined): string {
  if (credential)
    return `check the credentials from ${credential.source}, and that they may push/pull there`
  const ghcr = registry === 'ghcr.io' ? ', or set GITHUB_TOKEN (with packages: write)' : ''
  return `log in (docker login ${registry}), or pass --registry-username and --registry-password${ghcr}`
}
