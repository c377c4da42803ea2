// Chaos, the hostile half: listings whose paths climb out of the snapshot, repo ids and revisions
// with URL or path metacharacters, redirects and pagination that point at another host, keys that
// would leave their root, and a token that must never show — even when a hostile hub echoes it back.
// Each case is refused with a clear error, and a before/after listing of the folder around the
// cache (and destinations) proves nothing was written outside them.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import {
  auditCache,
  auditLayout,
  Figures,
  listTree,
  sendJson,
  startStub,
  type Stub
} from './helpers/chaos.js'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'
import { startTestS3, type TestS3 } from './helpers/s3.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const RETRY = { MODELBAKE_RETRY_BASE_MS: '1', MODELBAKE_RETRIES: '2' }
const figures = new Figures()
let t: TestHub
let s3: TestS3

beforeAll(async () => {
  ;[t, s3] = await Promise.all([startTestHub(), startTestS3('hostile')])
})
afterAll(async () => {
  figures.print('chaos (hostile input)')
  await Promise.all([t?.close(), s3?.close()])
  expect(figures.corruptions).toEqual([])
})
beforeEach(() => t.hub.resetRequests())

/** A folder holding the cache, a destination and a marker, to list before and after a run. */
async function sandbox() {
  const root = await tempDir('mb-hostile-')
  await writeFile(join(root, 'marker.txt'), 'untouched\n')
  return { root, cache: join(root, 'cache'), dest: join(root, 'dest') }
}

async function run(argv: string[], env: Record<string, string> = {}) {
  figures.runs++
  const result = await cli(argv, { ...RETRY, ...env })
  if (result.code === 0) figures.completed++
  else if (/\n {2}→ \S/.test(result.stderr)) figures.failedClearly++
  return result
}

/** A clear error: one `modelbake: error:` line naming what failed, then a `→` line saying what to do. */
function expectClearError(result: { code: number; stderr: string }, code: number, what: RegExp) {
  expect(result.code).toBe(code)
  expect(result.stderr).toMatch(/modelbake: error: /)
  expect(result.stderr).toMatch(what)
  expect(result.stderr).toMatch(/\n {2}→ \S/)
  expect(result.stderr).not.toMatch(/^\s+at /m)
}

const fileRequests = () =>
  t.hub.requests.filter((r) => r.origin === 'cdn' || r.path.includes('/resolve/'))

// ---------------------------------------------------------------------------------------------

describe('a listing whose paths would leave the snapshot', () => {
  let n = 0
  test.each([
    ['a parent folder', '../x', /unsafe path "\.\.\/x": it has a "\.\." segment/],
    ['an absolute path', '/abs/x', /unsafe path "\/abs\/x": it is absolute/],
    ['a climb in the middle', 'a/../../b', /unsafe path "a\/\.\.\/\.\.\/b"/],
    ['a NUL byte', 'a\u0000b.txt', /unsafe path "a\\u0000b\.txt": it contains a control character/],
    ['a name over 255 bytes', `${'n'.repeat(256)}.txt`, /a segment is longer than 255 bytes/],
    ['255 characters, 510 bytes', `${'é'.repeat(255)}`, /a segment is longer than 255 bytes/],
    ['a path over 4096 bytes', `${'d'.repeat(200)}/`.repeat(21) + 'x', /longer than 4096 bytes/],
    ['a backslash', '..\\..\\x', /it contains a backslash/],
    ['an empty segment', 'a//b', /it has an empty segment/],
    ['a "." segment', './x', /it has a "\." segment/],
    ['an empty path', '', /it is empty/]
  ])('%s is refused, and nothing is written anywhere', async (_name, path, message) => {
    const id = `hostile/listing-${n++}`
    t.store.createRepo(id)
    await t.store.commit(id, { files: { 'config.json': '{}' } })
    t.store.injectListingEntry(id, 'main', { type: 'file', oid: '0'.repeat(40), size: 3, path })
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run([
      id,
      ...hubAndCache(t.hub.url, box.cache),
      '--to',
      `volume:${box.dest}`
    ])
    expectClearError(result, 1, message)
    expect(result.stderr).toContain(id)
    expect(fileRequests()).toEqual([])
    expect(await listTree(box.root)).toEqual(before)
  })

  test('ignoring the path does not help, and the hint does not pretend it would', async () => {
    const id = 'hostile/listing-ignored'
    t.store.createRepo(id)
    await t.store.commit(id, { files: { 'config.json': '{}' } })
    t.store.injectListingEntry(id, 'main', {
      type: 'file',
      oid: '0'.repeat(40),
      size: 3,
      path: '../x'
    })
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run([
      id,
      '--ignore',
      '../x',
      '--allow',
      'config.json',
      ...hubAndCache(t.hub.url, box.cache),
      '--to',
      `oci:${box.dest}`
    ])
    expectClearError(result, 1, /unsafe path "\.\.\/x"/)
    expect(result.stderr).not.toMatch(/--ignore/)
    expect(await listTree(box.root)).toEqual(before)
  })

  test('a listing in the cache that was tampered with is refused offline too', async () => {
    const box = await sandbox()
    const warm = await run([t.fixtures.tinyModel.id, ...hubAndCache(t.hub.url, box.cache)])
    expect(warm.code).toBe(0)
    const commit = t.fixtures.tinyModel.commits.main
    const listing = join(box.cache, 'models--acme--tiny-model', 'trees', `${commit}.json`)
    const text = await readFile(listing, 'utf8')
    await writeFile(listing, text.replace('"config.json"', '"../../../../escape.json"'))
    const before = await listTree(box.root)
    const result = await run([t.fixtures.tinyModel.id, '--offline', '--cache-dir', box.cache])
    expectClearError(result, 1, /unsafe path "\.\.\/\.\.\/\.\.\/\.\.\/escape\.json"/)
    expect(await listTree(box.root)).toEqual(before)
    figures.addAudit(await auditCache(box.cache))
  })
})

// ---------------------------------------------------------------------------------------------

describe('repo ids and revisions with URL or path metacharacters', () => {
  test.each([
    ['acme/../etc', /repo id cannot contain "--" or "\.\."|repo id/],
    ['../acme/x', /Invalid repo spec/],
    ['acme/x%2F..', /repo id contains "%"/],
    ['acme/x?y=1', /repo id contains "\?"/],
    ['acme/x#frag', /repo id contains "#"/],
    ['acme/x y', /Invalid repo spec/],
    ['acme//x', /Invalid repo spec/],
    ['acme\\x', /repo id contains "\\\\"/],
    ['acme/x\u0000', /Invalid repo spec/],
    ['acme/tiny-model:main?x=1', /revision contains "\?"/],
    ['acme/tiny-model:main#x', /revision contains "#"/],
    ['acme/tiny-model:../../etc/passwd', /revision/],
    ['acme/tiny-model:refs/../x', /revision contains "\.\."/],
    ['acme/tiny-model:%2e%2e', /revision contains "%"/],
    ['acme/tiny-model:a\\b', /revision contains "\\\\"/],
    ['acme/tiny-model:/abs', /revision cannot start with "\/"/],
    ['acme/tiny-model:main\u0000', /invisible or control character/],
    ['acme/tiny-model:x.lock', /cannot end with "\.lock"/]
  ])('%j is refused before any request, and nothing is written', async (spec, message) => {
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run([spec, ...hubAndCache(t.hub.url, box.cache)])
    expectClearError(result, 2, message)
    expect(t.hub.requests).toEqual([])
    expect(await listTree(box.root)).toEqual(before)
  })

  test('a revision with characters a URL must escape reaches the hub as one escaped segment', async () => {
    // Legal git ref names with "@", "+", "=" or a non-ASCII letter: no refusal, and no other URL.
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run([
      'acme/tiny-model:feature/é@+=x',
      ...hubAndCache(t.hub.url, box.cache)
    ])
    expectClearError(result, 1, /revision "feature\/é@\+=x" not found/)
    expect(t.hub.requests.map((r) => r.path)).toEqual([
      '/api/models/acme/tiny-model/revision/feature%2F%C3%A9%40%2B%3Dx'
    ])
    expect(await listTree(box.root)).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------

describe('redirects and other hosts: the token stays on the hub', () => {
  const TOKEN = 'hf_hostile_reader_token_0123456789'
  let stubs: Stub[] = []
  afterEach(async () => {
    await Promise.all(stubs.map((s) => s.close()))
    stubs = []
  })

  /** A host that records whatever reaches it, on another address than the hub. */
  async function elsewhere(host = '127.0.0.2') {
    const stub = await startStub(host, (_req, res) => sendJson(res, 200, []))
    stubs.push(stub)
    return stub
  }

  test('a renamed private repo: the relative redirect keeps the token, the CDN never gets it', async () => {
    t.store.createRepo('acme/secret-old', { private: true })
    await t.store.commit('acme/secret-old', {
      files: { 'config.json': '{"secret": 1}', 'model.safetensors': { size: 8192, seed: 's' } }
    })
    t.store.addToken(TOKEN, { repos: ['acme/secret-old'] })
    t.store.rename('acme/secret-old', 'acme/secret-new')
    const box = await sandbox()
    const result = await run(['acme/secret-old', ...hubAndCache(t.hub.url, box.cache)], {
      HF_TOKEN: TOKEN
    })
    expect(result).toMatchObject({ code: 0 })
    const hub = t.hub.requests.filter((r) => r.origin === 'hub')
    const cdn = t.hub.requests.filter((r) => r.origin === 'cdn')
    expect(hub.filter((r) => r.status === 307).length).toBeGreaterThan(0)
    expect(hub.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
    expect(cdn.length).toBeGreaterThan(0)
    expect(cdn.every((r) => r.authorization === undefined)).toBe(true)
    const audit = figures.addAudit(await auditCache(box.cache))
    expect(audit).toMatchObject({ corruptions: [], leftovers: [] })
    expect(result.stderr + result.stdout).not.toContain(TOKEN)
  })

  /** A hub of our own: the revision and the listing are fine; `answer` decides the rest. */
  async function hostileHub(
    answer: (url: string, res: import('node:http').ServerResponse) => boolean
  ): Promise<Stub> {
    const hub = await startStub('127.0.0.1', (req, res) => {
      const url = req.url ?? '/'
      if (answer(url, res)) return
      if (url.includes('/revision/')) return sendJson(res, 200, { sha: 'b'.repeat(40) })
      if (url.includes('/tree/'))
        return sendJson(res, 200, [{ type: 'file', path: 'a.txt', oid: 'c'.repeat(40), size: 3 }])
      sendJson(res, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' })
    })
    stubs.push(hub)
    return hub
  }

  test('a listing whose next page is on another host is refused, and that host hears nothing', async () => {
    const evil = await elsewhere()
    const hub = await hostileHub((url, res) => {
      if (!url.includes('/tree/')) return false
      sendJson(res, 200, [{ type: 'file', path: 'a.txt', oid: 'c'.repeat(40), size: 3 }], {
        link: `<${evil.url}/api/models/acme/x/tree/${'b'.repeat(40)}?cursor=2>; rel="next"`
      })
      return true
    })
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run(['acme/x', ...hubAndCache(hub.url, box.cache)], {
      HF_TOKEN: TOKEN
    })
    expectClearError(result, 1, /acme\/x: the tree listing points its next page at another host/)
    expect(evil.requests).toEqual([])
    expect(hub.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
    expect(await listTree(box.root)).toEqual(before)
  })

  test.each([
    ['another host', '127.0.0.2'],
    ['another port of the same host', '127.0.0.1']
  ])('redirects to %s (an API call and a file) get no token', async (_name, host) => {
    const bytes = 'abc'
    const oid = createHash('sha1').update(`blob ${bytes.length}\0${bytes}`).digest('hex')
    const listing = [{ type: 'file', path: 'a.txt', oid, size: bytes.length }]
    // The other host answers like a hub, and serves the right bytes: the run succeeds there.
    const other = await startStub(host, (req, res) => {
      const url = req.url ?? '/'
      if (url.includes('/revision/')) return sendJson(res, 200, { sha: 'b'.repeat(40) })
      if (url.includes('/tree/')) return sendJson(res, 200, listing)
      res.writeHead(200, { 'content-length': bytes.length }).end(bytes)
    })
    stubs.push(other)
    const hub = await hostileHub((url, res) => {
      if (url.includes('/revision/') || url.includes('/resolve/')) {
        res.writeHead(302, { location: `${other.url}${url}` }).end()
        return true
      }
      if (url.includes('/tree/')) return (sendJson(res, 200, listing), true)
      return false
    })
    const box = await sandbox()
    const result = await run(['acme/x', ...hubAndCache(hub.url, box.cache)], {
      HF_TOKEN: TOKEN
    })
    expect(result).toMatchObject({ code: 0 })
    expect(other.requests.map((r) => r.url.split('/')[1])).toEqual(['api', 'acme'])
    expect(other.requests.filter((r) => r.authorization !== undefined)).toEqual([])
    expect(hub.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
    expect(result.stderr + result.stdout).not.toContain(TOKEN)
    const audit = figures.addAudit(await auditCache(box.cache))
    expect(audit).toMatchObject({ corruptions: [], leftovers: [] })
  })

  test.each([['file:///etc/passwd'], ['ftp://127.0.0.2/x'], ['data:text/plain,abc']])(
    'a redirect to %s is refused with a clear error',
    async (location) => {
      const hub = await hostileHub((url, res) => {
        if (!url.includes('/resolve/')) return false
        res.writeHead(302, { location }).end()
        return true
      })
      const box = await sandbox()
      const before = await listTree(box.root)
      const result = await run(['acme/x', ...hubAndCache(hub.url, box.cache)], {
        HF_TOKEN: TOKEN
      })
      expectClearError(result, 1, /redirect/)
      const after = (await listTree(box.root)).filter((e) => !e.startsWith('cache'))
      expect(after).toEqual(before)
      figures.addAudit(await auditCache(box.cache))
    }
  )

  test('a redirect loop ends with a clear error', async () => {
    const hub = await hostileHub((url, res) => {
      if (!url.includes('/resolve/')) return false
      res.writeHead(302, { location: url }).end()
      return true
    })
    const box = await sandbox()
    const result = await run(['acme/x', ...hubAndCache(hub.url, box.cache)])
    expectClearError(result, 1, /too many redirects/)
    expect(hub.requests.filter((r) => r.url.includes('/resolve/')).length).toBeLessThanOrEqual(11)
    figures.addAudit(await auditCache(box.cache))
  })
})

// ---------------------------------------------------------------------------------------------

describe('keys and paths that would leave their root', () => {
  test.each([
    [['--to', 's3://hostile/a/../b'], /invalid S3 prefix "a\/\.\.\/b": it has a "\.\." part/],
    [['--to', 's3://hostile/./x'], /invalid S3 prefix ".\/x": it has a "\." part/],
    [['--to', 's3://hostile//x'], /invalid S3 prefix/],
    [['--to', 's3://hostile/x\\..\\y'], /invalid S3 prefix .*backslash/],
    [['--to', 's3://../x'], /invalid S3 bucket name/],
    [['--to', 'oci:DEST', '--image-path', '/root/../../etc'], /invalid --image-path/],
    [['--to', 'oci:DEST', '--image-path', 'relative/hub'], /invalid --image-path/],
    [['--to', 'oci:DEST', '--image-path', '/'], /invalid --image-path/]
  ])('%j is refused before anything is fetched or uploaded', async (flags, message) => {
    s3.resetRequests()
    const box = await sandbox()
    const before = await listTree(box.root)
    const argv = flags.map((f) => f.replace('DEST', box.dest))
    const result = await run(
      [t.fixtures.tinyModel.id, ...argv, ...hubAndCache(t.hub.url, box.cache)],
      s3.env
    )
    expectClearError(result, 2, message)
    expect(t.hub.requests).toEqual([])
    expect(s3.requests).toEqual([])
    expect(await listTree(box.root)).toEqual(before)
  })

  test('pull from a prefix that climbs is refused before any request', async () => {
    s3.resetRequests()
    const box = await sandbox()
    const before = await listTree(box.root)
    const result = await run(
      ['pull', 's3://hostile/team/../../x', t.fixtures.tinyModel.id, '--cache-dir', box.cache],
      s3.env
    )
    expectClearError(result, 2, /invalid S3 prefix/)
    expect(s3.requests).toEqual([])
    expect(await listTree(box.root)).toEqual(before)
  })

  test('an image built from awkward names keeps every entry under the image path', async () => {
    const box = await sandbox()
    const result = await run([
      t.fixtures.awkwardNames.id,
      ...hubAndCache(t.hub.url, box.cache),
      '--to',
      `oci:${box.dest}`,
      '--image-path',
      '/models/hub'
    ])
    expect(result).toMatchObject({ code: 0 })
    const audit = figures.addAudit(await auditLayout(box.dest))
    expect(audit).toMatchObject({ corruptions: [], leftovers: [] })
    // Every layer entry, listed by tar itself, stays under models/hub/.
    const blobs = join(box.dest, 'blobs', 'sha256')
    const entries: string[] = []
    for (const name of await readdir(blobs)) {
      const listed = await new Promise<string>((resolve) =>
        execFile('tar', ['-tf', join(blobs, name)], (error, stdout) => resolve(error ? '' : stdout))
      )
      entries.push(...listed.split('\n').filter(Boolean))
    }
    expect(entries.length).toBeGreaterThan(10)
    expect(entries.filter((e) => !/^(\.\/)?models(\/hub(\/.*)?)?\/?$/.test(e))).toEqual([])
    expect(entries.filter((e) => e.split('/').includes('..'))).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------

describe('the token never shows', () => {
  const TOKEN = 'hf_secret_token_for_the_chaos_suite_42'

  /** The Action as a runner runs it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
  async function runAction(inputs: Record<string, string>) {
    const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, input]) => input.default !== undefined)
        .map(([name, input]) => [name, String(input.default)])
    )
    const runner = await tempDir('mb-runner-')
    const files = { output: join(runner, 'output'), summary: join(runner, 'summary') }
    await writeFile(files.output, '')
    await writeFile(files.summary, '')
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: '/nonexistent-home',
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: runner,
      GITHUB_WORKSPACE: runner,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      MODELBAKE_RETRY_BASE_MS: '1',
      MODELBAKE_RETRIES: '10'
    }
    for (const [name, value] of Object.entries({ ...defaults, ...inputs }))
      env[`INPUT_${name.toUpperCase()}`] = value
    figures.runs++
    const proc = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'src', 'index.ts')],
        { cwd: runner, env, maxBuffer: 64 << 20 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      )
    )
    return {
      ...proc,
      output: await readFile(files.output, 'utf8'),
      summary: await readFile(files.summary, 'utf8')
    }
  }

  /** Every file under `dir`, bytes included (image layers, lock file, cache), that holds `secret`. */
  async function filesHolding(dir: string, secret: string): Promise<string[]> {
    const found: string[] = []
    for (const entry of await listTree(dir)) {
      if (entry.endsWith('/') || entry.includes(' -> ')) continue
      const path = join(dir, entry.replace(/ \d+$/, ''))
      if ((await readFile(path)).includes(secret)) found.push(path)
    }
    return found
  }

  test('failing requests, retries, an image, a lock file, outputs, a summary and an echoing hub: never the token', async () => {
    t.store.addToken(TOKEN, { repos: [t.fixtures.privateModel.id] })
    const box = await sandbox()
    const lockFile = join(box.root, 'modelbake.lock.json')
    const layout = join(box.root, 'image')

    // 1. The CLI: requests that fail (5xx, 429, cuts) and are retried, reported with their URLs.
    t.hub.faults = {
      seed: 9,
      error5xx: 0.3,
      rateLimit429: 0.2,
      retryAfterSeconds: 0,
      cutMidBody: 0.2
    }
    const cliRun = await run(
      [
        t.fixtures.privateModel.id,
        t.fixtures.tinyModel.id,
        ...hubAndCache(t.hub.url, box.cache),
        '--to',
        `oci:${layout}:v1`,
        '--lock',
        lockFile,
        '--json'
      ],
      { HF_TOKEN: TOKEN, MODELBAKE_RETRIES: '10' }
    )
    figures.addHubFaults(t.hub.faultsInjected)
    t.hub.faults = undefined
    expect(cliRun).toMatchObject({ code: 0 })
    expect(cliRun.stderr).toMatch(/retrying .*attempt/)
    expect(t.hub.requests.some((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
    expect(cliRun.stdout).not.toContain(TOKEN)
    expect(cliRun.stderr).not.toContain(TOKEN)
    // The image (config and every layer), the lock file and the cache.
    expect((await auditLayout(layout)).files).toBeGreaterThan(2)
    expect(await filesHolding(box.root, TOKEN)).toEqual([])

    // 2. A hub that echoes the token back in its error body, header and a redirect.
    const echo = await startStub('127.0.0.1', (req, res) => {
      const auth = req.headers.authorization ?? 'none'
      if (req.url?.includes('/revision/') && !req.url.includes('redirected')) {
        res.writeHead(307, { location: `${req.url}/redirected?${auth}` }).end()
        return
      }
      sendJson(
        res,
        418,
        { error: `your token ${auth} is not welcome` },
        {
          'x-error-message': `token ${auth}`
        }
      )
    })
    try {
      const failing = await run([t.fixtures.privateModel.id, ...hubAndCache(echo.url, box.cache)], {
        HF_TOKEN: TOKEN
      })
      expect(echo.requests.some((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true)
      expectClearError(failing, 1, /unexpected answer HTTP 418/)
      expect(failing.stderr + failing.stdout).not.toContain(TOKEN)

      // 3. The Action, once against the faulty hub (with an image and a lock file), once against the echo.
      t.hub.faults = { seed: 4, error5xx: 0.3, rateLimit429: 0.2, retryAfterSeconds: 0 }
      const ok = await runAction({
        models: `${t.fixtures.privateModel.id}\n${t.fixtures.tinyModel.id}`,
        token: TOKEN,
        endpoint: t.hub.url,
        'cache-dir': join(box.root, 'action-cache'),
        to: `oci:${join(box.root, 'action-image')}:v1`,
        'lock-file': join(box.root, 'action.lock.json')
      })
      figures.addHubFaults(t.hub.faultsInjected)
      t.hub.faults = undefined
      const failed = await runAction({
        models: t.fixtures.privateModel.id,
        token: TOKEN,
        endpoint: echo.url,
        'cache-dir': join(box.root, 'action-cache-2')
      })
      expect(ok.code).toBe(0)
      expect(failed.code).toBe(1)
      expect(failed.stdout).toMatch(/::error::.*unexpected answer HTTP 418/)
      for (const step of [ok, failed]) {
        // The one line allowed to hold it is the mask command, and it comes first.
        const lines = step.stdout.split('\n').filter((line) => line.includes(TOKEN))
        expect(lines).toEqual([`::add-mask::${TOKEN}`])
        expect(step.stderr).not.toContain(TOKEN)
        expect(step.output).not.toContain(TOKEN)
        expect(step.summary).not.toContain(TOKEN)
      }
      expect(ok.summary).toContain(t.fixtures.privateModel.id)
      expect(ok.output).toContain('snapshot-paths')
      expect(await filesHolding(box.root, TOKEN)).toEqual([])
    } finally {
      t.hub.faults = undefined
      await echo.close()
    }
  })
})
