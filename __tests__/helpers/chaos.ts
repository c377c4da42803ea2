// Tools for the chaos suites: a seeded PRNG, a tally of figures printed at the end, audits of a
// cache (or an OCI layout) that count corruptions instead of stopping at the first, real processes
// killed at chosen points, locks held by the test, a proxy that can hold requests, small hostile
// servers, and tmpfs mounts (a full disk, a read-only folder).
import { parseRepoFolder } from '../../src/core/cache-dir.js'
import { execFile, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  unlink,
  writeFile
} from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultCounts } from '../../src/localhub/faults.js'
import type { HubRepoType, HubStore, StoredFile } from '../../src/localhub/store.js'

/** mulberry32, as the local hub uses: the same seed gives the same runs. */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

export type FaultKind =
  'error5xx' | 'rateLimit429' | 'cutMidBody' | 'corrupt' | 'slow' | 'lie' | 's3'

export class Figures {
  runs = 0
  kills = 0
  filesVerified = 0
  completed = 0
  failedClearly = 0
  readonly faults: Record<FaultKind, number> = {
    error5xx: 0,
    rateLimit429: 0,
    cutMidBody: 0,
    corrupt: 0,
    slow: 0,
    lie: 0,
    s3: 0
  }
  readonly corruptions: string[] = []

  addHubFaults(counts: Readonly<FaultCounts>): void {
    this.faults.error5xx += counts.error5xx
    this.faults.rateLimit429 += counts.rateLimit429
    this.faults.cutMidBody += counts.cutMidBody
    this.faults.corrupt += counts.corrupt
    this.faults.slow += counts.slow
  }

  addAudit(audit: Audit): Audit {
    this.filesVerified += audit.files
    this.corruptions.push(...audit.corruptions)
    return audit
  }

  get totalFaults(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0)
  }

  /** The one line CI logs show. */
  line(name = 'chaos'): string {
    return (
      `${name}: ${this.runs} runs, ${this.totalFaults} faults, ${this.kills} kills, ` +
      `${this.filesVerified} files verified, ${this.corruptions.length} corruptions`
    )
  }

  details(): string {
    const faults = Object.entries(this.faults)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')
    return `  faults by kind: ${faults}\n  runs completed: ${this.completed}, failed with a clear error: ${this.failedClearly}`
  }

  /** Printed on the test process's own stdout, so that it shows in CI logs as one plain line. */
  print(name = 'chaos', extra = ''): void {
    process.stdout.write(`\n${this.line(name)}\n${this.details()}${extra ? `\n${extra}` : ''}\n`)
  }
}

// ---------------------------------------------------------------------------------------------
// Audits

export interface Audit {
  /** Blobs hashed plus snapshot entries checked. */
  files: number
  /** What would give a reader wrong bytes: a blob that does not hash to its name, a snapshot path
   * that is not a link to a verified blob (or holds other bytes than the hub's), a ref to nothing. */
  corruptions: string[]
  /** Temporary files a killed run left (never at a snapshot path's own name). */
  leftovers: string[]
}

export function emptyAudit(): Audit {
  return { files: 0, corruptions: [], leftovers: [] }
}

export async function hashFile(path: string, algorithm: 'sha256' | 'sha1', prefix?: string) {
  const hash = createHash(algorithm)
  if (prefix) hash.update(prefix)
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** The blob's digest the way its name says: sha256 (64 hex) or git's blob sha1 (40 hex). */
async function blobDigest(path: string, name: string): Promise<string> {
  if (name.length === 64) return hashFile(path, 'sha256')
  const size = (await stat(path)).size
  return hashFile(path, 'sha1', `blob ${size}\0`)
}

const TEMPORARY = /\.modelbake\.tmp$|^\.modelbake-symlink-probe-|\.modelbake-staging/
const RESUMABLE = /\.modelbake\.(incomplete|ranges\.json(\.tmp)?)$/

function repoOfFolder(folder: string): { type: HubRepoType; id: string } | undefined {
  const repo = parseRepoFolder(folder)
  return repo && { type: repo.type, id: repo.repo }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false
  )
}

/**
 * Every blob hashes to its name; every snapshot path is a relative link to a present blob (or, with
 * `copies`, a file with the right bytes); with `store`, the blob a path leads to is the hub's for
 * that path at that commit; every ref names a snapshot that exists. Counts instead of throwing.
 */
export async function auditCache(
  root: string,
  options: {
    store?: HubStore
    copies?: boolean
    /** Repo ids the cache names as they were asked for, by their id on the hub (renamed repos). */
    aliases?: Record<string, string>
  } = {}
): Promise<Audit> {
  const audit = emptyAudit()
  const folders = await readdir(root).catch(() => [] as string[])
  for (const folder of folders) {
    const repo = repoOfFolder(folder)
    if (!repo) continue
    const base = join(root, folder)
    const verified = new Set<string>()
    for (const name of await readdir(join(base, 'blobs')).catch(() => [] as string[])) {
      const path = join(base, 'blobs', name)
      if (RESUMABLE.test(name)) continue
      if (TEMPORARY.test(name)) {
        audit.leftovers.push(relative(root, path))
        continue
      }
      audit.files++
      if (!/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(name)) {
        audit.corruptions.push(`${relative(root, path)}: not a blob name`)
        continue
      }
      const actual = await blobDigest(path, name)
      if (actual === name) verified.add(name)
      else audit.corruptions.push(`${relative(root, path)}: hashes to ${actual}`)
    }
    for (const entry of await readdir(base).catch(() => [] as string[]))
      if (TEMPORARY.test(entry)) audit.leftovers.push(join(folder, entry))

    for (const commit of await readdir(join(base, 'snapshots')).catch(() => [] as string[])) {
      const id = options.aliases?.[repo.id] ?? repo.id
      const expected: ReadonlyMap<string, StoredFile> | undefined = options.store?.filesAt(
        id,
        commit,
        repo.type
      )
      const walk = async (dir: string, prefix: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const full = join(dir, entry.name)
          const path = prefix ? `${prefix}/${entry.name}` : entry.name
          const shown = relative(root, full)
          if (TEMPORARY.test(entry.name)) {
            audit.leftovers.push(shown)
            continue
          }
          if (entry.isDirectory()) {
            await walk(full, path)
            continue
          }
          audit.files++
          const want = expected?.get(path)
          const wantEtag = want ? (want.lfs ? want.sha256 : want.oid) : undefined
          if (expected && !want) {
            audit.corruptions.push(`${shown}: not in the hub's listing of ${commit}`)
            continue
          }
          if (entry.isSymbolicLink()) {
            const target = await readlink(full)
            const match = /^((?:\.\.\/)+)blobs\/([0-9a-f]+)$/.exec(target)
            const depth = path.split('/').length + 1
            if (!match || match[1] !== '../'.repeat(depth)) {
              audit.corruptions.push(`${shown}: links to ${target}`)
            } else if (!verified.has(match[2])) {
              audit.corruptions.push(`${shown}: links to a missing or unverified blob ${match[2]}`)
            } else if (wantEtag && match[2] !== wantEtag) {
              audit.corruptions.push(`${shown}: leads to ${match[2]}, the hub has ${wantEtag}`)
            }
          } else if (entry.isFile() && options.copies) {
            const actual = wantEtag ? await blobDigest(full, wantEtag) : undefined
            if (wantEtag && actual !== wantEtag)
              audit.corruptions.push(`${shown}: a copy that hashes to ${actual}`)
          } else {
            audit.corruptions.push(`${shown}: a ${entry.isFile() ? 'plain file' : 'non-link'}`)
          }
        }
      }
      await walk(join(base, 'snapshots', commit), '')
    }

    const refs = join(base, 'refs')
    const walkRefs = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = join(dir, entry.name)
        if (TEMPORARY.test(entry.name)) audit.leftovers.push(relative(root, full))
        else if (entry.isDirectory()) await walkRefs(full)
        else {
          const commit = await readFile(full, 'utf8')
          if (!/^[0-9a-f]{40}$/.test(commit) || !(await exists(join(base, 'snapshots', commit))))
            audit.corruptions.push(`${relative(root, full)}: names ${JSON.stringify(commit)}`)
        }
      }
    }
    await walkRefs(refs)
    for (const name of await readdir(join(base, 'trees')).catch(() => [] as string[]))
      if (TEMPORARY.test(name)) audit.leftovers.push(join(folder, 'trees', name))
  }
  return audit
}

/** The snapshot of each repo holds every file the hub has at that commit (or those `paths`). */
export async function missingFromSnapshot(
  root: string,
  store: HubStore,
  repo: { id: string; type?: HubRepoType; commit: string; paths?: string[]; asked?: string }
): Promise<string[]> {
  const folder = `${repo.type ?? 'model'}s--${(repo.asked ?? repo.id).split('/').join('--')}`
  const paths = repo.paths ?? [...store.filesAt(repo.id, repo.commit, repo.type).keys()]
  const missing: string[] = []
  for (const path of paths) {
    if (!(await exists(join(root, folder, 'snapshots', repo.commit, ...path.split('/')))))
      missing.push(path)
  }
  return missing
}

/** An OCI image layout: every blob hashes to its digest, index.json names blobs that exist. */
export async function auditLayout(dir: string): Promise<Audit> {
  const audit = emptyAudit()
  const blobs = join(dir, 'blobs', 'sha256')
  for (const name of await readdir(blobs).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{64}$/.test(name)) {
      audit.leftovers.push(join('blobs', 'sha256', name))
      continue
    }
    audit.files++
    const actual = await hashFile(join(blobs, name), 'sha256')
    if (actual !== name) audit.corruptions.push(`oci blob ${name} hashes to ${actual}`)
  }
  const index = await readFile(join(dir, 'index.json'), 'utf8').catch(() => undefined)
  if (index !== undefined) {
    for (const m of (JSON.parse(index) as { manifests: Array<{ digest: string }> }).manifests) {
      if (!(await exists(join(blobs, m.digest.replace(/^sha256:/, '')))))
        audit.corruptions.push(`index.json names a missing ${m.digest}`)
    }
  }
  return audit
}

/** Every path under `dir` (sorted) with its kind and size, or link target: for before/after checks. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current).catch(() => [] as string[])).sort()) {
      const full = join(current, name)
      const info = await lstat(full)
      const path = relative(dir, full)
      if (info.isSymbolicLink()) out.push(`${path} -> ${await readlink(full)}`)
      else if (info.isDirectory()) {
        out.push(`${path}/`)
        await walk(full)
      } else out.push(`${path} ${info.size}`)
    }
  }
  await walk(dir)
  return out
}

// ---------------------------------------------------------------------------------------------
// Processes

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Collect a spawned CLI's output and how it ended. */
export function exitOf(child: ChildProcess): Promise<Exit> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  )
}

/**
 * SIGKILL `child` as soon as `condition` holds. Returns how it ended: `signal` is SIGKILL when the
 * kill landed, null when the run ended first (or the condition was never met before `timeoutMs`).
 */
export async function killWhen(
  child: ChildProcess,
  exit: Promise<Exit>,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 30_000
): Promise<Exit> {
  let ended = false
  void exit.then(() => (ended = true))
  const deadline = Date.now() + timeoutMs
  while (!ended && Date.now() < deadline) {
    if (await condition()) {
      child.kill('SIGKILL')
      return exit
    }
    await sleep(2)
  }
  if (!ended) child.kill('SIGKILL')
  const result = await exit
  return { ...result, signal: ended ? result.signal : null }
}

/**
 * Hold a modelbake lock file as a live holder (this process, this host), as another run would:
 * modelbake waits on it. Returns the release.
 */
export async function holdLock(path: string): Promise<() => Promise<void>> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(
    path,
    JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
    { flag: 'wx' }
  )
  return () => unlink(path).catch(() => undefined)
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface Gate {
  /** Point the client here instead of at the target. */
  url: string
  /** Requests the target answered, in order of completion. */
  passed: Array<{ method: string; path: string; status: number }>
  /** Requests held back (never forwarded) because `hold` said so. */
  held: Array<{ method: string; path: string }>
  /** Decide per request whether to hold it; undefined forwards everything. */
  hold?: (method: string, path: string) => boolean
  close(): Promise<void>
}

/** A forwarding proxy that can hold requests, to stop a client at a known point of an upload. */
export async function startGate(target: string): Promise<Gate> {
  const upstream = new URL(target)
  const parked: http.ServerResponse[] = []
  const forwards = new Set<http.ClientRequest>()
  const gate: Gate = {
    url: '',
    passed: [],
    held: [],
    async close() {
      for (const res of parked) res.destroy()
      for (const forward of forwards) forward.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    if (gate.hold?.(method, path)) {
      gate.held.push({ method, path })
      parked.push(res)
      req.resume()
      return
    }
    // No keep-alive upstream, and a client that dies mid-request (killed) takes its request
    // along: nothing is left half-sent to the target.
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: req.headers,
        agent: false
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.on('end', () => gate.passed.push({ method, path, status: answer.statusCode ?? 0 }))
      }
    )
    forwards.add(forward)
    forward.on('close', () => forwards.delete(forward))
    forward.on('error', () => res.destroy())
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy()
    })
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return gate
}

export interface StubRequest {
  method: string
  url: string
  authorization?: string
}

export interface Stub {
  url: string
  requests: StubRequest[]
  close(): Promise<void>
}

/** A small HTTP server on `host` that records every request (with its Authorization header). */
export async function startStub(
  host: string,
  handle: (req: http.IncomingMessage, res: http.ServerResponse, self: Stub) => void
): Promise<Stub> {
  const stub: Stub = {
    url: '',
    requests: [],
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  const server = http.createServer((req, res) => {
    stub.requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      ...(req.headers.authorization !== undefined && { authorization: req.headers.authorization })
    })
    req.resume()
    handle(req, res, stub)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  stub.url = `http://${host}:${(server.address() as AddressInfo).port}`
  return stub
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {}
): void {
  const bytes = Buffer.from(JSON.stringify(body))
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': bytes.length,
    ...headers
  })
  res.end(bytes)
}

// ---------------------------------------------------------------------------------------------
// Filesystems

function sh(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`))
        : resolve(stdout)
    )
  )
}

/**
 * A tmpfs on `dir`: a small one is a disk that fills up, a read-only one a folder nobody (root
 * included) can write. As root, mount(8) directly; otherwise through passwordless sudo (GitHub's
 * hosted runners), owned by this user. Throws with the reason when neither works: the tests that
 * need it fail rather than skip. Returns the unmount.
 */
export async function mountTmpfs(
  dir: string,
  options: { sizeBytes: number; readOnly?: boolean }
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true })
  const root = process.getuid?.() === 0
  const owner = root ? '' : `,uid=${process.getuid?.()},gid=${process.getgid?.()}`
  const flags = `${options.readOnly ? 'ro,' : ''}size=${options.sizeBytes}${owner}`
  const run = (args: string[]) => (root ? sh(args[0]!, args.slice(1)) : sh('sudo', ['-n', ...args]))
  try {
    await run(['mount', '-t', 'tmpfs', '-o', flags, 'tmpfs', dir])
  } catch (error) {
    throw new Error(
      `cannot mount a tmpfs on ${dir} (${(error as Error).message.trim()}): these tests need root, ` +
        'CAP_SYS_ADMIN or passwordless sudo (a read-only folder and a full disk cannot be faked with ' +
        'chmod as root)'
    )
  }
  return async () => {
    await run(['umount', dir]).catch(() => run(['umount', '-l', dir]))
  }
}
