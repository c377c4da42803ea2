// The Action's own pieces: input lists, output map keys, summary cells, and how any throw ends.
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

describe('whatever the pipeline throws, the step fails with exit code 1 and a message', () => {
  let saved: NodeJS.ProcessEnv
  let stdout: string
  let outputFile: string
  const write = process.stdout.write

  beforeEach(async () => {
    saved = { ...process.env }
    const dir = await tempDir('mb-action-')
    outputFile = join(dir, 'output')
    await writeFile(outputFile, '')
    Object.assign(process.env, {
      INPUT_MODELS: 'acme/tiny-model',
      INPUT_ENDPOINT: 'http://127.0.0.1:9',
      'INPUT_CACHE-DIR': join(dir, 'cache'),
      GITHUB_OUTPUT: outputFile
    })
    stdout = ''
    // @actions/core writes its commands to process.stdout.
    process.stdout.write = ((text: string | Uint8Array) => {
      stdout += String(text)
      return true
    }) as typeof process.stdout.write
  })

  afterEach(() => {
    process.stdout.write = write
    process.env = saved
    process.exitCode = undefined
  })

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
    expect(stdout).toContain(`::error::${message}\n`)
    expect(await readFile(outputFile, 'utf8')).toBe('')
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
