// `npm run demo`, as a newcomer runs it: a real process, its exit code, what it prints, what it
// leaves on disk.
import { fileURLToPath } from 'node:url'
import { execFile } from 'node:child_process'
import { lstat, readdir, readlink, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { tempDir } from './helpers/env.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const DEMO = join(ROOT, 'src', 'demo.ts')

interface DemoRun {
  code: number
  stdout: string
  stderr: string
}

/** The demo with its own TMPDIR, so what it leaves behind (or not) can be seen. */
const made: string[] = []
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))))

async function scratch(prefix = 'mb-demo-tmp-'): Promise<string> {
  const dir = await tempDir(prefix)
  made.push(dir)
  return dir
}

function demo(argv: string[], tmp: string): Promise<DemoRun> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [DEMO, ...argv],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: '/nonexistent-home', TMPDIR: tmp } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** What the demo left in its TMPDIR (tsx keeps its own tsx-<uid> cache there too). */
const demoLeftovers = async (tmp: string) =>
  (await readdir(tmp)).filter((name) => name.startsWith('modelbake-demo-'))
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!

/** The lines of one numbered step, up to the next blank line. */
function step(stdout: string, heading: string): string {
  const start = stdout.indexOf(heading)
  expect(start).toBeGreaterThanOrEqual(0)
  const end = stdout.indexOf('\n\n', start)
  return stdout.slice(start, end < 0 ? undefined : end)
}

describe('npm run demo', () => {
  let tmp: string
  let run: DemoRun

  beforeAll(async () => {
    tmp = await scratch()
    run = await demo([], tmp)
  })

  test('exits 0 and ends with the snapshot path, where config.json is a link into blobs/', async () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/error|warning/i)
    })
    const snapshot = lastLine(run.stdout)
    expect(snapshot).toMatch(
      new RegExp(
        `^${escapeRegExp(tmp)}/modelbake-demo-cache-[^/]+/models--modelbake-demo--tiny-llama/snapshots/[0-9a-f]{40}$`
      )
    )
    const config = join(snapshot, 'config.json')
    expect((await lstat(config)).isSymbolicLink()).toBe(true)
    expect(await readlink(config)).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/)
    expect((await lstat(join(snapshot, 'model-00001-of-00002.safetensors'))).isSymbolicLink()).toBe(
      true
    )
  })

  test('shows the resolved commit, the links, and how to use the cache', () => {
    const commit = lastLine(run.stdout).split('/').at(-1)!
    expect(run.stdout).toContain(`modelbake-demo/tiny-llama@main = ${commit}`)
    expect(run.stdout).toMatch(/config\.json +-> \.\.\/\.\.\/blobs\/[0-9a-f]{12}…/)
    const cacheDir = lastLine(run.stdout).split('/models--')[0]
    expect(run.stdout).toContain(`HF_HUB_CACHE=${cacheDir} HF_HUB_OFFLINE=1 python -c`)
  })

  test('the warm run downloads 0 bytes with one hub request per repo; the offline run makes none', () => {
    expect(step(run.stdout, '2. Warm run')).toContain(
      'downloaded 0 B; 2 requests to the hub, 0 downloads from its CDN'
    )
    expect(step(run.stdout, '3. Offline run')).toContain('downloaded 0 B; 0 requests of any kind')
    // The tool's own summary lines say the same.
    expect(run.stderr.match(/\(downloaded 0 B\)/g)).toHaveLength(4)
  })

  test('removes the hub store and keeps the cache', async () => {
    expect((await demoLeftovers(tmp)).map((name) => name.replace(/-[^-]+$/, '-*'))).toEqual([
      'modelbake-demo-cache-*'
    ])
  })
})

test('npm run demo -- --cache-dir DIR warms DIR', async () => {
  const tmp = await scratch()
  const cacheDir = join(await scratch('mb-cache-'), 'a cache')
  const run = await demo(['--cache-dir', cacheDir], tmp)
  expect(run.code).toBe(0)
  expect(lastLine(run.stdout).startsWith(`${cacheDir}/models--modelbake-demo--tiny-llama/`)).toBe(
    true
  )
  expect(run.stdout).toContain(`HF_HUB_CACHE='${cacheDir}' HF_HUB_OFFLINE=1`)
  expect(await demoLeftovers(tmp)).toEqual([])
})

test('an unknown flag is a usage error', async () => {
  const run = await demo(['--bogus'], await scratch())
  expect(run.code).toBe(2)
  expect(run.stderr).toContain("Unknown option '--bogus'")
})
