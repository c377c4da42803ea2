// The Action as a runner runs it: a real process with INPUT_* variables (action.yml's defaults
// applied, names upper-cased with their dashes kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// run from another folder than the action's. Then the same under @github/local-action.
import { fileURLToPath } from 'node:url'
import { execFile } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { RepoType } from '../src/core/types.js'
import { formatBytes } from '../src/report/format.js'
import { expectCacheConsistent, treeOf } from './helpers/cache-check.js'
import { expectSnapshotMatchesHub, startTestHub, tempDir, type TestHub } from './helpers/env.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
const LOCAL_ACTION = join(ROOT, 'node_modules', '.bin', 'local-action')
const OUTPUT_NAMES = [
  'bytes',
  'commits',
  'destinations',
  'downloaded-bytes',
  'files',
  'snapshot-path',
  'snapshot-paths'
]
/** A port nothing listens on. */
const DEAD_ENDPOINT = 'http://127.0.0.1:9'

interface Proc {
  code: number
  stdout: string
  stderr: string
}

function exec(
  file: string,
  args: string[],
  options: { env: Record<string, string | undefined>; cwd: string }
): Promise<Proc> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** The inputs the runner sets from action.yml when a workflow leaves them out. */
async function actionDefaults(): Promise<Record<string, string>> {
  const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  return Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
}

/** `name<<DELIM` … `DELIM` blocks (and `name=value` lines), as the runner reads GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const name = heredoc[1]!
      const delimiter = heredoc[2]!
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${delimiter} for ${name}`)
      outputs[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else {
      const eq = line.indexOf('=')
      if (eq < 1) throw new Error(`GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`)
      outputs[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return outputs
}

interface ActionRun extends Proc {
  outputs: Record<string, string>
  outputFile: string
  summary: string
  /** The `::error::` lines of stdout, unescaped. */
  errors: string[]
}

let defaults: Record<string, string>

/** One step: `inputs` keyed as in a workflow's `with:`, `env` as in its `env:`. */
async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { summary?: boolean } = {}
): Promise<ActionRun> {
  const runnerTemp = await tempDir('mb-runner-')
  const workspace = await tempDir('mb-workspace-')
  const outputPath = join(runnerTemp, 'github_output')
  const summaryPath = join(runnerTemp, 'step_summary')
  await writeFile(outputPath, '')
  await writeFile(summaryPath, '')
  const inputEnv = Object.fromEntries(
    Object.entries({ ...defaults, ...inputs }).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value
    ])
  )
  const proc = await exec(TSX, [join(ROOT, 'src', 'index.ts')], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      HOME: '/nonexistent-home',
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputPath,
      ...(options.summary === false ? {} : { GITHUB_STEP_SUMMARY: summaryPath }),
      ...inputEnv,
      ...env
    }
  })
  const outputFile = await readFile(outputPath, 'utf8')
  const errors = proc.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) =>
      line
        .slice('::error::'.length)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    )
  return {
    ...proc,
    outputFile,
    outputs: parseOutputFile(outputFile),
    summary: await readFile(summaryPath, 'utf8'),
    errors
  }
}

/** The cells of the summary table row of `label` (undefined when there is none). */
function summaryRows(summary: string, label: string): string[][] {
  return summary
    .split('\n')
    .filter((line) => line.startsWith(`| \`${label}\` |`))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim())
    )
}

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
  defaults = await actionDefaults()
})
afterAll(() => t.close())
beforeEach(() => t.hub.resetRequests())

/** Files, bytes and the snapshot folder of a fixture repo at a commit, from the hub's store. */
function fixture(id: string, commit: string, type: RepoType = 'model') {
  const files = [...t.store.filesAt(id, commit, type).values()]
  const prefix = type === 'dataset' ? 'datasets' : 'models'
  const folder = `${prefix}--${id.replace('/', '--')}`
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    paths: files.map((f) => f.path),
    folder,
    snapshot: (cache: string) => join(cache, folder, 'snapshots', commit)
  }
}

async function blobBytes(cache: string, folder: string): Promise<number> {
  const dir = join(cache, folder, 'blobs')
  const sizes = await Promise.all(
    (await readdir(dir)).map(async (b) => (await stat(join(dir, b))).size)
  )
  return sizes.reduce((a, b) => a + b, 0)
}

async function listSnapshot(dir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (folder: string, prefix: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(join(folder, entry.name), path)
      else found.push(path)
    }
  }
  await walk(dir, '')
  return found.sort()
}

describe('on a runner', () => {
  let cache: string
  let cold: ActionRun
  const repos = () => {
    const { tinyModel, sharedBlobs, tinyDataset } = t.fixtures
    return [
      { label: 'acme/tiny-model', id: tinyModel.id, commit: tinyModel.commits.main },
      { label: 'acme/shared-blobs', id: sharedBlobs.id, commit: sharedBlobs.commits.main },
      {
        label: 'datasets/acme/tiny-dataset',
        id: tinyDataset.id,
        commit: tinyDataset.commits.main,
        type: 'dataset' as const
      }
    ].map((r) => ({ ...r, ...fixture(r.id, r.commit, r.type) }))
  }

  beforeAll(async () => {
    cache = await tempDir()
    cold = await runAction({
      models: 'acme/tiny-model\nacme/shared-blobs\n',
      datasets: 'acme/tiny-dataset',
      endpoint: t.hub.url,
      'cache-dir': cache
    })
  })

  test('a cold run exits 0 and sets every output from what is on disk', async () => {
    expect({ code: cold.code, stderr: cold.stderr, errors: cold.errors }).toEqual({
      code: 0,
      stderr: '',
      errors: []
    })
    expect(Object.keys(cold.outputs).sort()).toEqual(OUTPUT_NAMES)
    const expected = repos()
    for (const r of expected) {
      await expectSnapshotMatchesHub(t, cache, {
        id: r.id,
        type: r.type,
        folder: r.folder,
        commit: r.commit,
        paths: r.paths
      })
      expect(await listSnapshot(r.snapshot(cache))).toEqual([...r.paths].sort())
    }
    expect(cold.outputs['snapshot-path']).toBe(expected[0]!.snapshot(cache))
    expect((await stat(cold.outputs['snapshot-path']!)).isDirectory()).toBe(true)
    expect(JSON.parse(cold.outputs['snapshot-paths']!)).toEqual(
      Object.fromEntries(expected.map((r) => [r.label, r.snapshot(cache)]))
    )
    expect(JSON.parse(cold.outputs.commits!)).toEqual(
      Object.fromEntries(expected.map((r) => [r.label, r.commit]))
    )
    expect(Number(cold.outputs.files)).toBe(expected.reduce((s, r) => s + r.files, 0))
    expect(Number(cold.outputs.bytes)).toBe(expected.reduce((s, r) => s + r.bytes, 0))
    // Every blob crossed the network once: shared-blobs holds one content at two paths.
    const onDisk = (await Promise.all(expected.map((r) => blobBytes(cache, r.folder)))).reduce(
      (a, b) => a + b,
      0
    )
    expect(Number(cold.outputs['downloaded-bytes'])).toBe(onDisk)
    // No destination was named: the warm cache is the whole result.
    expect(cold.outputs.destinations).toBe('[]')
    expect(onDisk).toBeLessThan(Number(cold.outputs.bytes))
  })

  test('the job summary has a row per repo: revision → commit, files, size, time', () => {
    expect(cold.summary).toContain(
      '| repo | revision → commit | files | size | downloaded | time |'
    )
    for (const r of repos()) {
      const rows = summaryRows(cold.summary, r.label)
      expect(rows).toHaveLength(1)
      const [, revision, files, size, , time] = rows[0]!
      expect({ revision, files, size }).toEqual({
        revision: `\`main\` → \`${r.commit.slice(0, 12)}\``,
        files: String(r.files),
        size: formatBytes(r.bytes)
      })
      expect(time).toMatch(/^\d+(\.\d)?s$|^\d+m\d\ds$/)
    }
    expect(cold.summary).toContain(`Cache: \`${cache}\``)
  })

  test('a warm run downloads nothing and reports downloaded-bytes 0', async () => {
    const warm = await runAction({
      models: 'acme/tiny-model\nacme/shared-blobs',
      datasets: 'acme/tiny-dataset',
      endpoint: t.hub.url,
      'cache-dir': cache
    })
    expect(warm.code).toBe(0)
    expect(warm.outputs['downloaded-bytes']).toBe('0')
    for (const name of ['snapshot-path', 'snapshot-paths', 'commits', 'files', 'bytes'])
      expect({ name, value: warm.outputs[name] }).toEqual({ name, value: cold.outputs[name] })
    expect(t.hub.requests.filter((r) => r.origin === 'cdn')).toEqual([])
    expect(summaryRows(warm.summary, 'acme/tiny-model')[0]![4]).toBe('0 B')
  })

  test('offline: true works from the cache with a dead endpoint', async () => {
    const offline = await runAction({
      models: 'acme/tiny-model, acme/shared-blobs',
      datasets: 'acme/tiny-dataset',
      endpoint: DEAD_ENDPOINT,
      'cache-dir': cache,
      offline: 'true'
    })
    expect({ code: offline.code, errors: offline.errors }).toEqual({ code: 0, errors: [] })
    expect(offline.outputs['downloaded-bytes']).toBe('0')
    expect(offline.outputs.commits).toBe(cold.outputs.commits)
    expect(offline.outputs['snapshot-paths']).toBe(cold.outputs['snapshot-paths'])
    expect(offline.summary).toContain('(offline)')
    expect(t.hub.requests).toEqual([])
  })

  test('offline: true with a repo that is not cached fails, naming it', async () => {
    const offline = await runAction({
      models: 'acme/tiny-model\nacme/private-model',
      endpoint: DEAD_ENDPOINT,
      'cache-dir': cache,
      offline: 'true'
    })
    expect(offline.code).toBe(1)
    expect(offline.errors).toHaveLength(1)
    expect(offline.errors[0]).toContain('acme/private-model')
    expect(offline.outputFile).toBe('')
  })
})

describe('inputs', () => {
  test('models as a YAML list, with allow-patterns and ignore-patterns for the others', async () => {
    const cache = await tempDir()
    const { tinyModel, sharedBlobs } = t.fixtures
    const run = await runAction({
      models: [
        '- repo: acme/tiny-model',
        '  revision: v1.0',
        '  allow: ["config.json", "original/"]',
        '- acme/shared-blobs'
      ].join('\n'),
      'allow-patterns': '*.txt\na/*',
      'ignore-patterns': 'copy-2.txt',
      endpoint: t.hub.url,
      'cache-dir': cache
    })
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
    const tiny = fixture(tinyModel.id, tinyModel.commits.first)
    const shared = fixture(sharedBlobs.id, sharedBlobs.commits.main)
    expect(await listSnapshot(tiny.snapshot(cache))).toEqual([
      'config.json',
      'original/params.json'
    ])
    expect(await listSnapshot(shared.snapshot(cache))).toEqual([
      'a/weights.safetensors',
      'copy-1.txt'
    ])
    expect(JSON.parse(run.outputs.commits!)).toEqual({
      'acme/tiny-model': tinyModel.commits.first,
      'acme/shared-blobs': sharedBlobs.commits.main
    })
    expect(run.outputs['snapshot-path']).toBe(tiny.snapshot(cache))
    expect(run.outputs.files).toBe('4')
    expect(summaryRows(run.summary, 'acme/tiny-model')[0]![1]).toBe(
      `\`v1.0\` → \`${tinyModel.commits.first.slice(0, 12)}\``
    )
  })

  test('one repo at two revisions: map keys become org/name:revision for that repo only', async () => {
    const cache = await tempDir()
    const { tinyModel, tinyDataset } = t.fixtures
    const run = await runAction({
      models: `acme/tiny-model:v1.0, acme/tiny-model, acme/tiny-model:${tinyModel.commits.main}`,
      datasets: 'acme/tiny-dataset',
      endpoint: t.hub.url,
      'cache-dir': cache
    })
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
    const snapshot = (commit: string) => fixture(tinyModel.id, commit).snapshot(cache)
    expect(JSON.parse(run.outputs.commits!)).toEqual({
      'acme/tiny-model:v1.0': tinyModel.commits.first,
      'acme/tiny-model:main': tinyModel.commits.main,
      [`acme/tiny-model:${tinyModel.commits.main}`]: tinyModel.commits.main,
      'datasets/acme/tiny-dataset': tinyDataset.commits.main
    })
    expect(JSON.parse(run.outputs['snapshot-paths']!)).toEqual({
      'acme/tiny-model:v1.0': snapshot(tinyModel.commits.first),
      'acme/tiny-model:main': snapshot(tinyModel.commits.main),
      [`acme/tiny-model:${tinyModel.commits.main}`]: snapshot(tinyModel.commits.main),
      'datasets/acme/tiny-dataset': fixture(
        tinyDataset.id,
        tinyDataset.commits.main,
        'dataset'
      ).snapshot(cache)
    })
    expect(run.outputs['snapshot-path']).toBe(snapshot(tinyModel.commits.first))
    expect(summaryRows(run.summary, 'acme/tiny-model')).toHaveLength(3)
  })

  test('to: volume:DIR with prune publishes the snapshot; outputs and summary say what was written', async () => {
    const cache = await tempDir()
    const volume = join(await tempDir(), 'volume')
    const { tinyModel } = t.fixtures
    const inputs = {
      models: 'acme/tiny-model',
      endpoint: t.hub.url,
      'cache-dir': cache,
      to: `volume:${volume}`,
      prune: 'true'
    }
    const run = await runAction(inputs)
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
    const [report] = JSON.parse(run.outputs.destinations!) as Array<{
      destination: string
      writtenBytes: number
      locations: Record<string, string>
    }>
    expect(report.destination).toBe(`volume:${volume}`)
    expect(report.writtenBytes).toBe(await blobBytes(volume, 'models--acme--tiny-model'))
    expect(report.locations['acme/tiny-model']).toBe(
      fixture(tinyModel.id, tinyModel.commits.main).snapshot(volume)
    )
    expect(await listSnapshot(report.locations['acme/tiny-model'])).toEqual(
      [...tinyModel.files].sort()
    )
    expect(run.summary).toContain(`| \`volume:${volume}\` |`)
    // A second run writes nothing.
    const again = await runAction(inputs)
    expect(JSON.parse(again.outputs.destinations!)[0].writtenBytes).toBe(0)
  })

  test('no job summary file (as on some self-hosted runners): outputs are set, a warning, exit 0', async () => {
    const run = await runAction(
      { models: 'acme/tiny-model', endpoint: t.hub.url, 'cache-dir': await tempDir() },
      {},
      { summary: false }
    )
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
    expect(Object.keys(run.outputs).sort()).toEqual(OUTPUT_NAMES)
    expect(run.stdout).toMatch(/^::warning::No job summary: .*GITHUB_STEP_SUMMARY/m)
  })
})

describe('mode: assemble, the last job after two shard jobs', () => {
  const repoInputs = {
    models: 'acme/tiny-model\nacme/tiny-model:v1.0\nacme/shared-blobs',
    datasets: 'acme/tiny-dataset'
  }
  let lockFile: string
  let reference: string
  let single: ActionRun
  let volume: string
  let shards: ActionRun[]
  let assembled: ActionRun
  let assembleRequests: typeof t.hub.requests

  beforeAll(async () => {
    lockFile = join(await tempDir('mb-lock-'), 'modelbake.lock.json')
    reference = join(await tempDir(), 'volume')
    // One job does it all, and writes the lock the matrix then uses.
    single = await runAction({
      ...repoInputs,
      endpoint: t.hub.url,
      'cache-dir': await tempDir(),
      to: `volume:${reference}`,
      'lock-file': lockFile
    })
    volume = join(await tempDir(), 'volume')
    const shardInputs = async (shard: string) => ({
      ...repoInputs,
      endpoint: t.hub.url,
      'cache-dir': await tempDir(),
      to: `volume:${volume}`,
      'lock-file': lockFile,
      locked: 'true',
      shard
    })
    shards = await Promise.all([
      runAction(await shardInputs('1/2')),
      runAction(await shardInputs('2/2'))
    ])
    t.hub.resetRequests()
    assembled = await runAction({
      ...repoInputs,
      mode: 'assemble',
      shards: '2',
      endpoint: t.hub.url,
      to: `volume:${volume}`,
      'lock-file': lockFile,
      locked: 'true'
    })
    assembleRequests = [...t.hub.requests]
  }, 120_000)

  const ok = (run: ActionRun) => ({ code: run.code, stderr: run.stderr, errors: run.errors })
  const expected = () => {
    const { tinyModel, sharedBlobs, tinyDataset } = t.fixtures
    return [
      { label: 'acme/tiny-model:main', ...fixture(tinyModel.id, tinyModel.commits.main) },
      { label: 'acme/tiny-model:v1.0', ...fixture(tinyModel.id, tinyModel.commits.first) },
      { label: 'acme/shared-blobs', ...fixture(sharedBlobs.id, sharedBlobs.commits.main) },
      {
        label: 'datasets/acme/tiny-dataset',
        ...fixture(tinyDataset.id, tinyDataset.commits.main, 'dataset')
      }
    ]
  }

  test('every job succeeds; each shard job says its share and that assemble comes next', () => {
    for (const run of [single, ...shards, assembled])
      expect(ok(run)).toEqual({ code: 0, stderr: '', errors: [] })
    shards.forEach((run, i) =>
      expect(run.summary).toMatch(
        new RegExp(`Shard ${i + 1}/2: \\d+ blobs, .*a last job with \`mode: assemble\` writes them`)
      )
    )
  })

  test('a shard job writes no snapshot, and its snapshot outputs say so (empty), commits still set', () => {
    for (const run of shards) {
      expect(run.outputs['snapshot-path']).toBe('')
      const paths = JSON.parse(run.outputs['snapshot-paths']!) as Record<string, unknown>
      expect(Object.values(paths).length).toBeGreaterThan(0)
      expect(Object.values(paths).every((path) => path === null)).toBe(true)
      expect(run.outputs.commits).toBe(single.outputs.commits)
    }
  })

  test('the volume equals the one a single job wrote: files, links, refs and listings', async () => {
    expect(await treeOf(volume)).toEqual(await treeOf(reference))
    await expectCacheConsistent(volume)
  })

  test('assemble downloads no weight, and its outputs are a run’s, with the snapshots on the volume', async () => {
    expect(assembleRequests.filter((r) => r.origin === 'cdn')).toEqual([])
    const { outputs } = assembled
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(OUTPUT_NAMES))
    for (const name of ['commits', 'files', 'bytes'])
      expect({ name, value: outputs[name] }).toEqual({ name, value: single.outputs[name] })
    expect(outputs['downloaded-bytes']).toBe('0')
    const repos = expected()
    expect(JSON.parse(outputs['snapshot-paths']!)).toEqual(
      Object.fromEntries(repos.map((r) => [r.label, r.snapshot(volume)]))
    )
    expect(outputs['snapshot-path']).toBe(repos[0]!.snapshot(volume))
    for (const r of repos)
      expect(await listSnapshot(r.snapshot(volume))).toEqual([...r.paths].sort())
    const [report] = JSON.parse(outputs.destinations!) as Array<{
      destination: string
      writtenBytes: number
      details: { copiedBlobs: number }
    }>
    expect(report).toMatchObject({
      destination: `volume:${volume}`,
      writtenBytes: 0,
      details: { copiedBlobs: 0 }
    })
  })

  test('the summary lists each snapshot where it now is', () => {
    expect(assembled.summary).toContain('### modelbake assemble')
    for (const r of expected()) {
      const label = r.label.replace(/:(main|v1\.0)$/, '')
      const rows = summaryRows(assembled.summary, label).filter((row) =>
        row.at(-1)!.includes(r.snapshot(volume))
      )
      expect({ label: r.label, rows: rows.length }).toEqual({ label: r.label, rows: 1 })
    }
    expect(assembled.summary).toContain(`| \`volume:${volume}\` | 0 B |`)
  })

  test('with a shard job missing, assemble names it, writes nothing and sets no output', async () => {
    const partial = join(await tempDir(), 'volume')
    const shard = await runAction({
      ...repoInputs,
      endpoint: t.hub.url,
      'cache-dir': await tempDir(),
      to: `volume:${partial}`,
      'lock-file': lockFile,
      locked: 'true',
      shard: '1/2'
    })
    expect(ok(shard)).toEqual({ code: 0, stderr: '', errors: [] })
    const run = await runAction({
      ...repoInputs,
      mode: 'assemble',
      shards: '2',
      endpoint: t.hub.url,
      to: `volume:${partial}`,
      'lock-file': lockFile,
      locked: 'true'
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(/lacks \d+ blob\(s\), so nothing was assembled/)
    expect(run.errors[0]).toContain('shard 2/2')
    expect(run.errors[0]).not.toContain('shard 1/2')
    expect(run.errors[0]).not.toMatch(/--[a-z]/)
    expect(run.outputFile).toBe('')
    // The shard's blobs only: no snapshot, ref or listing.
    for (const folder of (await readdir(partial)).filter((name) => name.includes('--')))
      expect(await readdir(join(partial, folder))).toEqual(['blobs'])
  })
})

describe('the token', () => {
  const token = () => t.fixtures.tokens.reader

  /** Every place a step's log or files could show the token, except the one mask command. */
  const expectMaskedOnly = (run: ActionRun) => {
    const withToken = run.stdout.split('\n').filter((line) => line.includes(token()))
    expect(withToken).toEqual([`::add-mask::${token()}`])
    expect(run.stdout.indexOf(`::add-mask::${token()}`)).toBe(0)
    expect(run.stderr).not.toContain(token())
    expect(run.outputFile).not.toContain(token())
    expect(run.summary).not.toContain(token())
  }

  test('the token input reads a private repo, goes to the hub only, and is masked first', async () => {
    const cache = await tempDir()
    const run = await runAction({
      models: 'acme/private-model\nacme/tiny-model',
      token: token(),
      endpoint: t.hub.url,
      'cache-dir': cache
    })
    expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] })
    expect(JSON.parse(run.outputs.commits!)['acme/private-model']).toBe(
      t.fixtures.privateModel.commits.main
    )
    expectMaskedOnly(run)
    const hub = t.hub.requests.filter((r) => r.origin === 'hub')
    const cdn = t.hub.requests.filter((r) => r.origin === 'cdn')
    expect(hub.length).toBeGreaterThan(0)
    expect(hub.every((r) => r.authorization === `Bearer ${token()}`)).toBe(true)
    expect(cdn.every((r) => r.authorization === undefined)).toBe(true)
  })

  test('HF_TOKEN from the step env is masked too', async () => {
    const run = await runAction(
      { models: 'acme/private-model', endpoint: t.hub.url, 'cache-dir': await tempDir() },
      { HF_TOKEN: token() }
    )
    expect(run.code).toBe(0)
    expectMaskedOnly(run)
  })

  test('a failure with a token prints the message, never the token', async () => {
    const run = await runAction({
      models: 'acme/tiny-model:no-such-branch',
      token: token(),
      endpoint: t.hub.url,
      'cache-dir': await tempDir()
    })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toContain('no-such-branch')
    expectMaskedOnly(run)
  })
})

describe('failures end the step with exit 1 and one ::error:: that says what to do', () => {
  test.each([
    [
      'a revision after @',
      { models: 'acme/tiny-model@v1.0' },
      ['acme/tiny-model@v1.0', 'Write "acme/tiny-model:v1.0"']
    ],
    [
      'a URL instead of a spec',
      { models: 'https://huggingface.co/acme/tiny-model' },
      ['https://huggingface.co/acme/tiny-model', 'Write "acme/tiny-model"']
    ],
    [
      'a repo that does not exist',
      { models: 'acme/no-such-model' },
      ['acme/no-such-model', 'HF_TOKEN']
    ],
    [
      'a private repo without a token',
      { models: 'acme/tiny-model\nacme/private-model' },
      ['acme/private-model', 'HF_TOKEN']
    ],
    [
      'a revision that does not exist',
      { models: 'acme/tiny-model:no-such-branch' },
      ['acme/tiny-model', 'no-such-branch', 'branch, tag']
    ],
    [
      'allow-patterns that match nothing',
      { models: 'acme/tiny-model', 'allow-patterns': '*.gguf' },
      ['acme/tiny-model', '*.gguf', 'config.json']
    ],
    ['no repo at all', { models: '' }, ['no repo to fetch']],
    [
      'a bad concurrency',
      { models: 'acme/tiny-model', concurrency: 'many' },
      ['concurrency', 'many']
    ],
    ['a bad offline value', { models: 'acme/tiny-model', offline: 'yes' }, ['offline', 'true']]
  ] as Array<[string, Record<string, string>, string[]]>)('%s', async (_name, inputs, says) => {
    const cache = await tempDir()
    const run = await runAction({ endpoint: t.hub.url, 'cache-dir': cache, ...inputs })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    for (const text of says)
      expect({ text, error: run.errors[0] }).toEqual({
        text,
        error: expect.stringContaining(text)
      })
    expect(run.outputFile).toBe('')
    expect(run.summary).toBe('')
    expect((await readdir(cache)).filter((e) => e.startsWith('models--'))).toEqual([])
  })
})

describe('@github/local-action', () => {
  test('runs src/action/main.ts with a .env file and prints outputs that exist on disk', async () => {
    const dir = await tempDir('mb-local-action-')
    const cache = join(dir, 'cache')
    const summaryPath = join(dir, 'summary.md')
    await writeFile(summaryPath, '')
    const envFile = join(dir, '.env')
    await writeFile(
      envFile,
      [
        `INPUT_MODELS="acme/tiny-model\nacme/private-model"`,
        `INPUT_TOKEN=${t.fixtures.tokens.reader}`,
        `INPUT_ENDPOINT=${t.hub.url}`,
        `INPUT_CACHE-DIR=${cache}`,
        `GITHUB_STEP_SUMMARY=${summaryPath}`,
        ''
      ].join('\n')
    )
    const run = await exec(LOCAL_ACTION, ['run', ROOT, 'src/action/main.ts', envFile], {
      cwd: ROOT,
      // npm (which local-action calls) needs a HOME; nothing else of this process leaks in.
      env: { PATH: process.env.PATH, HOME: process.env.HOME }
    })
    if (run.code !== 0)
      throw new Error(`local-action exited ${run.code}:\n${run.stdout}\n${run.stderr}`)
    const printed = Object.fromEntries(
      [...run.stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)].map((m) => [m[1], m[2]])
    )
    expect(Object.keys(printed).sort()).toEqual(OUTPUT_NAMES)
    const { tinyModel } = t.fixtures
    const tiny = fixture(tinyModel.id, tinyModel.commits.main)
    expect(printed['snapshot-path']).toBe(tiny.snapshot(cache))
    expect(await listSnapshot(printed['snapshot-path']!)).toEqual([...tiny.paths].sort())
    for (const path of Object.values(
      JSON.parse(printed['snapshot-paths']!) as Record<string, string>
    ))
      expect((await stat(path)).isDirectory()).toBe(true)
    expect(run.stdout).toMatch(/Action Outputs/)
    // A runner consumes `::add-mask::` lines; everything else must be free of the token.
    const shown = (run.stdout + run.stderr)
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    expect(shown).not.toContain(t.fixtures.tokens.reader)
    expect(summaryRows(await readFile(summaryPath, 'utf8'), 'acme/private-model')).toHaveLength(1)
  })
})
