// Where S3 is and who we are there, as the AWS CLI and SDKs find it:
//   credentials  AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the profile
//                (AWS_PROFILE, else "default") in AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials),
//                then in AWS_CONFIG_FILE (~/.aws/config, sections "[profile NAME]")
//   region       --s3-region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1
//   endpoint     --s3-endpoint, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url,
//                else AWS itself. Custom endpoints (R2, MinIO, RunPod, ...) use path-style addressing.
// Pure but for reading the two profile files, through a function passed in.
import { UsageError } from '../../core/errors.js'
import type { Credentials } from './sigv4.js'

export type Env = Readonly<Record<string, string | undefined>>

export interface S3Config {
  /** Origin (and optional base path) of the service, without a trailing slash. */
  endpoint: string
  /** true: `endpoint/bucket/key`; false: `bucket.host/key` (AWS, DNS-compatible bucket names). */
  pathStyle: boolean
  region: string
  /** undefined: anonymous requests (public buckets, for `pull`). */
  credentials?: Credentials
  /** Where the credentials came from, for messages (never the secrets themselves). */
  credentialSource: string
}

export interface S3ConfigInput {
  env: Env
  endpoint?: string
  region?: string
  /** Reads a file, undefined when absent. */
  readFile?: (path: string) => string | undefined
}

/** An INI file as the AWS CLI reads it: `[section]` then `key = value` lines, `#`/`;` comments. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[\s*(.+?)\s*\]$/.exec(line)
    if (header) {
      current = sections.get(header[1]) ?? new Map()
      sections.set(header[1], current)
      continue
    }
    const eq = line.indexOf('=')
    if (current && eq > 0 && !/^\s/.test(raw))
      current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim())
  }
  return sections
}

const set = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim()

export function resolveS3Config(input: S3ConfigInput): S3Config {
  const { env } = input
  const read = input.readFile ?? (() => undefined)
  const home = set(env.HOME) ?? set(env.USERPROFILE)
  const profile = set(env.AWS_PROFILE) ?? set(env.AWS_DEFAULT_PROFILE) ?? 'default'
  const credentialsFile =
    set(env.AWS_SHARED_CREDENTIALS_FILE) ?? (home ? `${home}/.aws/credentials` : undefined)
  const configFile = set(env.AWS_CONFIG_FILE) ?? (home ? `${home}/.aws/config` : undefined)
  const lazy = <T>(load: () => T) => {
    let value: { v: T } | undefined
    return () => (value ??= { v: load() }).v
  }
  const credentialsIni = lazy(() => {
    const text = credentialsFile ? read(credentialsFile) : undefined
    return text ? parseIni(text).get(profile) : undefined
  })
  const configIni = lazy(() => {
    const text = configFile ? read(configFile) : undefined
    if (!text) return undefined
    const ini = parseIni(text)
    return profile === 'default'
      ? (ini.get('default') ?? ini.get('profile default'))
      : ini.get(`profile ${profile}`)
  })

  let credentials: Credentials | undefined
  let credentialSource = 'none (anonymous requests)'
  const envKey = set(env.AWS_ACCESS_KEY_ID)
  const envSecret = set(env.AWS_SECRET_ACCESS_KEY)
  if (envKey || envSecret) {
    if (!envKey || !envSecret) {
      throw new UsageError(
        `${envKey ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set, but ${envKey ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is`,
        { hint: 'set both, or neither to use a profile from ~/.aws/credentials' }
      )
    }
    credentials = { accessKeyId: envKey, secretAccessKey: envSecret }
    const token = set(env.AWS_SESSION_TOKEN) ?? set(env.AWS_SECURITY_TOKEN)
    if (token) credentials.sessionToken = token
    credentialSource = 'environment (AWS_ACCESS_KEY_ID)'
  } else {
    for (const [section, file] of [
      [credentialsIni(), credentialsFile],
      [configIni(), configFile]
    ] as const) {
      const key = set(section?.get('aws_access_key_id'))
      const secret = set(section?.get('aws_secret_access_key'))
      if (key && secret) {
        credentials = { accessKeyId: key, secretAccessKey: secret }
        const token = set(section?.get('aws_session_token'))
        if (token) credentials.sessionToken = token
        credentialSource = `profile "${profile}" in ${file}`
        break
      }
    }
    if (!credentials && set(env.AWS_PROFILE)) {
      throw new UsageError(`AWS profile "${profile}" has no access keys`, {
        hint: `add aws_access_key_id and aws_secret_access_key under [${profile}] in ${credentialsFile ?? '~/.aws/credentials'} (SSO, credential_process and instance roles are not supported: export AWS_ACCESS_KEY_ID etc. instead)`
      })
    }
  }

  const region =
    set(input.region) ??
    set(env.AWS_REGION) ??
    set(env.AWS_DEFAULT_REGION) ??
    set(configIni()?.get('region')) ??
    'us-east-1'
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw new UsageError(`invalid AWS region ${JSON.stringify(region)}`, {
      hint: 'use a region name such as us-east-1 (Cloudflare R2: auto)'
    })
  }

  const custom =
    set(input.endpoint) ??
    set(env.AWS_ENDPOINT_URL_S3) ??
    set(env.AWS_ENDPOINT_URL) ??
    set(configIni()?.get('endpoint_url'))
  const endpoint = custom ? parseEndpoint(custom) : `https://s3.${region}.amazonaws.com`
  return { endpoint, pathStyle: custom !== undefined, region, credentials, credentialSource }
}

function parseEndpoint(text: string): string {
  let url: URL
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`)
  } catch {
    throw new UsageError(`invalid S3 endpoint ${JSON.stringify(text)}`, {
      hint: 'use a URL such as https://ACCOUNT.r2.cloudflarestorage.com'
    })
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new UsageError(`invalid S3 endpoint ${JSON.stringify(text)}`, {
      hint: 'use an http(s) URL without a query, e.g. https://s3api-eu-ro-1.runpod.io'
    })
  }
  if (url.username || url.password) {
    throw new UsageError('the S3 endpoint must not carry credentials', {
      hint: 'pass them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
    })
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
