// Offline runs, every bad input the warm path can meet, and the token's safety.
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'

let t: TestHub
let warmCache: string
beforeAll(async () => {
  t = await startTestHub()
  warmCache = await tempDir()
  const run = await cli([
    'acme/tiny-model',
    '--ignore',
    '*.md',
    ...hubAndCache(t.hub.url, warmCache),
    '--quiet'
  ])
  expect(run.code).toBe(0)
})
afterAll(() => t.close())
beforeEach(() => t.hub.resetRequests())

/** An endpoint where nothing listens: any network use would fail. */
const DEAD = 'http://127.0.0.1:9'

describe('offline', () => {
  test.each([
    ['--offline', ['--offline'], {}],
    ['HF_HUB_OFFLINE=1', [], { HF_HUB_OFFLINE: '1' }]
  ])('%s resolves the branch from refs/ with no network at all', async (_name, flags, env) => {
    const run = await cli(
      ['acme/tiny-model', '--ignore', '*.md', ...hubAndCache(DEAD, warmCache), '--json', ...flags],
      env
    )
    expect(run.stderr).not.toContain('error')
    expect(run.code).toBe(0)
    const repo = JSON.parse(run.stdout).repos[0]
    expect(repo.commit).toBe(t.fixtures.tinyModel.commits.main)
    expect(repo.downloadedBytes).toBe(0)
    expect(t.hub.requests).toEqual([])
  })

  test('fails naming the missing files when the patterns ask for more than was cached', async () => {
    const run = await cli(['acme/tiny-model', '--offline', '--cache-dir', warmCache])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('acme/tiny-model')
    expect(run.stderr).toContain('README.md')
    expect(run.stderr).toContain('network access')
  })

  test('fails clearly for a revision the cache has never seen', async () => {
    const run = await cli(['acme/tiny-model:v9', '--offline', '--cache-dir', warmCache])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /acme\/tiny-model: offline, and the cache has no ref for revision "v9"/
    )
  })

  test('fails clearly for a repo that was never downloaded', async () => {
    const run = await cli(['acme/many-files', '--offline', '--cache-dir', warmCache])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('acme/many-files')
  })
})

describe('bad input fails before any network call, names the entry, and writes nothing', () => {
  test.each([
    ['a malformed spec', ['acme/tiny-model', 'not a repo!'], /argument 2/],
    ['a URL instead of a spec', ['https://huggingface.co/acme/tiny-model'], /acme\/tiny-model/],
    ['a revision with path metacharacters', ['acme/tiny-model:../../etc'], /revision/],
    ['an unknown flag', ['acme/tiny-model', '--frobnicate'], /frobnicate/],
    ['a bad concurrency', ['acme/tiny-model', '--concurrency', '0'], /concurrency/],
    ['a non-numeric concurrency', ['acme/tiny-model', '--concurrency', 'lots'], /concurrency/],
    ['a bad endpoint', ['acme/tiny-model', '--endpoint', 'ftp://example'], /endpoint/],
    [
      'an endpoint with credentials',
      ['acme/tiny-model', '--endpoint', 'http://u:p@127.0.0.1:1'],
      /endpoint/
    ],
    ['no spec at all', [], /no repo/],
    [
      'an unknown destination',
      ['acme/tiny-model', '--to', 'ftp://somewhere'],
      /unknown destination "ftp:\/\/somewhere"/
    ],
    ['a missing spec file', ['--spec-file', '/nonexistent/specs.yaml'], /spec-file/]
  ])('%s', async (_name, argv, message) => {
    const cache = join(await tempDir(), 'cache')
    const endpoint = argv.includes('--endpoint') ? [] : ['--endpoint', t.hub.url]
    const run = await cli([...argv, '--cache-dir', cache, ...endpoint])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(/→ /)
    expect(t.hub.requests).toEqual([])
    await expect(readdir(cache)).rejects.toThrow()
  })

  test('a bad spec from the environment names the variable', async () => {
    const run = await cli(['--endpoint', t.hub.url], {
      RUNPOD_HUGGINGFACE_MODEL: 'acme/tiny-model,bad spec'
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('RUNPOD_HUGGINGFACE_MODEL')
    expect(t.hub.requests).toEqual([])
  })
})

describe('the Hub says no', () => {
  test.each([
    ['a repo that does not exist', ['acme/no-such-model'], {}, /repo not found/, /HF_TOKEN/],
    ['a private repo without a token', ['acme/private-model'], {}, /repo not found/, /HF_TOKEN/],
    ['a gated repo without a token', ['acme/gated-model'], {}, /gated/, /HF_TOKEN/],
    [
      'a gated repo with a token that lacks access',
      ['acme/gated-model'],
      { HF_TOKEN: 'NOACCESS' },
      /gated/,
      /request access/
    ],
    [
      'a revision that does not exist',
      ['acme/tiny-model:no-such-branch'],
      {},
      /revision "no-such-branch" not found/,
      /branch, tag/
    ]
  ] as Array<[string, string[], Record<string, string>, RegExp, RegExp]>)(
    '%s',
    async (_name, argv, env, message, hint) => {
      const cache = await tempDir()
      const token = env.HF_TOKEN === 'NOACCESS' ? { HF_TOKEN: t.fixtures.tokens.noAccess } : env
      const run = await cli([...argv, ...hubAndCache(t.hub.url, cache)], token)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(argv[0].split(':')[0])
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(hint)
      // Nothing half-written: no snapshot folder for a repo that failed.
      const entries = await readdir(cache)
      expect(entries.filter((e) => e.startsWith('models--'))).toEqual([])
    }
  )

  test('a cache folder that is a file', async () => {
    const file = join(await tempDir(), 'file')
    await writeFile(file, 'not a folder')
    const run = await cli(['acme/tiny-model', ...hubAndCache(t.hub.url, file)])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/cannot write .*file/)
    expect(run.stderr).toContain('--cache-dir')
    expect(await readFile(file, 'utf8')).toBe('not a folder')
  })

  test('a read-only cache folder', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a read-only bind instead of chmod, if possible; else check chmod is respected.
    }
    const dir = await tempDir()
    const cache = join(dir, 'ro')
    await mkdir(cache)
    await chmod(cache, 0o500)
    const run = await cli(['acme/tiny-model', ...hubAndCache(t.hub.url, cache)])
    await chmod(cache, 0o700)
    if (process.getuid?.() === 0) {
      // root writes anyway: the run must then simply succeed.
      expect(run.code).toBe(0)
    } else {
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('writable')
    }
    await rm(dir, { recursive: true, force: true })
  })
})

describe('the token', () => {
  const secretRun = async (argv: string[]) => {
    const cache = await tempDir()
    const token = t.fixtures.tokens.reader
    const run = await cli([...argv, ...hubAndCache(t.hub.url, cache), '--json'], {
      HF_TOKEN: token
    })
    return { run, token, cache }
  }

  test('reads private and gated repos, goes to the hub only, never to the CDN, and is never printed', async () => {
    const { run, token, cache } = await secretRun([
      'acme/private-model',
      'acme/gated-model',
      'acme/tiny-model'
    ])
    expect(run.code).toBe(0)
    const hubRequests = t.hub.requests.filter((r) => r.origin === 'hub')
    const cdnRequests = t.hub.requests.filter((r) => r.origin === 'cdn')
    expect(cdnRequests.length).toBeGreaterThan(0)
    expect(hubRequests.every((r) => r.authorization === `Bearer ${token}`)).toBe(true)
    expect(cdnRequests.every((r) => r.authorization === undefined)).toBe(true)
    expect(t.hub.cdnSawAuthorization).toBe(false)
    expect(run.stdout + run.stderr).not.toContain(token)
    // Nor is it written anywhere in the cache.
    const { execSync } = await import('node:child_process')
    expect(execSync(`grep -rl -- '${token}' '${cache}' || true`).toString()).toBe('')
  })

  test('a token without the hf_ prefix works (org and OIDC tokens)', async () => {
    const cache = await tempDir()
    const run = await cli(['acme/private-model', ...hubAndCache(t.hub.url, cache)], {
      HF_TOKEN: t.fixtures.tokens.unprefixed
    })
    expect(run.code).toBe(0)
  })

  test('the precedence is --token, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, RUNPOD_HUGGINGFACE_TOKEN, $HF_HOME/token', async () => {
    const good = t.fixtures.tokens.reader
    const cases: Array<[string[], Record<string, string>]> = [
      [['--token', good], { HF_TOKEN: 'wrong-1' }],
      [[], { HF_TOKEN: good, HUGGING_FACE_HUB_TOKEN: 'wrong-2' }],
      [[], { HUGGING_FACE_HUB_TOKEN: good, RUNPOD_HUGGINGFACE_TOKEN: 'wrong-3' }],
      [[], { RUNPOD_HUGGINGFACE_TOKEN: good }]
    ]
    for (const [flags, env] of cases) {
      const run = await cli(
        [
          'acme/private-model',
          ...flags,
          '--endpoint',
          t.hub.url,
          '--cache-dir',
          await tempDir(),
          '--quiet'
        ],
        env
      )
      expect({ env, code: run.code }).toEqual({ env, code: 0 })
    }
    const home = await tempDir()
    await writeFile(join(home, 'token'), `${good}\n`)
    const run = await cli(
      ['acme/private-model', '--endpoint', t.hub.url, '--cache-dir', await tempDir(), '--quiet'],
      { HF_HOME: home }
    )
    expect(run.code).toBe(0)
  })

  test('an invalid token fails with a hint, and the token is not in the message', async () => {
    const token = 'hf_invalid_token_value_123456'
    const run = await cli(
      ['acme/tiny-model:no-such-branch', '--endpoint', t.hub.url, '--cache-dir', await tempDir()],
      { HF_TOKEN: token }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).not.toContain(token)
    expect(run.stderr).toMatch(/token/)
  })
})
