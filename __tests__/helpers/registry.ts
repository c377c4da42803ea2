// Real image tools for the image tests: the CNCF distribution registry (Debian's docker-registry)
// started on a loopback port, behind a small proxy that records every request (so a test can see
// what was uploaded, independently of modelbake's own report); a token service for the registry's
// Bearer flow; and skopeo, umoci and buildah run with private storage in temporary folders.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createSign, randomUUID } from 'node:crypto'
import { rm, writeFile, mkdtemp } from 'node:fs/promises'
import http from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { selfSignedCertificate } from './certificate.js'

export const USERNAME = 'modelbake-test'
export const PASSWORD = 'modelbake-test-password'
/** bcrypt of PASSWORD (the registry's htpasswd wants bcrypt; Node has none). */
const PASSWORD_BCRYPT = '$2b$04$j8JXJTw9B8SQ7JBMbkEeYeHpgwBlH2xD7cGzsLz2wfuoFgoofQEV.'

export interface LoggedRequest {
  method: string
  path: string
  query: string
  /** Bytes of the request body. */
  bytes: number
  status: number
  authorization?: 'basic' | 'bearer'
}

export interface TestRegistry {
  /** host:port of the proxy in front of the registry: what tests push to. */
  host: string
  requests: LoggedRequest[]
  faults: RegistryFaults
  /** Token requests the token service answered (Bearer registries). */
  tokenRequests: Array<{ scopes: string[]; user?: string }>
  dir: string
  close(): Promise<void>
}

export type RegistryAuthMode = 'none' | 'basic' | 'token'

/** Failures the proxy injects, each counted down as it happens. */
export interface RegistryFaults {
  /** Answer this many HEAD requests with 503. */
  unavailable?: number
  /** Break this many PATCH requests after `cutAfterBytes` bytes of their body. */
  cutPatches?: number
  cutAfterBytes?: number
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {}
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {
        env: { ...process.env, ...options.env } as NodeJS.ProcessEnv,
        cwd: options.cwd,
        maxBuffer: 256 << 20
      },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`))
        else resolve({ stdout, stderr })
      }
    )
    if (options.input !== undefined) child.stdin?.end(options.input)
  })
}

export async function startRegistry(auth: RegistryAuthMode = 'none'): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-registry-'))
  const [registryPort, proxyPort] = [await freePort(), await freePort()]
  const tokenRequests: TestRegistry['tokenRequests'] = []
  let tokenServer: http.Server | undefined
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${registryPort}`,
    `  secret: ${randomUUID()}`
  ]
  if (auth === 'basic') {
    await writeFile(join(dir, 'htpasswd'), `${USERNAME}:${PASSWORD_BCRYPT}\n`)
    lines.push(
      'auth:',
      '  htpasswd:',
      '    realm: modelbake-test',
      `    path: ${join(dir, 'htpasswd')}`
    )
  }
  if (auth === 'token') {
    const { key, cert: certPem } = await selfSignedCertificate(dir, 'token', 'modelbake-test-token')
    const certDer = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
    const tokenPort = await freePort()
    tokenServer = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const header = req.headers.authorization ?? ''
      const decoded = header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString()
        : undefined
      const scopes = url.searchParams.getAll('scope')
      if (decoded !== `${USERNAME}:${PASSWORD}`) {
        tokenRequests.push({ scopes })
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"no"}')
        return
      }
      tokenRequests.push({ scopes, user: USERNAME })
      const now = Math.floor(Date.now() / 1000)
      const access = scopes.map((scope) => {
        const [type, ...rest] = scope.split(':')
        const actions = rest.pop()!.split(',')
        return { type, name: rest.join(':'), actions }
      })
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
      const head = b64({ typ: 'JWT', alg: 'RS256', x5c: [certDer] })
      const body = b64({
        iss: 'modelbake-test-issuer',
        sub: USERNAME,
        aud: 'modelbake-test-registry',
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access
      })
      const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key, 'base64url')
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: `${head}.${body}.${signature}`, expires_in: 300 }))
    })
    await new Promise<void>((resolve) => tokenServer!.listen(tokenPort, '127.0.0.1', resolve))
    lines.push(
      'auth:',
      '  token:',
      `    realm: http://127.0.0.1:${tokenPort}/token`,
      '    service: modelbake-test-registry',
      '    issuer: modelbake-test-issuer',
      `    rootcertbundle: ${join(dir, 'token.crt')}`
    )
    void certPem
  }
  await writeFile(join(dir, 'config.yml'), `${lines.join('\n')}\n`)
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)))

  // The proxy: forwards everything (Host included, so the registry's Location headers point back
  // here) and records method, path, body bytes and status.
  const requests: LoggedRequest[] = []
  const faults: RegistryFaults = {}
  const proxy = http.createServer((req, res) => {
    let bytes = 0
    if (faults.unavailable && faults.unavailable > 0 && req.method === 'HEAD') {
      faults.unavailable--
      req.resume()
      requests.push({
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        query: '',
        bytes: 0,
        status: 503
      })
      res.writeHead(503, { 'retry-after': '0' }).end()
      return
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: registryPort,
        method: req.method,
        path: req.url,
        headers: req.headers
      },
      (answer) => {
        const authorization = req.headers.authorization?.split(' ')[0].toLowerCase()
        requests.push({
          method: req.method ?? '',
          path: (req.url ?? '').split('?')[0],
          query: (req.url ?? '').split('?')[1] ?? '',
          bytes,
          status: answer.statusCode ?? 0,
          ...(authorization === 'basic' || authorization === 'bearer' ? { authorization } : {})
        })
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      // A connection that breaks in the middle of a chunk.
      if (
        req.method === 'PATCH' &&
        (faults.cutPatches ?? 0) > 0 &&
        bytes > (faults.cutAfterBytes ?? 4096)
      ) {
        faults.cutPatches!--
        requests.push({
          method: 'PATCH',
          path: (req.url ?? '').split('?')[0],
          query: '',
          bytes,
          status: 0
        })
        req.unpipe(upstream)
        upstream.end()
        req.socket.destroy()
      }
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve))

  const deadline = Date.now() + 20_000
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${registryPort}/v2/`)
      .then((r) => r.status === 200 || r.status === 401)
      .catch(() => false)
    if (ok) break
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`docker-registry did not start: ${log}`)
    await sleep(50)
  }

  return {
    host: `127.0.0.1:${proxyPort}`,
    requests,
    faults,
    tokenRequests,
    dir,
    async close() {
      child.kill('SIGTERM')
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : child.once('exit', resolve)
      )
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
      if (tokenServer) {
        tokenServer.closeAllConnections()
        await new Promise((resolve) => tokenServer!.close(resolve))
      }
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** Blob bytes sent to the registry (PATCH/PUT bodies on upload URLs). */
export function uploadedBytes(requests: LoggedRequest[]): number {
  return requests
    .filter(
      (r) => (r.method === 'PATCH' || r.method === 'PUT') && r.path.includes('/blobs/uploads/')
    )
    .reduce((sum, r) => sum + r.bytes, 0)
}

/** skopeo with TLS checks off (the registry is plain HTTP on loopback), and no stored credentials. */
export function skopeo(args: string[], options: { creds?: boolean } = {}) {
  const [verb, ...rest] = args
  const copy = verb === 'copy'
  const tls = copy ? ['--src-tls-verify=false', '--dest-tls-verify=false'] : ['--tls-verify=false']
  const creds = options.creds
    ? [copy ? '--src-creds' : '--creds', `${USERNAME}:${PASSWORD}`]
    : rest.some((a) => a.startsWith('docker://'))
      ? [copy ? '--src-no-creds' : '--no-creds']
      : []
  return run('skopeo', [verb, ...tls, ...creds, ...rest])
}

export async function skopeoJson<T>(args: string[], options: { creds?: boolean } = {}): Promise<T> {
  return JSON.parse((await skopeo(args, options)).stdout) as T
}

/** `umoci raw unpack`: the rootfs of an image in an OCI layout, layers applied in order. */
export async function umociUnpack(layoutRef: string, rootfs: string): Promise<void> {
  await run('umoci', ['raw', 'unpack', '--image', layoutRef, rootfs])
}

/** buildah with its own storage (vfs), chroot isolation, no daemon. */
export class Buildah {
  private constructor(readonly dir: string) {}

  static async create(): Promise<Buildah> {
    const dir = await mkdtemp(join(tmpdir(), 'mb-buildah-'))
    // Its own (empty) auth file: nothing of the host's logins is used.
    await writeFile(join(dir, 'auth.json'), '{"auths":{}}')
    return new Buildah(dir)
  }

  run(args: string[], options: { cwd?: string } = {}) {
    const [verb, ...rest] = args
    return run(
      'buildah',
      [
        '--root',
        join(this.dir, 'root'),
        '--runroot',
        join(this.dir, 'run'),
        '--storage-driver',
        'vfs',
        verb,
        ...rest
      ],
      {
        cwd: options.cwd,
        env: { BUILDAH_ISOLATION: 'chroot', REGISTRY_AUTH_FILE: join(this.dir, 'auth.json') }
      }
    )
  }

  /**
   * A small base image with a shell and the few tools the join script uses (copied from this host
   * with their libraries), a config to keep (env, entrypoint, cmd, user, workdir, labels), pushed
   * to `ref`. With several platforms, an index whose other entries reuse the same files.
   */
  async pushBase(ref: string, platforms: string[] = ['linux/amd64']): Promise<void> {
    const tools = ['sh', 'cat', 'mv', 'rm', 'wc', 'mkdir', 'dirname', 'sha256sum', 'ls']
    const files = new Set<string>()
    for (const tool of tools) {
      const path = (await run('sh', ['-c', `command -v ${tool}`])).stdout.trim()
      files.add(path)
      const libs = (await run('ldd', [path]).catch(() => ({ stdout: '' }))).stdout
      for (const match of libs.matchAll(/(\/\S+\.so[\w.]*)/g)) files.add(match[1])
    }
    const images: string[] = []
    for (const [i, platform] of platforms.entries()) {
      const [os, arch, variant] = platform.split('/')
      const c = (await this.run(['from', '--arch', arch, 'scratch'])).stdout.trim()
      for (const file of files) {
        const real = (await run('readlink', ['-f', file])).stdout.trim()
        const tool = tools.find((t) => file.endsWith(`/${t}`))
        await this.run(['copy', c, real, tool ? `/bin/${tool}` : file])
      }
      await this.run([
        'config',
        '--os',
        os,
        '--arch',
        arch,
        ...(variant ? ['--variant', variant] : []),
        '--env',
        'BASE_VAR=from-base',
        '--env',
        'PATH=/usr/local/bin:/usr/bin:/bin',
        '--entrypoint',
        '["/bin/sh", "-c"]',
        '--cmd',
        'echo base',
        '--user',
        '1000:1000',
        '--workingdir',
        '/srv',
        '--label',
        'base.label=kept',
        c
      ])
      const name = `base-${i}`
      await this.run(['commit', '-q', c, name])
      images.push(name)
    }
    if (platforms.length === 1) {
      await this.run(['push', '--tls-verify=false', images[0], `docker://${ref}`])
      return
    }
    await this.run(['manifest', 'create', 'base-list'])
    for (const image of images) await this.run(['manifest', 'add', 'base-list', image])
    await this.run([
      'manifest',
      'push',
      '--all',
      '--tls-verify=false',
      'base-list',
      `docker://${ref}`
    ])
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
