// The benchmark in CI: `--smoke` (a few MiB, one run of each client) runs as a real process, exits
// 0, prints the table and writes results.json with every measurement row. No timing assertions:
// CI machines are too noisy, and the numbers of a smoke run mean nothing.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROWS } from '../bench/report.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HEADER = '| Measurement | modelbake | Baseline | Ratio | Target | Met? |'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mb-bench-smoke-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'cli.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: undefined },
        maxBuffer: 64 << 20,
        timeout: 240_000
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

test('npm run bench -- --smoke: exits 0, prints the table, writes every row as JSON and Markdown, and the chart', async () => {
  const results = join(dir, 'results')
  const run = await runBench(['--smoke', '--results-dir', results, '--work-dir', join(dir, 'work')])
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })

  // The table on stdout: the header, then one line per measurement, in order.
  const lines = run.stdout.split('\n')
  const start = lines.indexOf(HEADER)
  expect(start).toBeGreaterThanOrEqual(0)
  const body = lines.slice(start + 2).filter((l) => l.startsWith('| '))
  expect(body).toHaveLength(ROWS.length)

  const json = JSON.parse(await readFile(join(results, 'results.json'), 'utf8'))
  expect(json.rows.map((r: { id: string }) => r.id)).toEqual(ROWS.map((r) => r.id))
  for (const row of json.rows) {
    expect(row).toEqual(
      expect.objectContaining({
        measurement: expect.any(String),
        modelbake: expect.any(String),
        baseline: expect.any(String),
        ratio: expect.any(String),
        target: expect.any(String)
      })
    )
    // Everything ran, except what needs the image destination while it does not exist yet.
    if (row.id.startsWith('image.')) {
      expect(['measured', 'not-measured']).toContain(row.status)
    } else {
      expect(row.status === 'measured' || row.status === 'info').toBe(true)
      expect(typeof row.met === 'boolean' || row.status === 'info').toBe(true)
    }
  }
  expect(json.options).toMatchObject({ smoke: true, runs: 1 })

  const markdown = await readFile(join(results, 'results.md'), 'utf8')
  expect(markdown).toContain(HEADER)
  for (const row of json.rows) expect(markdown).toContain(row.measurement.replace(/\|/g, '\\|'))
  const svg = await readFile(join(results, 'cold-throughput.svg'), 'utf8')
  expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  expect(svg).toContain('modelbake')
  expect(svg).toContain('curl --parallel')
}, 300_000)

test('bad options exit 2 with the usage', async () => {
  const run = await runBench(['--runs', 'zero'])
  expect(run.code).toBe(2)
  expect(run.stderr).toContain('bad --runs: zero')
  expect(run.stderr).toContain('npm run bench -- [options]')
})
