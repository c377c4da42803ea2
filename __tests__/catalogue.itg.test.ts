// A catalogue of wrong inputs — specs, patterns, flags, environment, destinations (a bad --to of
// every transport), credentials, and the filesystem: a cache folder that is a file, read-only
// folders (a read-only tmpfs: as root, chmod stops nothing), a full disk (a 4 MiB tmpfs). Each row
// asserts the exit code, the message, a `→` line that says what to do, and a cache left consistent:
// the warm snapshot it started with is intact, every blob verifies, nothing partial at a snapshot
// path. Bad input (exit 2) also makes no request and writes nothing.
import { cp, mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { auditCache, listTree, missingFromSnapshot, mountTmpfs } from './helpers/chaos.js'
import { expectCacheConsistent } from './helpers/cache-check.js'
import { cli, hubAndCache, startTestHub, tempDir, type TestHub } from './helpers/env.js'
import { startTestS3, type TestS3 } from './helpers/s3.js'

const MiB = 1024 * 1024
const DEAD = 'http://127.0.0.1:9'
const BIG = 'catalogue/too-big'

let t: TestHub
let s3: TestS3
let warm: string
let checked = 0

beforeAll(async () => {
  ;[t, s3] = await Promise.all([startTestHub(), startTestS3('catalogue')])
  t.store.createRepo(BIG)
  await t.store.commit(BIG, {
    files: { 'config.json': '{}', 'model.safetensors': { size: 6 * MiB, seed: 'too-big' } }
  })
  warm = await tempDir()
  const result = await cli([t.fixtures.tinyModel.id, ...hubAndCache(t.hub.url, warm)])
  expect(result.code).toBe(0)
}, 60_000)
afterAll(async () => {
  process.stdout.write(
    `\ncatalogue: ${Object.keys(CATALOGUE).length} wrong inputs (${checked} run here), each with ` +
      'its exit code, a hint and a consistent cache\n'
  )
  await Promise.all([t?.close(), s3?.close()])
})

interface Ctx {
  /** A folder of the row's own, around the cache. */
  dir: string
  /** The cache: by default a copy of a warm one (tiny-model at main). */
  cache: string
  hub: string
  /** Unmounts and the like, run after the row. */
  after: Array<() => Promise<void>>
}

interface Row {
  argv: (c: Ctx) => string[]
  env?: (c: Ctx) => Record<string, string>
  /** Make the cache (or what is around it) wrong; returns the cache folder to use. */
  cache?: (c: Ctx) => Promise<string>
  code: 1 | 2
  message: RegExp
  /** What the `→` line must say. */
  hint: RegExp
}

const tiny = () => t.fixtures.tinyModel.id
const hubArgs = (c: Ctx) => [...hubAndCache(c.hub, c.cache)]
const withTiny =
  (...flags: string[]) =>
  (c: Ctx) => [tiny(), ...flags, ...hubArgs(c)]
const aws = () => ({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-secret' })

/** A read-only tmpfs (root writes through chmod, not through this). */
async function readOnly(c: Ctx): Promise<string> {
  const dir = join(c.dir, 'ro')
  c.after.push(await mountTmpfs(dir, { sizeBytes: MiB, readOnly: true }))
  return dir
}

/** A 4 MiB tmpfs: the 6 MiB repo does not fit. */
async function small(c: Ctx): Promise<string> {
  const dir = join(c.dir, 'small')
  c.after.push(await mountTmpfs(dir, { sizeBytes: 4 * MiB }))
  return dir
}

const CATALOGUE: Record<string, Row> = {
  // --- specs ---
  'a malformed spec': {
    argv: (c) => [tiny(), 'not a repo!', ...hubArgs(c)],
    code: 2,
    message: /Invalid repo spec "not a repo!" \(argument 2\)/,
    hint: /Separate entries with commas or newlines/
  },
  'a Hub URL instead of a spec': {
    argv: (c) => ['https://huggingface.co/acme/tiny-model/tree/main', ...hubArgs(c)],
    code: 2,
    message: /Invalid repo spec/,
    hint: /acme\/tiny-model/
  },
  'a spec with too many parts': {
    argv: (c) => ['a/b/c/d', ...hubArgs(c)],
    code: 2,
    message: /Invalid repo spec "a\/b\/c\/d"/,
    hint: /org\/name/
  },
  'a revision that cannot be a ref': {
    argv: (c) => [`${tiny()}:v1..v2`, ...hubArgs(c)],
    code: 2,
    message: /the revision contains "\.\."/,
    hint: /org\/name:revision|revision/
  },
  'a spec file that is not YAML': {
    argv: (c) => ['--spec-file', join(c.dir, 'specs.yaml'), ...hubArgs(c)],
    cache: async (c) => {
      await writeFile(join(c.dir, 'specs.yaml'), 'repo: [\n')
      return c.cache
    },
    code: 2,
    message: /Invalid spec document \(.*specs\.yaml, line \d+\)/,
    hint: /Fix the YAML/
  },
  'a spec file that does not exist': {
    argv: (c) => ['--spec-file', join(c.dir, 'missing.yaml'), ...hubArgs(c)],
    code: 2,
    message: /cannot read --spec-file .*missing\.yaml \(ENOENT\)/,
    hint: /check the path/
  },
  'no spec at all': {
    argv: hubArgs,
    code: 2,
    message: /no repo to fetch/,
    hint: /org\/name\[:revision\]/
  },
  'a bad spec from the environment': {
    argv: hubArgs,
    env: () => ({ RUNPOD_HUGGINGFACE_MODEL: `${tiny()},bad spec` }),
    code: 2,
    message: /RUNPOD_HUGGINGFACE_MODEL/,
    hint: /"bad:spec" for a revision, or separate two repos with a comma/
  },

  // --- patterns ---
  'a pattern with a NUL byte': {
    argv: withTiny('--allow', 'a\u0000b'),
    code: 2,
    message: /--allow pattern contains a NUL byte/,
    hint: /remove it/
  },
  'patterns that match nothing': {
    argv: withTiny('--allow', '*.gguf'),
    code: 1,
    message: /No file matches the patterns: allow "\*\.gguf"\. The repo has 7 files/,
    hint: /Patterns match the whole path/
  },
  'an ignore that takes everything': {
    argv: withTiny('--ignore', '*'),
    code: 1,
    message: /No file matches the patterns: ignore "\*"/,
    hint: /Patterns match the whole path/
  },

  // --- flags ---
  'an unknown flag': {
    argv: withTiny('--frobnicate'),
    code: 2,
    message: /Unknown option '--frobnicate'/,
    hint: /modelbake --help/
  },
  'a flag without its value': {
    argv: (c) => [tiny(), '--endpoint', c.hub, '--cache-dir'],
    code: 2,
    message: /--cache-dir/,
    hint: /modelbake --help/
  },
  'a concurrency of 0': {
    argv: withTiny('--concurrency', '0'),
    code: 2,
    message: /invalid concurrency "0"/,
    hint: /whole number from 1 to 256/
  },
  'a concurrency that is not a number': {
    argv: withTiny('--concurrency', 'lots'),
    code: 2,
    message: /invalid concurrency "lots"/,
    hint: /whole number from 1 to 256/
  },
  '--locked without a lock file': {
    argv: withTiny('--locked', '--lock', '/nonexistent/modelbake.lock.json'),
    code: 2,
    message: /cannot read the lock file .*modelbake\.lock\.json \(ENOENT\)/,
    hint: /run once with --lock/
  },
  'an unknown --compression': {
    argv: (c) => withTiny('--to', `oci:${join(c.dir, 'img')}`, '--compression', 'brotli')(c),
    code: 2,
    message: /invalid --compression "brotli"/,
    hint: /none .*gzip or zstd/
  },
  'a --max-layer-size too small': {
    argv: (c) => withTiny('--to', `oci:${join(c.dir, 'img')}`, '--max-layer-size', '12')(c),
    code: 2,
    message: /invalid --max-layer-size "12"/,
    hint: /at least 4096 bytes/
  },
  'a --platform that is not OS/ARCH': {
    argv: (c) => withTiny('--to', `oci:${join(c.dir, 'img')}`, '--platform', 'windows')(c),
    code: 2,
    message: /invalid --platform "windows"/,
    hint: /OS\/ARCH/
  },
  'an --s3-part-size below S3’s minimum': {
    argv: withTiny('--to', 's3://catalogue/x', '--s3-part-size', '1MiB'),
    env: aws,
    code: 2,
    message: /invalid --s3-part-size "1MiB"/,
    hint: /5MiB to 5GiB/
  },
  'a --gha-cache-limit of 0': {
    argv: withTiny('--to', 'gha-cache', '--gha-cache-limit', '0'),
    code: 2,
    message: /invalid --gha-cache-limit "0"/,
    hint: /10GiB/
  },

  // --- environment ---
  'MODELBAKE_RETRIES below 0': {
    argv: withTiny(),
    env: () => ({ MODELBAKE_RETRIES: '-1' }),
    code: 2,
    message: /invalid MODELBAKE_RETRIES "-1"/,
    hint: /whole number from 0 to 100/
  },
  'MODELBAKE_RETRY_BASE_MS that is not a number': {
    argv: withTiny(),
    env: () => ({ MODELBAKE_RETRY_BASE_MS: 'soon' }),
    code: 2,
    message: /invalid MODELBAKE_RETRY_BASE_MS "soon"/,
    hint: /whole number/
  },
  'an HF_ENDPOINT that is not http(s)': {
    argv: (c) => [tiny(), '--cache-dir', c.cache],
    env: () => ({ HF_ENDPOINT: 'ftp://example.org' }),
    code: 2,
    message: /invalid endpoint "ftp:\/\/example\.org": only http\(s\) URLs/,
    hint: /https:\/\/huggingface\.co/
  },
  'an endpoint with credentials in it': {
    argv: (c) => [tiny(), '--endpoint', 'http://user:pass@127.0.0.1:1', '--cache-dir', c.cache],
    code: 2,
    message: /must not carry credentials/,
    hint: /--token or HF_TOKEN/
  },
  'an HF_TOKEN with a line break': {
    argv: withTiny(),
    env: () => ({ HF_TOKEN: 'hf_abc\ndef' }),
    code: 2,
    message: /the Hub token contains whitespace or control characters/,
    hint: /without spaces or line breaks/
  },
  'an HF_HUB_CACHE under another user’s home': {
    argv: (c) => [tiny(), '--endpoint', c.hub],
    env: () => ({ HF_HUB_CACHE: '~someone/hub' }),
    code: 2,
    message: /HF_HUB_CACHE is "~someone\/hub": "~user" paths are not supported/,
    hint: /full path/
  },

  // --- destinations: a bad --to of every transport ---
  'an unknown transport': {
    argv: withTiny('--to', 'ftp://somewhere'),
    code: 2,
    message: /unknown destination "ftp:\/\/somewhere"/,
    hint: /use one of: .*volume:…/
  },
  'volume: without a folder': {
    argv: withTiny('--to', 'volume:'),
    code: 2,
    message: /volume: needs a folder/,
    hint: /volume:DIR/
  },
  's3:// without a bucket': {
    argv: withTiny('--to', 's3://'),
    env: aws,
    code: 2,
    message: /invalid S3 bucket name ""/,
    hint: /s3:\/\/BUCKET\/PREFIX/
  },
  's3:// with a bucket S3 would refuse': {
    argv: withTiny('--to', 's3://Bad_Bucket/x'),
    env: aws,
    code: 2,
    message: /invalid S3 bucket name "Bad_Bucket"/,
    hint: /lower-case letters/
  },
  's3:// with a prefix that climbs': {
    argv: withTiny('--to', 's3://catalogue/a/../b'),
    env: aws,
    code: 2,
    message: /invalid S3 prefix "a\/\.\.\/b"/,
    hint: /without empty, "\." or "\.\." parts/
  },
  'oci: without a folder': {
    argv: withTiny('--to', 'oci:'),
    code: 2,
    message: /oci: needs a folder/,
    hint: /oci:DIR\[:TAG\]/
  },
  'oci: with a tag that is not one': {
    argv: (c) => withTiny('--to', `oci:${join(c.dir, 'img')}:bad tag`)(c),
    code: 2,
    message: /invalid tag "bad tag"/,
    hint: /oci:DIR\[:TAG\]/
  },
  'docker-archive: without a file': {
    argv: withTiny('--to', 'docker-archive:'),
    code: 2,
    message: /docker-archive: needs a file/,
    hint: /docker-archive:FILE\[:REF\]/
  },
  'docker-archive: with a digest': {
    argv: (c) =>
      withTiny('--to', `docker-archive:${join(c.dir, 'x.tar')}:m@sha256:${'a'.repeat(64)}`)(c),
    code: 2,
    message: /a docker-archive reference cannot carry a digest/,
    hint: /NAME:TAG/
  },
  'docker:// without a reference': {
    argv: withTiny('--to', 'docker://'),
    code: 2,
    message: /invalid docker:\/\/ destination "": it is empty/,
    hint: /REGISTRY\/REPOSITORY:TAG/
  },
  'docker:// with an invalid repository': {
    argv: withTiny('--to', 'docker://127.0.0.1:5000/Not Valid:v1'),
    code: 2,
    message: /is not a valid repository name component/,
    hint: /REGISTRY\/REPOSITORY:TAG/
  },
  'tool-cache outside a runner': {
    argv: withTiny('--to', 'tool-cache'),
    code: 2,
    message: /tool-cache needs RUNNER_TOOL_CACHE/,
    hint: /tool-cache:DIR/
  },
  'tool-cache with a typo': {
    argv: withTiny('--to', 'tool-cachex'),
    code: 2,
    message: /unknown destination "tool-cachex"/,
    hint: /tool-cache:DIR/
  },
  'gha-cache with a target': {
    argv: withTiny('--to', 'gha-cache:mine'),
    code: 2,
    message: /unknown destination "gha-cache:mine"/,
    hint: /gha-cache alone/
  },

  // --- credentials ---
  's3:// without AWS credentials': {
    argv: withTiny('--to', 's3://catalogue/x'),
    code: 2,
    message: /no AWS credentials to write to s3:\/\/catalogue\/x/,
    hint: /AWS_ACCESS_KEY_ID/
  },
  's3:// with a wrong secret key': {
    argv: withTiny('--to', 's3://catalogue/x'),
    env: () => ({ ...s3.env, AWS_SECRET_ACCESS_KEY: 'wrong-secret-key' }),
    code: 1,
    message: /403|SignatureDoesNotMatch|credentials/,
    hint: /AWS_SECRET_ACCESS_KEY|credentials|key/
  },
  'a registry user without a password': {
    argv: withTiny('--to', 'docker://127.0.0.1:5000/m:v1', '--registry-username', 'me'),
    code: 2,
    message: /--registry-username and --registry-password go together/,
    hint: /give both/
  },
  'a token the Hub does not know': {
    argv: withTiny(),
    env: () => ({ HF_TOKEN: 'hf_not_a_known_token' }),
    code: 1,
    message: /the Hub refused the credentials \(HTTP 401\)/,
    hint: /invalid or expired: create a new one/
  },
  'a token without access to a gated repo': {
    argv: (c) => [t.fixtures.gatedModel.id, ...hubArgs(c)],
    env: () => ({ HF_TOKEN: t.fixtures.tokens.noAccess }),
    code: 1,
    message: /this repo is gated \(HTTP 403\)/,
    hint: /request access/
  },
  'a private repo without a token': {
    argv: (c) => [t.fixtures.privateModel.id, ...hubArgs(c)],
    code: 1,
    message: /repo not found \(HTTP 401\)/,
    hint: /set HF_TOKEN/
  },

  // --- the network ---
  'an endpoint where nothing listens': {
    argv: (c) => [tiny(), ...hubAndCache(DEAD, c.cache)],
    code: 1,
    message: /gave up on .* after \d+ attempts: connection refused/,
    hint: /check the network and --endpoint/
  },
  'a revision the repo does not have': {
    argv: (c) => [`${tiny()}:nope`, ...hubArgs(c)],
    code: 1,
    message: /revision "nope" not found/,
    hint: /existing branch, tag/
  },
  'offline, for a repo never downloaded': {
    argv: (c) => [t.fixtures.manyFiles.id, '--offline', '--cache-dir', c.cache],
    code: 1,
    message: /offline, and the cache has no ref for revision "main"/,
    hint: /run once with network access/
  },

  // --- the filesystem ---
  'a cache folder that is a file': {
    argv: withTiny(),
    cache: async (c) => {
      const file = join(c.dir, 'file')
      await writeFile(file, 'not a folder')
      return file
    },
    code: 1,
    message: /cannot write .*file \((ENOTDIR|EEXIST)\)/,
    hint: /a file stands where a folder should be: choose another cache folder \(--cache-dir\)/
  },
  'a cache folder under a file': {
    argv: withTiny(),
    cache: async (c) => {
      await writeFile(join(c.dir, 'file'), 'not a folder')
      return join(c.dir, 'file', 'hub')
    },
    code: 1,
    message: /cannot write .*file\/hub \(ENOTDIR\)/,
    hint: /a file stands where a folder should be/
  },
  'a read-only cache folder': {
    argv: withTiny(),
    cache: readOnly,
    code: 1,
    message: /cannot write .*ro.* \(EROFS\)/,
    hint: /read-only: choose a writable cache folder \(--cache-dir\)/
  },
  'a cache folder to create on a read-only filesystem': {
    argv: withTiny(),
    cache: async (c) => join(await readOnly(c), 'huggingface', 'hub'),
    code: 1,
    message: /cannot write .*ro.* \(EROFS\)/,
    hint: /read-only: choose a writable cache folder \(--cache-dir\)/
  },
  'a volume on a read-only filesystem': {
    argv: (c) => withTiny('--to', `volume:${join(c.dir, 'ro')}`)(c),
    cache: async (c) => {
      await readOnly(c)
      return c.cache
    },
    code: 1,
    message: /cannot write .*ro.* \(EROFS\)/,
    hint: /read-only: choose a writable folder for volume:/
  },
  'an image layout on a read-only filesystem': {
    argv: (c) => withTiny('--to', `oci:${join(c.dir, 'ro', 'layout')}`)(c),
    cache: async (c) => {
      await readOnly(c)
      return c.cache
    },
    code: 1,
    message: /cannot write .*ro\/layout.* \(EROFS\)/,
    hint: /read-only: choose a writable folder for oci:/
  },
  'a full disk': {
    argv: (c) => [BIG, ...hubArgs(c)],
    cache: small,
    code: 1,
    message: /cannot write .*\(ENOSPC\)/,
    hint: /the disk is full: free space or choose another cache folder \(--cache-dir\)/
  },
  'a full volume': {
    argv: (c) => [BIG, ...hubArgs(c), '--to', `volume:${join(c.dir, 'small')}`],
    cache: async (c) => {
      await small(c)
      return c.cache
    },
    code: 1,
    message: /cannot write .*small.*\(ENOSPC\)/,
    hint: /the disk is full: free space or choose another folder for volume:/
  },
  'a lock file under a file': {
    argv: (c) => withTiny('--lock', join(c.dir, 'file', 'modelbake.lock.json'))(c),
    cache: async (c) => {
      await writeFile(join(c.dir, 'file'), 'not a folder')
      return c.cache
    },
    code: 1,
    message: /cannot write .*file\/modelbake\.lock\.json.* \((ENOTDIR|EEXIST)\)/,
    hint: /a file stands where a folder should be: choose another lock file \(--lock\)/
  }
}

const exists = (path: string) =>
  stat(path).then(
    (info) => info.isDirectory(),
    () => false
  )

test('the catalogue holds at least 30 wrong inputs', () => {
  expect(Object.keys(CATALOGUE).length).toBeGreaterThanOrEqual(30)
})

describe('the catalogue of wrong inputs', () => {
  test.each(Object.entries(CATALOGUE))('%s', async (_name, row) => {
    checked++
    const dir = await tempDir('mb-catalogue-')
    const ctx: Ctx = { dir, cache: join(dir, 'cache'), hub: t.hub.url, after: [] }
    try {
      await cp(warm, ctx.cache, { recursive: true, verbatimSymlinks: true })
      if (row.cache) ctx.cache = await row.cache(ctx)
      const before = (await exists(ctx.cache)) ? await listTree(ctx.cache) : undefined
      t.hub.resetRequests()
      s3.resetRequests()
      const result = await cli(row.argv(ctx), {
        MODELBAKE_RETRY_BASE_MS: '1',
        MODELBAKE_RETRIES: '1',
        ...row.env?.(ctx)
      })

      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: row.code,
        stderr: expect.stringMatching(row.message)
      })
      expect(result.stderr).not.toMatch(/^\s+at /m)
      const hint = /\n {2}→ (.*)/.exec(result.stderr)?.[1]
      expect({ hint }).toEqual({ hint: expect.stringMatching(row.hint) })

      if (row.code === 2) {
        // Bad input: found before any request, and nothing written.
        expect(t.hub.requests).toEqual([])
        expect(s3.requests).toEqual([])
        expect((await exists(ctx.cache)) ? await listTree(ctx.cache) : undefined).toEqual(before)
      }
      // The cache is consistent, and what it held before is intact.
      if (await exists(ctx.cache)) {
        await expectCacheConsistent(ctx.cache)
        const audit = await auditCache(ctx.cache, { store: t.store })
        expect(audit.corruptions).toEqual([])
        expect(audit.leftovers).toEqual([])
        if (ctx.cache === join(dir, 'cache'))
          expect(
            await missingFromSnapshot(ctx.cache, t.store, {
              id: tiny(),
              commit: t.fixtures.tinyModel.commits.main
            })
          ).toEqual([])
      }
    } finally {
      for (const undo of ctx.after.reverse()) await undo()
    }
  })
})

test('after a full disk, the same cache on a roomier disk completes', async () => {
  // After "the disk is full", the cache may hold a partial blob (never at a snapshot path); the same
  // files moved to a bigger disk complete with a normal run.
  const dir = await tempDir('mb-catalogue-')
  const full = join(dir, 'small')
  const undo = await mountTmpfs(full, { sizeBytes: 4 * MiB })
  try {
    const first = await cli([BIG, ...hubAndCache(t.hub.url, full)], {
      MODELBAKE_RETRY_BASE_MS: '1'
    })
    expect(first.code).toBe(1)
    await expectCacheConsistent(full)
    const roomy = join(dir, 'roomy')
    await mkdir(roomy)
    await cp(full, roomy, { recursive: true })
    const second = await cli([BIG, ...hubAndCache(t.hub.url, roomy), '--json'])
    expect(second.code).toBe(0)
    const audit = await auditCache(roomy, { store: t.store })
    expect(audit).toMatchObject({ corruptions: [], leftovers: [] })
    expect(
      await missingFromSnapshot(roomy, t.store, {
        id: BIG,
        commit: (JSON.parse(second.stdout) as { repos: Array<{ commit: string }> }).repos[0].commit
      })
    ).toEqual([])
  } finally {
    await undo()
  }
})
