// The Action's own pieces: input lists, output map keys, summary cells, and how any throw ends.
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assembledRunReport } from '../src/action/assemble.js'
import { inActionTerms } from '../src/action/constants.js'
import { getList } from '../src/action/inputs.js'
import { destinationOutputs, outputKeys, run } from '../src/action/main.js'
import { codeCell, summaryMarkdown } from '../src/action/summary.js'
import { ModelbakeError } from '../src/core/errors.js'
import type { RepoResult } from '../src/pipeline/result.js'
import { tempDir } from './helpers/env.js'

test.each([
  ['a, b\nc', ['a', 'b', 'c']],
  ['  *.json  \n\n, original/ ,', ['*.json', 'original/']],
  ['', []]
])('getList(%j)', (text, expected) => {
  expect(getList(text)).toEqual(expected)
})

const repo = (label: string, revision: string) => ({ label, revision }) as RepoResult

test.each([
  [
    [repo('a/b', 'main'), repo('datasets/a/b', 'main')],
    ['a/b', 'datasets/a/b']
  ],
  [[repo('a/b', 'v1.0')], ['a/b']],
  [
    [repo('a/b', 'v1.0'), repo('c/d', 'main'), repo('a/b', 'main'), repo('a/b', 'refs/pr/1')],
    ['a/b:v1.0', 'c/d', 'a/b:main', 'a/b:refs/pr/1']
  ]
])('outputKeys %#', (repos, expected) => {
  expect(outputKeys(repos)).toEqual(expected)
})

test.each([
  ['acme/tiny-model', '`acme/tiny-model`'],
  ['a|b', '`a\\|b`'],
  ['we`ird', '`` we`ird ``']
])('codeCell(%j)', (text, expected) => {
  expect(codeCell(text)).toBe(expected)
})

/**
 * For each test of the block: the Action's inputs in the environment, a GITHUB_OUTPUT file, and
 * what @actions/core writes (its commands go to process.stdout) captured; all put back after.
 */
function stepEnvironment(inputs: (dir: string) => Record<string, string>) {
  const step = { stdout: '', outputFile: '' }
  let saved: NodeJS.ProcessEnv
  const write = process.stdout.write
  beforeEach(async () => {
    saved = { ...process.env }
    const dir = await tempDir('mb-action-')
    step.outputFile = join(dir, 'output')
    await writeFile(step.outputFile, '')
    Object.assign(process.env, { ...inputs(dir), GITHUB_OUTPUT: step.outputFile })
    step.stdout = ''
    process.stdout.write = ((text: string | Uint8Array) => {
      step.stdout += String(text)
      return true
    }) as typeof process.stdout.write
  })
  afterEach(() => {
    process.stdout.write = write
    process.env = saved
    process.exitCode = undefined
  })
  return step
}

describe('whatever the pipeline throws, the step fails with exit code 1 and a message', () => {
  const step = stepEnvironment((dir) => ({
    INPUT_MODELS: 'acme/tiny-model',
    INPUT_ENDPOINT: 'http://127.0.0.1:9',
    'INPUT_CACHE-DIR': join(dir, 'cache')
  }))

  test.each([
    ['an Error', new Error('disk full'), 'disk full'],
    [
      'a ModelbakeError',
      new ModelbakeError('repo not found', { repo: 'acme/x', hint: 'check the spelling' }),
      'acme/x: repo not found%0A  → check the spelling'
    ],
    ['a string', 'a thrown string', 'a thrown string'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null']
  ])('%s', async (_name, thrown, message) => {
    await run({
      pipeline: async () => {
        throw thrown
      }
    })
    expect(process.exitCode).toBe(1)
    expect(step.stdout).toContain(`::error::${message}\n`)
    expect(await readFile(step.outputFile, 'utf8')).toBe('')
  })
})

describe('messages in Action terms', () => {
  test.each([
    ['set HF_TOKEN (or --token)', 'set HF_TOKEN (or the `token` input)'],
    [
      'choose another cache folder (--cache-dir)',
      'choose another cache folder (the `cache-dir` input)'
    ],
    ['change --allow/--ignore', 'change the `allow-patterns` input/the `ignore-patterns` input'],
    ['see --frobnicate', 'see --frobnicate']
  ])('%p', (cli, action) => {
    expect(inActionTerms(cli)).toBe(action)
  })
})

describe('destination outputs', () => {
  test('details become kebab-cased outputs; the first destination to set a name wins', () => {
    const reports = [
      {
        destination: 'docker://r/x:1',
        writtenBytes: 1,
        skippedBytes: 0,
        locations: {},
        details: { imageDigest: 'sha256:abc', layers: [{ size: 1 }], cacheHit: false }
      },
      {
        destination: 'gha-cache',
        writtenBytes: 0,
        skippedBytes: 1,
        locations: {},
        details: { cacheHit: true }
      }
    ]
    expect(destinationOutputs(reports)).toEqual([
      ['image-digest', 'sha256:abc'],
      ['layers', '[{"size":1}]'],
      ['cache-hit', 'false']
    ])
  })
})

describe('job summary', () => {
  test('a table of destinations after the repos', () => {
    const markdown = summaryMarkdown({
      repos: [],
      dryRun: false,
      offline: false,
      cacheDir: '/c',
      destinations: [
        {
          destination: 'volume:/mnt/hub',
          writtenBytes: 2048,
          skippedBytes: 0,
          locations: { 'acme/x': '/mnt/hub/models--acme--x/snapshots/abc' }
        }
      ]
    })
    expect(markdown).toContain('| destination | written | skipped | where |')
    const withImage = summaryMarkdown({
      repos: [],
      dryRun: false,
      offline: false,
      cacheDir: '/c',
      destinations: [
        {
          destination: 'docker://r/m:1',
          writtenBytes: 0,
          skippedBytes: 5,
          locations: {},
          details: { imageRef: 'r/m@sha256:abc' }
        }
      ]
    })
    expect(withImage).toContain('| `docker://r/m:1`<br>image `r/m@sha256:abc` | 0 B | 5 B |')
    expect(markdown).toContain(
      '| `volume:/mnt/hub` | 2.0 KiB | 0 B | `/mnt/hub/models--acme--x/snapshots/abc` |'
    )
  })
})

describe('action.yml', () => {
  test('declares every input the Action reads and every output it sets', async () => {
    const { parse } = await import('yaml')
    const { DESTINATION_FLAGS } = await import('../src/cli/args.js')
    const { Inputs, Outputs } = await import('../src/action/constants.js')
    const root = join(dirname(fileURLToPath(import.meta.url)), '..')
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>
      outputs: Record<string, unknown>
    }
    const inputs = [...Object.values(Inputs), ...Object.keys(DESTINATION_FLAGS)]
    expect(inputs.filter((name) => !(name in action.inputs))).toEqual([])
    expect(Object.values(Outputs).filter((name) => !(name in action.outputs))).toEqual([])
  })
})

test('a destination detail never replaces one of the run outputs', () => {
  const report = {
    destination: 'oci:/x',
    writtenBytes: 0,
    skippedBytes: 0,
    locations: {},
    details: { snapshotPaths: { a: '/in/image' }, imageRef: 'r@sha256:1' }
  }
  expect(destinationOutputs([report])).toEqual([['image-ref', 'r@sha256:1']])
})

describe('mode: assemble', () => {
  let calls: string[]
  const deps = {
    pipeline: async () => {
      calls.push('run')
      throw new Error('not reached')
    },
    assemble: async () => {
      calls.push('assemble')
      throw new Error('not reached')
    }
  }

  const step = stepEnvironment((dir) => ({
    INPUT_MODELS: 'acme/tiny-model',
    INPUT_ENDPOINT: 'http://127.0.0.1:9',
    INPUT_MODE: 'assemble',
    INPUT_TO: `volume:${join(dir, 'volume')}`
  }))
  beforeEach(() => {
    calls = []
  })

  const errors = () =>
    step.stdout
      .split('\n')
      .filter((line) => line.startsWith('::error::'))
      .map((line) => line.slice('::error::'.length).replace(/%0A/g, '\n'))

  test.each([
    [
      'with shard',
      { INPUT_SHARD: '1/2' },
      ['`shard` and `mode: assemble` do not go together', 'remove `shard`', '`shards: N`']
    ],
    [
      'without a destination',
      { INPUT_TO: '' },
      [
        '`mode: assemble` needs the `to` input',
        'one volume:DIR, s3://BUCKET/PREFIX or docker://REGISTRY/REPO:TAG',
        'as in the shard jobs'
      ]
    ],
    [
      'with two destinations',
      { INPUT_TO: 'volume:/a\nvolume:/b' },
      ['`mode: assemble` writes to one destination, and `to` names 2']
    ],
    [
      'offline',
      { INPUT_OFFLINE: 'true' },
      ['`mode: assemble` reads the commits’ listings from the Hub', 'remove `offline: true`']
    ],
    [
      'a bad shards',
      { INPUT_SHARDS: 'three' },
      ['invalid `shards` "three"', 'number of shard jobs']
    ],
    [
      'to an image',
      { INPUT_TO: 'oci:/tmp/x' },
      [
        '`mode: assemble` cannot write to oci:/tmp/x',
        'a blob store or a registry: `to: volume:DIR`, `to: s3://BUCKET/PREFIX` or `to: docker://REGISTRY/REPO:TAG`'
      ]
    ],
    [
      'to an image without shards',
      { INPUT_TO: 'docker://127.0.0.1:9/acme/tiny:v1' },
      [
        '`mode: assemble` to docker://127.0.0.1:9/acme/tiny:v1 needs the `shards` input',
        'set `shards: N`'
      ]
    ],
    ['an unknown mode', { INPUT_MODE: 'bake' }, ['invalid `mode` "bake"', '`run`', '`assemble`']],
    [
      'shards in a run',
      { INPUT_MODE: 'run', INPUT_SHARDS: '3' },
      ['the `shards` input is read by `mode: assemble` only', '`shard: i/N`']
    ]
  ])('%s: refused in Action terms before any work', async (_name, env, says) => {
    Object.assign(process.env, env)
    await run(deps)
    expect(process.exitCode).toBe(1)
    expect(errors()).toHaveLength(1)
    for (const text of says)
      expect({ text, error: errors()[0] }).toEqual({
        text,
        error: expect.stringContaining(text)
      })
    expect(errors()[0]).not.toMatch(/--[a-z]/)
    expect(calls).toEqual([])
    expect(await readFile(step.outputFile, 'utf8')).toBe('')
  })

  test('a registry image: the assemble pipeline runs with the shard count', async () => {
    let seen: unknown
    process.env.INPUT_TO = 'docker://127.0.0.1:9/acme/tiny:v1'
    process.env.INPUT_SHARDS = '3'
    await run({
      ...deps,
      assemble: async (options: { shards?: number; destinations?: Array<{ name: string }> }) => {
        seen = { shards: options.shards, to: options.destinations?.map((d) => d.name) }
        throw new Error('stop here')
      }
    } as unknown as Parameters<typeof run>[0])
    expect(seen).toEqual({ shards: 3, to: ['docker://127.0.0.1:9/acme/tiny:v1'] })
    expect(errors()).toEqual(['stop here'])
  })

  test('cache-dir has no effect: a warning, and the assemble pipeline runs', async () => {
    process.env['INPUT_CACHE-DIR'] = '/tmp/somewhere'
    await run(deps)
    expect(step.stdout).toMatch(/^::warning::`cache-dir` is not used by `mode: assemble`/m)
    expect(calls).toEqual(['assemble'])
  })
})

describe('the assemble report as a run report', () => {
  const result = (label: string, revision: string, commit: string) =>
    ({
      label,
      revision,
      commit,
      repo: label.replace(/^datasets\//, ''),
      type: label.startsWith('datasets/') ? 'dataset' : 'model',
      // assemble() reports the snapshots at the destination.
      snapshotPath: `/mnt/hub/${label.startsWith('datasets/') ? 'datasets' : 'models'}--${label.replace(/^datasets\//, '').replace('/', '--')}/snapshots/${commit.slice(0, 3)}`,
      files: 2,
      bytes: 3000,
      downloadedBytes: 0,
      reusedBytes: 3000,
      seconds: 0,
      paths: [],
      selected: []
    }) as unknown as RepoResult
  const report = assembledRunReport({
    repos: [
      result('acme/a', 'main', 'a'.repeat(40)),
      result('acme/a', 'v1', 'b'.repeat(40)),
      result('datasets/acme/d', 'main', 'c'.repeat(40))
    ],
    destinations: [
      {
        destination: 'volume:/mnt/hub',
        writtenBytes: 0,
        skippedBytes: 9000,
        locations: {
          'acme/a:main': '/mnt/hub/models--acme--a/snapshots/aaa',
          'acme/a:v1': '/mnt/hub/models--acme--a/snapshots/bbb',
          'datasets/acme/d': '/mnt/hub/datasets--acme--d/snapshots/ccc'
        }
      }
    ]
  })

  test('the summary says where each snapshot is, and that nothing was downloaded', () => {
    const markdown = summaryMarkdown(report, 'assemble')
    expect(markdown).toContain('### modelbake assemble')
    expect(markdown).toContain(
      `| \`datasets/acme/d\` | \`main\` → \`cccccccccccc\` | 2 | 2.9 KiB | \`/mnt/hub/datasets--acme--d/snapshots/ccc\` |`
    )
    expect(markdown).toContain('no weight was downloaded or copied')
    expect(markdown).toContain('| `volume:/mnt/hub` | 0 B | 8.8 KiB |')
    expect(markdown).not.toContain('Cache:')
  })

  test("a shard job's summary says its share and what comes next", () => {
    const markdown = summaryMarkdown({
      repos: [],
      destinations: [],
      dryRun: false,
      offline: false,
      cacheDir: '/c',
      shard: { index: 2, count: 3, blobs: 4, bytes: 2048 }
    })
    expect(markdown).toContain(
      'Shard 2/3: 4 blobs, 2.0 KiB, published without snapshots; a last job with `mode: assemble` writes them.'
    )
  })
})

test.each([
  [
    'add --to volume:DIR or --to s3://BUCKET/PREFIX, then run `modelbake assemble` there',
    'add `to: volume:DIR` or `to: s3://BUCKET/PREFIX`, then run a last job with `mode: assemble` there'
  ],
  [
    'Pass --shards N to see which shard should have written each blob',
    'Pass `shards: N` to see which shard should have written each blob'
  ],
  ['(--to tool-cache)', '(`to: tool-cache`)'],
  ['set --token', 'set the `token` input']
])('inActionTerms(%j)', (cli, action) => {
  expect(inActionTerms(cli)).toBe(action)
})
