// Turns what a person typed (CLI flags or Action inputs, plus the environment) into RunOptions.
// Pure but for the token file, which is read through a function passed in. Everything here fails
// before any network call, with a message that names the bad value.
import { resolveCacheDir } from './core/cache-dir.js'
import { UsageError } from './core/errors.js'
import { mergeSpecs, parseSpec, parseSpecDocument, specsFromEnv } from './core/spec.js'
import type { RepoSpec } from './core/types.js'
import { parseDestination } from './destinations/index.js'
import { directWritesWanted } from './fetch/direct-write.js'
import type { RunOptions } from './pipeline/run.js'
import { parseShard } from './pipeline/shard.js'

export type Env = Record<string, string | undefined>

/** Options as strings, the way both front doors receive them. */
export interface RawOptions {
  specs?: string[]
  models?: string[]
  datasets?: string[]
  /** Contents of --spec-file files, with their names. */
  specFiles?: Array<{ name: string; text: string }>
  allow?: string[]
  ignore?: string[]
  cacheDir?: string
  endpoint?: string
  token?: string
  concurrency?: string
  offline?: boolean
  dryRun?: boolean
  /** --lock FILE (write or, with --locked, check); --locked alone uses modelbake.lock.json. */
  lock?: string
  locked?: boolean
  /** --shard i/n (src/pipeline/shard.ts). */
  shard?: string
  /** Destinations (`--to`), and the options only some of them read. */
  to?: string[]
  destinationOptions?: Record<string, unknown>
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co'
export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_LOCK_FILE = 'modelbake.lock.json'

export interface ConfigDeps {
  env: Env
  /** Reads $HF_HOME/token (or ~/.cache/huggingface/token); undefined when absent. */
  readTokenFile?: (path: string) => string | undefined
}

export function buildRunOptions(raw: RawOptions, deps: ConfigDeps): RunOptions {
  const { env } = deps
  const specs = collectSpecs(raw, env)
  const endpoint = parseEndpoint(raw.endpoint ?? env.HF_ENDPOINT ?? DEFAULT_ENDPOINT)
  const offline = raw.offline || isTrue(env.HF_HUB_OFFLINE)
  return {
    specs,
    allow: cleanPatterns(raw.allow, '--allow'),
    ignore: cleanPatterns(raw.ignore, '--ignore'),
    cacheDir: resolveCacheDir(emptyToUndefined(raw.cacheDir), env),
    endpoint,
    token: resolveToken(raw.token, deps),
    concurrency: parseConcurrency(raw.concurrency),
    offline,
    dryRun: Boolean(raw.dryRun),
    retry: retryFromEnv(env),
    directWrites: directWritesWanted(env),
    lock:
      raw.lock?.trim() || raw.locked
        ? { path: raw.lock?.trim() || DEFAULT_LOCK_FILE, locked: Boolean(raw.locked) }
        : undefined,
    ...(raw.shard?.trim() ? { shard: parseShard(raw.shard) } : {}),
    destinations: (raw.to ?? [])
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text) => parseDestination(text, { ...raw.destinationOptions, env }))
  }
}

/** MODELBAKE_RETRIES and MODELBAKE_RETRY_BASE_MS tune the backoff (tests shorten it). */
export function retryFromEnv(env: Env): RunOptions['retry'] {
  const read = (name: string, max: number) => {
    const text = env[name]
    if (text === undefined || text.trim() === '') return undefined
    const value = Number(text)
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new UsageError(`invalid ${name} "${text}"`, {
        hint: `use a whole number from 0 to ${max}`
      })
    }
    return value
  }
  const retries = read('MODELBAKE_RETRIES', 100)
  const baseDelayMs = read('MODELBAKE_RETRY_BASE_MS', 600_000)
  return {
    ...(retries !== undefined ? { retries } : {}),
    ...(baseDelayMs !== undefined ? { baseDelayMs } : {})
  }
}

export function collectSpecs(raw: RawOptions, env: Env): RepoSpec[] {
  const specs: RepoSpec[] = []
  ;(raw.specs ?? []).forEach((text, i) => {
    specs.push(parseSpec(text.trim(), { source: `argument ${i + 1}` }))
  })
  for (const text of raw.models ?? [])
    specs.push(...parseSpecDocument(text, { type: 'model', source: 'models' }))
  for (const text of raw.datasets ?? [])
    specs.push(...parseSpecDocument(text, { type: 'dataset', source: 'datasets' }))
  for (const file of raw.specFiles ?? [])
    specs.push(...parseSpecDocument(file.text, { type: 'model', source: file.name }))
  if (specs.length === 0) specs.push(...specsFromEnv(env))
  if (specs.length === 0) {
    throw new UsageError('no repo to fetch', {
      hint: 'name one as org/name[:revision] (an argument, or the `models` input of the Action), or set RUNPOD_HUGGINGFACE_MODEL / HUGGINGFACE_MODELS'
    })
  }
  // One entry per repo and revision: equal duplicates collapse, conflicting ones are an error.
  return mergeSpecs(specs)
}

export function resolveToken(flag: string | undefined, deps: ConfigDeps): string | undefined {
  const { env } = deps
  const candidates = [flag, env.HF_TOKEN, env.HUGGING_FACE_HUB_TOKEN, env.RUNPOD_HUGGINGFACE_TOKEN]
  for (const candidate of candidates) {
    const token = emptyToUndefined(candidate)
    if (token) return checkToken(token)
  }
  if (!deps.readTokenFile) return undefined
  const home =
    env.HF_HOME ??
    (env.XDG_CACHE_HOME
      ? `${env.XDG_CACHE_HOME}/huggingface`
      : env.HOME
        ? `${env.HOME}/.cache/huggingface`
        : undefined)
  const stored = home ? emptyToUndefined(deps.readTokenFile(`${home}/token`)) : undefined
  return stored ? checkToken(stored) : undefined
}

/** Any non-blank printable token is accepted: OIDC-exchanged and org tokens need not start with hf_. */
function checkToken(token: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\s\x00-\x1f\x7f]/.test(token)) {
    throw new UsageError('the Hub token contains whitespace or control characters', {
      hint: 'copy the token again without spaces or line breaks'
    })
  }
  return token
}

export function parseEndpoint(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new UsageError(`invalid endpoint "${text}"`, {
      hint: 'use a URL such as https://huggingface.co'
    })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`invalid endpoint "${text}": only http(s) URLs are supported`, {
      hint: 'use a URL such as https://huggingface.co'
    })
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError('the endpoint must not carry credentials, a query or a fragment', {
      hint: 'pass the token with --token or HF_TOKEN, and the endpoint as https://host[/path]'
    })
  }
  return url.toString().replace(/\/+$/, '')
}

export function parseConcurrency(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_CONCURRENCY
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    throw new UsageError(`invalid concurrency "${text}"`, {
      hint: 'use a whole number from 1 to 256 (default 8)'
    })
  }
  return value
}

function cleanPatterns(patterns: string[] | undefined, flag: string): string[] | undefined {
  if (!patterns) return undefined
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p !== '')
  for (const pattern of cleaned) {
    if (pattern.includes('\0'))
      throw new UsageError(`${flag} pattern contains a NUL byte`, { hint: 'remove it' })
  }
  return cleaned.length > 0 ? cleaned : undefined
}

/** huggingface_hub's truthy env values. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(value.trim().toUpperCase())
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
