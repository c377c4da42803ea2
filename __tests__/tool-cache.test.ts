// The tool cache layout, checked against @actions/tool-cache itself: the folder and marker it makes
// for a tool version are the ones modelbake writes and looks for.
import * as tc from '@actions/tool-cache'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UsageError } from '../src/core/errors.js'
import {
  createToolCacheDestination,
  toolEntry,
  toolName
} from '../src/destinations/tool-cache/index.js'
import { tempDir } from './helpers/env.js'

const COMMIT = '0123456789abcdef0123456789abcdef01234567'

test.each([
  [{ type: 'model', repo: 'acme/tiny-model' }, 'hf-models--acme--tiny-model'],
  [{ type: 'dataset', repo: 'acme/tiny-dataset' }, 'hf-datasets--acme--tiny-dataset'],
  [{ type: 'space', repo: 'acme/demo' }, 'hf-spaces--acme--demo'],
  [{ type: 'model', repo: 'gpt2' }, 'hf-models--gpt2']
] as const)('tool name of %j is %s', (repo, name) => {
  expect(toolName(repo)).toBe(name)
})

describe('the layout is @actions/tool-cache’s', () => {
  const saved = process.env.RUNNER_TOOL_CACHE
  afterAll(() => {
    if (saved === undefined) delete process.env.RUNNER_TOOL_CACHE
    else process.env.RUNNER_TOOL_CACHE = saved
  })

  test('tc.cacheDir() puts a commit-versioned tool, and its .complete marker, where modelbake does', async () => {
    const root = await tempDir('mb-toolcache-')
    const source = await tempDir('mb-tool-source-')
    await writeFile(join(source, 'file'), 'x')
    process.env.RUNNER_TOOL_CACHE = root
    const repo = { type: 'model', repo: 'acme/tiny-model' } as const
    const made = await tc.cacheDir(source, toolName(repo), COMMIT)
    const entry = toolEntry(root, repo, COMMIT)
    expect(made).toBe(entry.dir)
    expect(await readFile(entry.marker, 'utf8')).toBe('')
    // Why modelbake finds entries itself: tc.find matches semver versions only.
    expect(tc.find(toolName(repo), COMMIT)).toBe('')
  })
})

describe('--to tool-cache[:DIR]', () => {
  test('tool-cache takes RUNNER_TOOL_CACHE', async () => {
    const root = await tempDir('mb-toolcache-')
    const destination = createToolCacheDestination('', { env: { RUNNER_TOOL_CACHE: root } })
    expect({ name: destination.name, root: destination.root }).toEqual({ name: 'tool-cache', root })
  })

  test('tool-cache:DIR names the folder (~ expanded)', () => {
    const destination = createToolCacheDestination(':~/tools', { env: { HOME: '/home/runner' } })
    expect(destination.root).toBe('/home/runner/tools')
    expect(destination.name).toBe('tool-cache:~/tools')
  })

  test.each([
    ['', {}, 'tool-cache needs RUNNER_TOOL_CACHE'],
    ['', { RUNNER_TOOL_CACHE: '  ' }, 'tool-cache needs RUNNER_TOOL_CACHE'],
    [':', {}, 'tool-cache: needs a folder'],
    ['s', {}, 'unknown destination "tool-caches"']
  ])('%j with %j: a usage error', (target, env, message) => {
    expect(() => createToolCacheDestination(target, { env })).toThrow(UsageError)
    expect(() => createToolCacheDestination(target, { env })).toThrow(message)
  })

  test('a relative folder is made absolute', async () => {
    const dir = await tempDir('mb-toolcache-')
    await mkdir(join(dir, 'tools'))
    const destination = createToolCacheDestination(`:${join(dir, 'tools', '..', 'tools')}`, {
      env: {}
    })
    expect(destination.root).toBe(join(dir, 'tools'))
  })
})
