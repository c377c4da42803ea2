// Where registry credentials come from, first found wins:
//   1. --registry-username / --registry-password (for the registries modelbake pushes to);
//   2. the Docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): credHelpers, then
//      credsStore, then auths (what `docker login` and docker/login-action write);
//   3. the containers auth file (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json: what
//      `skopeo login`, `podman login` and `buildah login` write);
//   4. GITHUB_TOKEN for ghcr.io (the Actions token, with `packages: write`).
// Nothing here is ever logged: callers only learn which source answered.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Credential {
  username?: string
  password?: string
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user). */
  identityToken?: string
  /** Where it came from, for messages: "--registry-username", "docker config", ... */
  source: string
}

export interface CredentialOptions {
  env: Record<string, string | undefined>
  flags?: { username: string; password: string }
  /** Registries the flags apply to (the destinations'). */
  flagRegistries: ReadonlySet<string>
  /** Runs `docker-credential-<name> get`; tests pass their own. */
  runHelper?: (
    name: string,
    serverUrl: string,
    env: Record<string, string | undefined>
  ) => Promise<string>
}

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/'

interface AuthFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** `registry` is how references name it: "docker.io", "ghcr.io", "127.0.0.1:5000". */
export async function findCredential(
  registry: string,
  options: CredentialOptions
): Promise<Credential | undefined> {
  const { env } = options
  if (options.flags && options.flagRegistries.has(registry)) {
    return { ...options.flags, source: '--registry-username/--registry-password' }
  }
  const dockerDir = env.DOCKER_CONFIG ?? (env.HOME ? join(env.HOME, '.docker') : undefined)
  const files: Array<[string, string | undefined]> = [
    ['docker config', dockerDir && join(dockerDir, 'config.json')],
    ['containers auth file', env.REGISTRY_AUTH_FILE],
    [
      'containers auth file',
      env.XDG_RUNTIME_DIR && join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')
    ]
  ]
  for (const [source, path] of files) {
    if (!path) continue
    const file = await readAuthFile(path)
    if (!file) continue
    const found = await fromAuthFile(file, registry, source, options)
    if (found) return found
  }
  if (registry === 'ghcr.io' && env.GITHUB_TOKEN) {
    return {
      username: env.GITHUB_ACTOR || 'modelbake',
      password: env.GITHUB_TOKEN,
      source: 'GITHUB_TOKEN'
    }
  }
  return undefined
}

async function readAuthFile(path: string): Promise<AuthFile | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as AuthFile
  } catch {
    return undefined
  }
}

/** "https://index.docker.io/v1/" → "docker.io"; "https://ghcr.io" → "ghcr.io". */
export function registryOfKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '')
  return ['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(host)
    ? 'docker.io'
    : host
}

async function fromAuthFile(
  file: AuthFile,
  registry: string,
  source: string,
  options: CredentialOptions
): Promise<Credential | undefined> {
  const serverUrl = registry === 'docker.io' ? DOCKER_HUB_KEY : registry
  const helper =
    Object.entries(file.credHelpers ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1] ??
    file.credsStore
  if (helper) {
    const found = await fromHelper(helper, serverUrl, options)
    if (found) return found
  }
  const entry = Object.entries(file.auths ?? {}).find(
    ([key]) => registryOfKey(key) === registry
  )?.[1]
  if (!entry) return undefined
  if (entry.identitytoken) return { identityToken: entry.identitytoken, source }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source }
    }
  }
  if (entry.username && entry.password) {
    return { username: entry.username, password: entry.password, source }
  }
  return undefined
}

async function fromHelper(
  name: string,
  serverUrl: string,
  options: CredentialOptions
): Promise<Credential | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return undefined
  let out: string
  try {
    out = await (options.runHelper ?? runHelper)(name, serverUrl, options.env)
  } catch {
    // Not installed, or no credentials for this server: other sources may still answer.
    return undefined
  }
  try {
    const { Username, Secret } = JSON.parse(out) as { Username?: string; Secret?: string }
    if (!Secret) return undefined
    const source = `docker-credential-${name}`
    if (Username === '<token>') return { identityToken: Secret, source }
    return { username: Username ?? '', password: Secret, source }
  } catch {
    return undefined
  }
}

/** `docker-credential-<name> get` with the server URL on stdin; its JSON answer on stdout. */
function runHelper(
  name: string,
  serverUrl: string,
  env: Record<string, string | undefined>
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(`docker-credential-${name}`, ['get'], {
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: 30_000
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`credential helper exited ${code}`))
    )
    child.stdin.end(serverUrl)
  })
}
