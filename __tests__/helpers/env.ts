// Test environments: a local hub with the standard fixtures, a fresh cache, and the CLI run in-process
// (or as a real process when a test needs to kill it or run two at once).
import { afterAll } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCli } from '../../src/cli/main.js'
import type { DestinationReport } from '../../src/destinations/destination.js'
import type { jsonReport } from '../../src/report/json.js'
import {
  buildFixtures,
  HubStore,
  startLocalHub,
  type Fixtures,
  type LocalHub
} from '../../src/localhub/index.js'

export interface TestHub {
  hub: LocalHub
  store: HubStore
  fixtures: Fixtures
  dir: string
  close(): Promise<void>
}

export async function startTestHub(options: { pageSize?: number } = {}): Promise<TestHub> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-hub-'))
  const store = new HubStore(join(dir, 'store'))
  const fixtures = await buildFixtures(store)
  const hub = await startLocalHub({ store, pageSize: options.pageSize ?? 50 })
  return {
    hub,
    store,
    fixtures,
    dir,
    async close() {
      await hub.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

// Every folder tempDir() makes goes when its test file is done: a full test run makes thousands,
// some holding caches of 100 MB, and left behind they filled the disk.
const madeDirs: string[] = []
afterAll(async () => {
  const dirs = madeDirs.splice(0)
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })))
})

export async function tempDir(prefix = 'mb-cache-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  madeDirs.push(dir)
  return dir
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run the CLI in this process with a clean environment (nothing of the developer's leaks in). */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {}
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    env: { HOME: '/nonexistent-home', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) }
  })
  return { code, stdout, stderr }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CLI = join(ROOT, 'src', 'cli.ts')
// One process (not the tsx wrapper, which forks a second one): a SIGKILL must hit the real run.
const NODE_ARGS = ['--import', 'tsx', CLI]

/** The CLI as a real process (from the TypeScript sources, through tsx). */
export function spawnCli(
  argv: string[],
  env: Record<string, string | undefined> = {}
): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

export function cliProcess(
  argv: string[],
  env: Record<string, string | undefined> = {}
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...argv],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: '/nonexistent-home', ...env },
        maxBuffer: 64 << 20
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

/** Check every expected file of a snapshot: a relative link to the right blob, with the hub's bytes. */
export async function expectSnapshotMatchesHub(
  t: TestHub,
  cacheDir: string,
  repo: {
    id: string
    type?: 'model' | 'dataset' | 'space'
    folder: string
    commit: string
    paths: string[]
  }
): Promise<void> {
  const files = t.store.filesAt(repo.id, repo.commit, repo.type)
  for (const path of repo.paths) {
    const stored = files.get(path)
    if (!stored) throw new Error(`fixture has no ${path}`)
    const etag = stored.lfs ? stored.sha256 : stored.oid
    const link = join(cacheDir, repo.folder, 'snapshots', repo.commit, ...path.split('/'))
    const depth = path.split('/').length - 1
    expect({ path, target: await readlink(link) }).toEqual({
      path,
      target: `${'../'.repeat(depth + 2)}blobs/${etag}`
    })
    const [onDisk, onHub] = await Promise.all([
      readFile(link),
      readFile(t.store.objectPath(stored.sha256))
    ])
    expect(onDisk.equals(onHub)).toBe(true)
  }
}

/** The arguments that point a command at the test hub and a cache folder. */
export function hubAndCache(endpoint: string, cacheDir: string): string[] {
  return ['--endpoint', endpoint, '--cache-dir', cacheDir]
}

/** The `--json` document, with each destination's `details` as the test expects them. */
export type JsonReport<Details = Record<string, unknown>> = Omit<
  ReturnType<typeof jsonReport>,
  'destinations'
> & { destinations: Array<DestinationReport & { details: Details }> }
