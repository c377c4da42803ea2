// The CLI's own surface: help, version, defaults from the environment, and progress output.
import { fileURLToPath } from 'node:url'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createLogger } from '../src/report/logger.js'
import { createProgress } from '../src/report/progress.js'
import { cli, cliProcess, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

test('--help shows the usage on stdout and exits 0', async () => {
  const run = await cli(['--help'])
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('modelbake [SPEC ...]')
  expect(run.stdout).toContain('--offline')
})

test('--version prints the package version', async () => {
  const pkg = JSON.parse(
    await readFile(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')
  )
  const run = await cli(['--version'])
  expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
})

test('as a real process: exit codes 0, 1 and 2', async () => {
  const cache = await tempDir()
  expect(
    (await cliProcess(['acme/tiny-model', ...hubAndCache(t.hub.url, cache), '--quiet'])).code
  ).toBe(0)
  expect((await cliProcess(['acme/missing', ...hubAndCache(t.hub.url, cache)])).code).toBe(1)
  expect((await cliProcess(['bad spec!'])).code).toBe(2)
})

describe('defaults from the environment', () => {
  test('RUNPOD_HUGGINGFACE_MODEL and HUGGINGFACE_DATASETS give the specs; HF_ENDPOINT the hub; HF_HOME the cache', async () => {
    const home = await tempDir()
    const run = await cli(['--json', '--quiet'], {
      RUNPOD_HUGGINGFACE_MODEL: 'acme/tiny-model:v1.0, acme/shared-blobs',
      HUGGINGFACE_DATASETS: 'acme/tiny-dataset',
      HF_ENDPOINT: t.hub.url,
      HF_HOME: home
    })
    expect(run.code).toBe(0)
    const repos = JSON.parse(run.stdout).repos as Array<{
      repo: string
      type: string
      commit: string
      snapshotPath: string
    }>
    expect(repos.map((r) => [r.type, r.repo]).sort()).toEqual([
      ['dataset', 'acme/tiny-dataset'],
      ['model', 'acme/shared-blobs'],
      ['model', 'acme/tiny-model']
    ])
    expect(repos.find((r) => r.repo === 'acme/tiny-model')!.commit).toBe(
      t.fixtures.tinyModel.commits.first
    )
    for (const repo of repos) expect(repo.snapshotPath.startsWith(join(home, 'hub'))).toBe(true)
    expect(
      await readFile(join(home, 'hub', 'models--acme--tiny-model', 'refs', 'v1.0'), 'utf8')
    ).toBe(t.fixtures.tinyModel.commits.first)
  })

  test('HF_HUB_CACHE wins over HF_HOME, and --cache-dir over both', async () => {
    const [hubCache, home, flag] = await Promise.all([tempDir(), tempDir(), tempDir()])
    const env = { HF_ENDPOINT: t.hub.url, HF_HUB_CACHE: hubCache, HF_HOME: home }
    const viaEnv = await cli(['acme/shared-blobs', '--json', '--quiet'], env)
    expect(JSON.parse(viaEnv.stdout).repos[0].snapshotPath.startsWith(hubCache)).toBe(true)
    const viaFlag = await cli(['acme/shared-blobs', '--cache-dir', flag, '--json', '--quiet'], env)
    expect(JSON.parse(viaFlag.stdout).repos[0].snapshotPath.startsWith(flag)).toBe(true)
    await expect(stat(join(home, 'hub'))).rejects.toThrow()
  })

  test('explicit specs win over the environment', async () => {
    const run = await cli(
      [
        'acme/shared-blobs',
        '--dry-run',
        '--json',
        '--endpoint',
        t.hub.url,
        '--cache-dir',
        await tempDir()
      ],
      {
        RUNPOD_HUGGINGFACE_MODEL: 'acme/tiny-model'
      }
    )
    expect(JSON.parse(run.stdout).repos.map((r: { repo: string }) => r.repo)).toEqual([
      'acme/shared-blobs'
    ])
  })
})

describe('progress', () => {
  const capture = (isTTY: boolean) => {
    let text = ''
    return { stream: { isTTY, write: (s: string) => (text += s) }, text: () => text }
  }

  test('on a terminal: a live bar with bytes, rate and ETA', async () => {
    const out = capture(true)
    let clock = 0
    const progress = createProgress(createLogger(out.stream), { now: () => clock })
    progress.start(100 * 1024 * 1024, 2)
    clock = 1000
    progress.bytes(50 * 1024 * 1024)
    await new Promise((r) => setTimeout(r, 250))
    progress.fileDone()
    progress.finish()
    expect(out.text()).toMatch(
      /\r\[#{12}\.{12}\]\s+50% 50\.0 MiB \/ 100 MiB, 50\.0 MiB\/s, ETA 1\.0s, files 0\/2/
    )
    expect(out.text()).toContain('Fetched 50.0 MiB in 1.0s')
  })

  test('elsewhere: a plain line now and then, never a carriage return', () => {
    const out = capture(false)
    let clock = 0
    const progress = createProgress(createLogger(out.stream), {
      now: () => clock,
      plainEveryMs: 10_000
    })
    progress.start(10 * 1024 * 1024, 1)
    for (let i = 1; i <= 10; i++) {
      clock = i * 2500
      progress.bytes(1024 * 1024)
    }
    progress.finish()
    const lines = out.text().trim().split('\n')
    expect(lines[0]).toBe('Fetching 1 file(s), 10.0 MiB')
    expect(lines.filter((l) => l.includes('…')).length).toBe(2)
    expect(out.text()).not.toContain('\r')
  })

  test('--quiet prints nothing on success', async () => {
    const run = await cli([
      'acme/shared-blobs',
      '--quiet',
      '--endpoint',
      t.hub.url,
      '--cache-dir',
      await tempDir()
    ])
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})
