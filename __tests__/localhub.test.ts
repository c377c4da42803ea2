// The local hub over real HTTP: what a client of huggingface.co would see.
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  HubStore,
  buildFixtures,
  gitBlobSha1,
  lfsPointer,
  startLocalHub,
  type Fixtures,
  type LocalHub,
  type TreeEntry
} from '../src/localhub/index.js'

let dir: string
let store: HubStore
let fx: Fixtures
let hub: LocalHub

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'localhub-test-'))
  store = new HubStore(dir)
  fx = await buildFixtures(store)
  hub = await startLocalHub({ store, pageSize: 50 })
})

afterAll(async () => {
  await hub.close()
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  hub.faults = undefined
  hub.resetRequests()
})

/** A request to the hub, never following redirects (as huggingface_hub does for HEAD). */
function hubFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(hub.url + path, { redirect: 'manual', ...init })
}

function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { Authorization: `Bearer ${token}` } }
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer())
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

/** Every entry of a listing, following Link headers; also returns how many pages it took. */
async function listAll(
  url: string,
  init: RequestInit = {}
): Promise<{ entries: TreeEntry[]; pages: number }> {
  const entries: TreeEntry[] = []
  let next: string | undefined = url
  let pages = 0
  while (next) {
    const response: Response = await fetch(next, init)
    expect(response.status).toBe(200)
    entries.push(...((await response.json()) as TreeEntry[]))
    pages++
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1]
  }
  return { entries, pages }
}

describe('revisions', () => {
  test.each([
    ['main', () => fx.tinyModel.commits.main],
    ['v1.0', () => fx.tinyModel.commits.first],
    ['dev', () => fx.tinyModel.commits.dev],
    ['refs%2Fpr%2F1', () => fx.tinyModel.commits.pr1],
    ['refs/pr/1', () => fx.tinyModel.commits.pr1],
    ['refs%2Fheads%2Fmain', () => fx.tinyModel.commits.main],
    ['<first commit>', () => fx.tinyModel.commits.first]
  ])('GET /api/models/acme/tiny-model/revision/%s', async (revision, expected) => {
    const rev = revision === '<first commit>' ? fx.tinyModel.commits.first : revision
    const response = await hubFetch(`/api/models/acme/tiny-model/revision/${rev}`)
    expect(response.status).toBe(200)
    const info = (await response.json()) as { id: string; sha: string; siblings: unknown[] }
    expect(info.id).toBe('acme/tiny-model')
    expect(info.sha).toBe(expected())
  })

  test('the repo endpoint without a revision describes main', async () => {
    const info = (await (await hubFetch('/api/models/acme/tiny-model')).json()) as {
      sha: string
      private: boolean
      gated: unknown
      lastModified: string
      siblings: Array<{ rfilename: string }>
    }
    expect(info.sha).toBe(fx.tinyModel.commits.main)
    expect(info.private).toBe(false)
    expect(info.gated).toBe(false)
    expect(Number.isNaN(Date.parse(info.lastModified))).toBe(false)
    expect(info.siblings.map((s) => s.rfilename).sort()).toEqual(fx.tinyModel.files)
  })

  test('commits are 40-hex, distinct, and the weights blob is shared across them', async () => {
    const { first, main, dev, pr1 } = fx.tinyModel.commits
    expect(new Set([first, main, dev, pr1]).size).toBe(4)
    for (const sha of [first, main, dev, pr1]) expect(sha).toMatch(/^[0-9a-f]{40}$/)
    const at = async (rev: string) =>
      (await (
        await hubFetch(`/api/models/acme/tiny-model/tree/${rev}?recursive=true`)
      ).json()) as TreeEntry[]
    const weights = (entries: TreeEntry[]) => entries.find((e) => e.path === 'model.safetensors')
    const config = (entries: TreeEntry[]) => entries.find((e) => e.path === 'config.json')
    const [atFirst, atMain] = [await at(first), await at(main)]
    expect(weights(atFirst)).toEqual(weights(atMain))
    expect(config(atFirst)?.oid).not.toBe(config(atMain)?.oid)
  })

  test.each(['nope', 'a'.repeat(40), 'refs%2Fpr%2F99'])(
    'unknown revision %s → RevisionNotFound',
    async (rev) => {
      const response = await hubFetch(`/api/models/acme/tiny-model/revision/${rev}`)
      expect(response.status).toBe(404)
      expect(response.headers.get('x-error-code')).toBe('RevisionNotFound')
      expect(((await response.json()) as { error: string }).error).toContain('Invalid rev id')
    }
  )
})

describe('tree listings', () => {
  test('pages follow Link headers and together list every entry once', async () => {
    const url = `${hub.url}/api/models/acme/many-files/tree/main?recursive=true&expand=false`
    const { entries, pages } = await listAll(url)
    const files = entries.filter((e) => e.type === 'file').map((e) => e.path)
    const dirs = entries.filter((e) => e.type === 'directory').map((e) => e.path)
    expect(files.sort()).toEqual(fx.manyFiles.files)
    expect(dirs.sort()).toEqual(fx.manyFiles.directories)
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length)
    expect(pages).toBe(Math.ceil(entries.length / 50))
    expect(hub.requests.filter((r) => r.path.includes('cursor=')).length).toBe(pages - 1)
  })

  test('the next link is absolute, keeps the query and adds a cursor', async () => {
    const response = await hubFetch(
      '/api/models/acme/many-files/tree/main?recursive=true&expand=false'
    )
    const link = response.headers.get('link') ?? ''
    const next = new URL(/<([^>]+)>/.exec(link)![1]!)
    expect(link).toMatch(/; rel="next"$/)
    expect(next.origin).toBe(hub.url)
    expect(next.pathname).toBe('/api/models/acme/many-files/tree/main')
    expect(next.searchParams.get('recursive')).toBe('true')
    expect(next.searchParams.get('expand')).toBe('false')
    expect(next.searchParams.get('cursor')).toBeTruthy()
    expect(((await response.json()) as unknown[]).length).toBe(50)
  })

  test('the last page has no Link header; a bad cursor is refused', async () => {
    const small = await hubFetch('/api/models/acme/tiny-model/tree/main?recursive=true')
    expect(small.headers.get('link')).toBeNull()
    const bad = await hubFetch('/api/models/acme/many-files/tree/main?recursive=true&cursor=%%%')
    expect(bad.status).toBe(400)
  })

  test('directories first, then files, each sorted by path', async () => {
    const { entries } = await listAll(
      `${hub.url}/api/models/acme/tiny-model/tree/main?recursive=true`
    )
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual([
      'directory:original',
      'file:.gitattributes',
      'file:README.md',
      'file:config.json',
      'file:generation_config.json',
      'file:model.safetensors',
      'file:original/params.json',
      'file:tokenizer.json'
    ])
  })

  test('non-recursive lists one level; a folder path lists inside it', async () => {
    const { entries: root } = await listAll(`${hub.url}/api/models/acme/many-files/tree/main`)
    expect(root.filter((e) => e.type === 'directory').map((e) => e.path)).toEqual(['nested'])
    expect(root.every((e) => !e.path.includes('/'))).toBe(true)
    const { entries: inside } = await listAll(
      `${hub.url}/api/models/acme/many-files/tree/main/${encodeURIComponent('nested/g0')}`
    )
    expect(inside.map((e) => e.path)).toEqual(['nested/g0/s0', 'nested/g0/s1', 'nested/g0/s2'])
    const missing = await hubFetch('/api/models/acme/many-files/tree/main/nope')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-error-code')).toBe('EntryNotFound')
  })

  test('entries carry git and LFS ids that match the served bytes', async () => {
    const { entries } = await listAll(
      `${hub.url}/api/models/acme/tiny-model/tree/main?recursive=true`
    )
    const weights = entries.find((e) => e.path === 'model.safetensors')
    const config = entries.find((e) => e.path === 'config.json')
    if (weights?.type !== 'file' || config?.type !== 'file') throw new Error('missing entries')

    const weightBytes = await bodyOf(
      await fetch(`${hub.url}/acme/tiny-model/resolve/main/model.safetensors`)
    )
    expect(weights.size).toBe(weightBytes.length)
    expect(weights.lfs).toEqual({
      oid: sha256(weightBytes),
      size: weightBytes.length,
      pointerSize: Buffer.byteLength(lfsPointer(sha256(weightBytes), weightBytes.length))
    })
    expect(weights.oid).toBe(
      gitBlobSha1(Buffer.from(lfsPointer(sha256(weightBytes), weightBytes.length)))
    )
    expect(weights.xetHash).toMatch(/^[0-9a-f]{64}$/)

    const configBytes = await bodyOf(await hubFetch('/acme/tiny-model/resolve/main/config.json'))
    expect(config.oid).toBe(gitBlobSha1(configBytes))
    expect(config.size).toBe(configBytes.length)
    expect(config.lfs).toBeUndefined()
    expect(config.xetHash).toBeUndefined()
  })

  test('datasets and spaces have their own API prefix', async () => {
    const { entries } = await listAll(
      `${hub.url}/api/datasets/acme/tiny-dataset/tree/main?recursive=true`
    )
    expect(
      entries
        .filter((e) => e.type === 'file')
        .map((e) => e.path)
        .sort()
    ).toEqual(fx.tinyDataset.files)
    const parquet = entries.find((e) => e.path === 'data/train-00000-of-00001.parquet')
    expect(parquet?.type === 'file' && parquet.lfs).toBeTruthy()
    expect((await hubFetch('/api/spaces/acme/tiny-space/revision/main')).status).toBe(200)
    const wrongType = await hubFetch('/api/models/acme/tiny-dataset/revision/main')
    expect(wrongType.headers.get('x-error-code')).toBe('RepoNotFound')
  })
})

describe('paths-info', () => {
  test('JSON body: the entries that exist, files and folders', async () => {
    const response = await hubFetch('/api/models/acme/tiny-model/paths-info/main', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: ['config.json', 'original', 'missing.txt'], expand: false })
    })
    expect(response.status).toBe(200)
    const entries = (await response.json()) as TreeEntry[]
    expect(entries.map((e) => [e.type, e.path])).toEqual([
      ['file', 'config.json'],
      ['directory', 'original']
    ])
  })

  test('form body with repeated paths (huggingface_hub) at an encoded revision', async () => {
    const form = new URLSearchParams([
      ['paths', 'README.md'],
      ['paths', 'model.safetensors'],
      ['expand', 'False']
    ])
    const response = await hubFetch('/api/models/acme/tiny-model/paths-info/refs%2Fpr%2F1', {
      method: 'POST',
      body: form
    })
    const entries = (await response.json()) as TreeEntry[]
    expect(entries.map((e) => e.path)).toEqual(['README.md', 'model.safetensors'])
    const readme = await hubFetch('/acme/tiny-model/resolve/refs%2Fpr%2F1/README.md')
    expect(entries[0]!.oid).toBe(gitBlobSha1(await bodyOf(readme)))
  })
})

describe('resolve', () => {
  test('a small file is served directly with the Hub headers', async () => {
    const head = await hubFetch('/acme/tiny-model/resolve/main/config.json', { method: 'HEAD' })
    const get = await hubFetch('/acme/tiny-model/resolve/main/config.json')
    const body = await bodyOf(get)
    for (const response of [head, get]) {
      expect(response.status).toBe(200)
      expect(response.headers.get('x-repo-commit')).toBe(fx.tinyModel.commits.main)
      expect(response.headers.get('etag')).toBe(`"${gitBlobSha1(body)}"`)
      expect(response.headers.get('accept-ranges')).toBe('bytes')
      expect(response.headers.get('content-length')).toBe(String(body.length))
      expect(response.headers.get('x-linked-etag')).toBeNull()
    }
    expect(JSON.parse(body.toString()).revision).toBe(2)
  })

  test('the revision decides the content: tag, branch, PR ref, commit', async () => {
    const revisionOf = async (rev: string) =>
      JSON.parse(
        (await bodyOf(await hubFetch(`/acme/tiny-model/resolve/${rev}/config.json`))).toString()
      ).revision as number
    expect(await revisionOf('v1.0')).toBe(1)
    expect(await revisionOf(fx.tinyModel.commits.first)).toBe(1)
    expect(await revisionOf('main')).toBe(2)
    const pr = await hubFetch('/acme/tiny-model/resolve/refs%2Fpr%2F1/README.md')
    expect(pr.headers.get('x-repo-commit')).toBe(fx.tinyModel.commits.pr1)
    expect((await bodyOf(pr)).toString()).toContain('PR #1')
    const unencoded = await hubFetch('/acme/tiny-model/resolve/refs/pr/1/README.md')
    expect(unencoded.headers.get('x-repo-commit')).toBe(fx.tinyModel.commits.pr1)
  })

  test('an LFS file answers 302 to the CDN origin with a signed URL and linked headers', async () => {
    const response = await hubFetch('/acme/tiny-model/resolve/main/model.safetensors', {
      method: 'HEAD'
    })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!)
    expect(location.origin).toBe(hub.cdnUrl)
    expect(location.origin).not.toBe(new URL(hub.url).origin)
    // Another host name, not only another port: huggingface_hub 2.x compares host names.
    expect(location.hostname).not.toBe(new URL(hub.url).hostname)
    expect(location.searchParams.get('expires')).toMatch(/^\d+$/)
    expect(location.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/)
    const linkedEtag = response.headers.get('x-linked-etag')!
    expect(linkedEtag).toMatch(/^"[0-9a-f]{64}"$/)
    expect(response.headers.get('x-repo-commit')).toBe(fx.tinyModel.commits.main)

    const cdn = await fetch(location)
    const bytes = await bodyOf(cdn)
    expect(cdn.status).toBe(200)
    expect(`"${sha256(bytes)}"`).toBe(linkedEtag)
    expect(String(bytes.length)).toBe(response.headers.get('x-linked-size'))
  })

  test('the served safetensors is a valid file (header length + JSON + data)', async () => {
    const bytes = await bodyOf(
      await fetch(`${hub.url}/acme/tiny-model/resolve/main/model.safetensors`)
    )
    const headerLength = Number(bytes.readBigUInt64LE(0))
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as Record<
      string,
      { data_offsets?: [number, number] }
    >
    const end = Math.max(...Object.values(header).map((t) => t.data_offsets?.[1] ?? 0))
    expect(8 + headerLength + end).toBe(bytes.length)
  })

  test('fetch drops the token on the cross-origin redirect; the CDN log would show it otherwise', async () => {
    const response = await fetch(
      `${hub.url}/acme/private-model/resolve/main/model.safetensors`,
      bearer(fx.tokens.reader)
    )
    expect(response.status).toBe(200)
    await bodyOf(response)
    expect(hub.requests.find((r) => r.origin === 'hub')?.authorization).toBe(
      `Bearer ${fx.tokens.reader}`
    )
    expect(hub.requests.find((r) => r.origin === 'cdn')?.authorization).toBeUndefined()
    expect(hub.cdnSawAuthorization).toBe(false)

    const location = (
      await hubFetch('/acme/private-model/resolve/main/model.safetensors', bearer(fx.tokens.reader))
    ).headers.get('location')!
    await bodyOf(await fetch(location, bearer(fx.tokens.reader)))
    expect(hub.cdnSawAuthorization).toBe(true)
  })

  test('a tampered or expired signature is refused by the CDN', async () => {
    const location = new URL(
      (await hubFetch('/acme/tiny-model/resolve/main/model.safetensors')).headers.get('location')!
    )
    const tampered = new URL(location)
    tampered.searchParams.set('expires', String(Number(location.searchParams.get('expires')) + 1))
    expect((await fetch(tampered)).status).toBe(403)
    const otherObject = new URL(location)
    otherObject.pathname = `/objects/${'0'.repeat(64)}`
    expect((await fetch(otherObject)).status).toBe(403)

    hub.signedUrlTtlSeconds = 0
    try {
      const expired = (
        await hubFetch('/acme/tiny-model/resolve/main/model.safetensors')
      ).headers.get('location')!
      const response = await fetch(expired)
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({ error: 'Request has expired' })
    } finally {
      hub.signedUrlTtlSeconds = 3600
    }
  })

  test('datasets resolve under /datasets/', async () => {
    const response = await hubFetch('/datasets/acme/tiny-dataset/resolve/main/data/test.jsonl')
    expect(response.status).toBe(200)
    expect((await bodyOf(response)).toString().split('\n')[0]).toBe('{"id": 0, "text": "row 0"}')
    const lfs = await hubFetch(
      '/datasets/acme/tiny-dataset/resolve/main/data/train-00000-of-00001.parquet'
    )
    expect(lfs.status).toBe(302)
  })

  test('awkward names resolve when each path segment is percent-encoded', async () => {
    const { entries } = await listAll(
      `${hub.url}/api/models/acme/awkward-names/tree/main?recursive=true`
    )
    const files = entries.filter((e) => e.type === 'file')
    expect(files.map((e) => e.path).sort()).toEqual(fx.awkwardNames.files)
    for (const file of files) {
      const response = await fetch(
        `${hub.url}/acme/awkward-names/resolve/main/${encodePath(file.path)}`
      )
      const bytes = await bodyOf(response)
      expect([file.path, response.status]).toEqual([file.path, 200])
      expect([file.path, bytes.length]).toEqual([file.path, file.size])
    }
    expect(files.find((e) => e.path === fx.awkwardNames.emptyFile)?.size).toBe(0)
  })

  test('the same bytes under two paths are one blob', async () => {
    const [a, b] = fx.sharedBlobs.sameLfs
    const etagOf = async (path: string) =>
      (await hubFetch(`/acme/shared-blobs/resolve/main/${path}`, { method: 'HEAD' })).headers.get(
        'x-linked-etag'
      )
    expect(await etagOf(a)).toBe(await etagOf(b))
    const [c, d] = fx.sharedBlobs.samePlain
    const plainEtag = async (path: string) =>
      (await hubFetch(`/acme/shared-blobs/resolve/main/${path}`, { method: 'HEAD' })).headers.get(
        'etag'
      )
    expect(await plainEtag(c)).toBe(await plainEtag(d))
  })

  test('a missing file or a folder is EntryNotFound', async () => {
    for (const path of ['nope.json', 'original']) {
      const response = await hubFetch(`/acme/tiny-model/resolve/main/${path}`)
      expect(response.status).toBe(404)
      expect(response.headers.get('x-error-code')).toBe('EntryNotFound')
      expect(response.headers.get('x-error-message')).toBe('Entry not found')
      expect(await response.json()).toEqual({ error: 'Entry not found' })
    }
  })
})

describe('ranges', () => {
  const configPath = '/acme/tiny-model/resolve/main/config.json'

  test.each([
    ['bytes=2-5', 2, 5],
    ['bytes=3-', 3, -1],
    ['bytes=-4', -4, -1],
    ['bytes=0-100000', 0, -1]
  ])('%s on a plain file → 206 with Content-Range', async (range, start, end) => {
    const full = await bodyOf(await hubFetch(configPath))
    const from = start < 0 ? full.length + start : start
    const to = end < 0 ? full.length - 1 : end
    const response = await hubFetch(configPath, { headers: { Range: range } })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe(`bytes ${from}-${to}/${full.length}`)
    expect(await bodyOf(response)).toEqual(full.subarray(from, to + 1))
  })

  test('a range past the end is 416 with the size', async () => {
    const full = await bodyOf(await hubFetch(configPath))
    const response = await hubFetch(configPath, { headers: { Range: `bytes=${full.length}-` } })
    expect(response.status).toBe(416)
    expect(response.headers.get('content-range')).toBe(`bytes */${full.length}`)
  })

  test.each(['bytes=0-0', 'bytes=0-', 'bytes=-1'])('%s on an empty file → 416', async (range) => {
    const response = await hubFetch('/acme/awkward-names/resolve/main/empty.txt', {
      headers: { Range: range }
    })
    expect(response.status).toBe(416)
    expect(response.headers.get('content-range')).toBe('bytes */0')
    const plain = await hubFetch('/acme/awkward-names/resolve/main/empty.txt')
    expect(plain.status).toBe(200)
    expect((await bodyOf(plain)).length).toBe(0)
  })

  test('the CDN serves ranges of LFS files, and 416 past the end', async () => {
    const location = (
      await hubFetch('/acme/tiny-model/resolve/main/model.safetensors')
    ).headers.get('location')!
    const full = await bodyOf(await fetch(location))
    const partial = await fetch(location, { headers: { Range: 'bytes=1000-1999' } })
    expect(partial.status).toBe(206)
    expect(partial.headers.get('content-range')).toBe(`bytes 1000-1999/${full.length}`)
    expect(await bodyOf(partial)).toEqual(full.subarray(1000, 2000))
    const resumed = await fetch(location, { headers: { Range: `bytes=${full.length - 10}-` } })
    expect(await bodyOf(resumed)).toEqual(full.subarray(full.length - 10))
    expect((await fetch(location, { headers: { Range: `bytes=${full.length}-` } })).status).toBe(
      416
    )
  })
})

describe('access', () => {
  const expectError = async (response: Response, status: number, code: string | null) => {
    expect([response.status, response.headers.get('x-error-code')]).toEqual([status, code])
    expect(response.headers.get('x-error-message')).toBeTruthy()
    expect(typeof ((await response.json()) as { error: unknown }).error).toBe('string')
  }

  test('a missing repo is RepoNotFound: 401 without a token, 404 with one', async () => {
    await expectError(await hubFetch('/api/models/acme/nope/revision/main'), 401, 'RepoNotFound')
    await expectError(
      await hubFetch('/api/models/acme/nope/revision/main', bearer(fx.tokens.noAccess)),
      404,
      'RepoNotFound'
    )
    await expectError(await hubFetch('/acme/nope/resolve/main/config.json'), 401, 'RepoNotFound')
  })

  test('a private repo looks missing unless the token grants it', async () => {
    for (const path of [
      '/api/models/acme/private-model/revision/main',
      '/api/models/acme/private-model/tree/main',
      '/acme/private-model/resolve/main/config.json'
    ]) {
      await expectError(await hubFetch(path), 401, 'RepoNotFound')
      await expectError(await hubFetch(path, bearer(fx.tokens.noAccess)), 404, 'RepoNotFound')
      expect((await hubFetch(path, bearer(fx.tokens.reader))).status).toBe(200)
      expect((await hubFetch(path, bearer(fx.tokens.unprefixed))).status).toBe(200)
    }
    const info = (await (
      await hubFetch('/api/models/acme/private-model', bearer(fx.tokens.reader))
    ).json()) as { private: boolean }
    expect(info.private).toBe(true)
  })

  test('a gated repo lists openly but gates its files: 401 without token, 403 without access', async () => {
    const info = (await (await hubFetch('/api/models/acme/gated-model')).json()) as {
      gated: unknown
    }
    expect(info.gated).toBe('manual')
    expect((await hubFetch('/api/models/acme/gated-model/tree/main')).status).toBe(200)
    const file = '/acme/gated-model/resolve/main/config.json'
    await expectError(await hubFetch(file), 401, 'GatedRepo')
    await expectError(await hubFetch(file, bearer(fx.tokens.noAccess)), 403, 'GatedRepo')
    expect((await hubFetch(file, bearer(fx.tokens.reader))).status).toBe(200)
    expect(
      (await hubFetch('/acme/gated-model/resolve/main/model.safetensors', bearer(fx.tokens.reader)))
        .status
    ).toBe(302)
  })

  test('an unknown token is 401 everywhere, without an X-Error-Code', async () => {
    for (const path of [
      '/api/models/acme/tiny-model',
      '/acme/tiny-model/resolve/main/config.json'
    ]) {
      const response = await hubFetch(path, bearer('hf_not_a_real_token'))
      await expectError(response, 401, null)
    }
    const response = await hubFetch('/api/models/acme/tiny-model', bearer('hf_not_a_real_token'))
    expect(response.headers.get('x-error-message')).toBe(
      'Invalid credentials in Authorization header'
    )
  })
})

describe('renamed repos', () => {
  test('API and resolve answer 307 with a relative Location to the new id', async () => {
    const api = await hubFetch(`/api/models/${fx.renamed.formerId}/revision/main?x=1`)
    expect(api.status).toBe(307)
    expect(api.headers.get('location')).toBe(`/api/models/${fx.renamed.id}/revision/main?x=1`)
    const resolve = await hubFetch(`/${fx.renamed.formerId}/resolve/main/config.json`)
    expect(resolve.status).toBe(307)
    expect(resolve.headers.get('location')).toBe(`/${fx.renamed.id}/resolve/main/config.json`)
    const followed = await hubFetch(resolve.headers.get('location')!)
    expect(followed.status).toBe(200)
    expect(followed.headers.get('x-repo-commit')).toBe(fx.renamed.commits.main)
  })
})

describe('faults', () => {
  test('error5xx: every answer is a 5xx and is counted', async () => {
    hub.faults = { error5xx: 1 }
    for (let i = 0; i < 5; i++) {
      const response = await hubFetch('/api/models/acme/tiny-model')
      expect(response.status).toBeGreaterThanOrEqual(500)
      expect(response.status).toBeLessThan(600)
    }
    expect(hub.faultsInjected.error5xx).toBe(5)
    expect(hub.faultsInjected.total).toBe(5)
  })

  test('rateLimit429 comes with Retry-After and RateLimit headers', async () => {
    hub.faults = { rateLimit429: 1, retryAfterSeconds: 7 }
    const response = await hubFetch('/acme/tiny-model/resolve/main/config.json')
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(response.headers.get('ratelimit')).toBe('"resolvers";r=0;t=7')
    expect(hub.faultsInjected.rateLimit429).toBe(1)
  })

  test('cutMidBody: headers promise the full size, the socket dies partway', async () => {
    hub.faults = { cutMidBody: 1, routes: ['cdn'] }
    const redirect = await hubFetch('/acme/tiny-model/resolve/main/model.safetensors')
    expect(redirect.status).toBe(302)
    const size = Number(redirect.headers.get('x-linked-size'))
    const response = await fetch(redirect.headers.get('location')!)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(size))
    await expect(response.arrayBuffer()).rejects.toThrow()
    const logged = hub.requests.find((r) => r.origin === 'cdn')!
    expect(logged.bodyBytes).toBeGreaterThan(0)
    expect(logged.bodyBytes).toBeLessThan(size)
    expect(hub.faultsInjected.cutMidBody).toBe(1)
  })

  test('corrupt: same length, different bytes', async () => {
    const clean = await bodyOf(await hubFetch('/acme/tiny-model/resolve/main/tokenizer.json'))
    hub.faults = { corrupt: 1, routes: ['resolve'] }
    const response = await hubFetch('/acme/tiny-model/resolve/main/tokenizer.json')
    const dirty = await bodyOf(response)
    expect(response.status).toBe(200)
    expect(dirty.length).toBe(clean.length)
    expect(sha256(dirty)).not.toBe(sha256(clean))
    expect(response.headers.get('etag')).toBe(`"${gitBlobSha1(clean)}"`)
    expect(hub.faultsInjected.corrupt).toBe(1)
  })

  test('slowMs delays answers; routes limit where faults apply', async () => {
    hub.faults = { slowMs: 150, error5xx: 1, routes: ['cdn'] }
    const started = Date.now()
    const api = await hubFetch('/api/models/acme/tiny-model')
    expect(api.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(150)
    hub.faults = { slowMs: 150 }
    const slowStart = Date.now()
    expect((await hubFetch('/api/models/acme/tiny-model')).status).toBe(200)
    expect(Date.now() - slowStart).toBeGreaterThanOrEqual(140)
    expect(hub.faultsInjected.slow).toBe(1)
  })

  test('the same seed replays the same faults', async () => {
    const run = async () => {
      hub.faults = { seed: 42, error5xx: 0.5 }
      const statuses: number[] = []
      for (let i = 0; i < 16; i++)
        statuses.push((await hubFetch('/api/models/acme/tiny-model')).status)
      return statuses
    }
    const first = await run()
    expect(await run()).toEqual(first)
    expect(first.some((s) => s === 200)).toBe(true)
    expect(first.some((s) => s >= 500)).toBe(true)
  })
})

describe('request log', () => {
  test('records both origins with method, path, status, range, token and body size', async () => {
    const redirect = await hubFetch(
      '/acme/private-model/resolve/main/model.safetensors?download=1',
      {
        method: 'HEAD',
        ...bearer(fx.tokens.reader)
      }
    )
    await bodyOf(
      await fetch(redirect.headers.get('location')!, { headers: { Range: 'bytes=0-99' } })
    )
    expect(hub.requests).toEqual([
      {
        origin: 'hub',
        method: 'HEAD',
        path: '/acme/private-model/resolve/main/model.safetensors?download=1',
        status: 302,
        authorization: `Bearer ${fx.tokens.reader}`,
        bodyBytes: 0
      },
      {
        origin: 'cdn',
        method: 'GET',
        path: expect.stringMatching(
          /^\/objects\/[0-9a-f]{64}\?expires=\d+&signature=[0-9a-f]{64}$/
        ),
        status: 206,
        range: 'bytes=0-99',
        bodyBytes: 100
      }
    ])
    hub.resetRequests()
    expect(hub.requests).toHaveLength(0)
  })
})

describe('hostile hub hooks', () => {
  test('lie(): the listing keeps its story while resolve and the CDN serve other bytes', async () => {
    store.createRepo('acme/liar')
    await store.commit('acme/liar', {
      files: {
        'config.json': '{"honest": true}\n',
        'model.safetensors': { size: 4096, seed: 'liar' }
      }
    })
    const listed = async () =>
      (await (
        await hubFetch('/api/models/acme/liar/tree/main?recursive=true')
      ).json()) as TreeEntry[]
    const before = await listed()
    await store.lie('acme/liar', 'config.json', { bytes: Buffer.from('{"honest": false}\n') })
    await store.lie('acme/liar', 'model.safetensors', { size: 1000 })
    expect(await listed()).toEqual(before)

    const config = await hubFetch('/acme/liar/resolve/main/config.json')
    expect((await bodyOf(config)).toString()).toBe('{"honest": false}\n')
    expect(config.headers.get('etag')).toBe(
      `"${before.find((e) => e.path === 'config.json')!.oid}"`
    )
    const redirect = await hubFetch('/acme/liar/resolve/main/model.safetensors')
    expect(redirect.headers.get('x-linked-size')).toBe('4096')
    expect((await bodyOf(await fetch(redirect.headers.get('location')!))).length).toBe(1000)
  })

  test('injectListingEntry(): raw entries appear in listings unchecked', async () => {
    store.createRepo('acme/escape')
    const commit = await store.commit('acme/escape', { files: { 'ok.txt': 'ok' } })
    store.injectListingEntry('acme/escape', commit, {
      type: 'file',
      path: '../outside.txt',
      oid: 'x',
      size: 1
    })
    store.injectListingEntry('acme/escape', 'main', {
      type: 'file',
      path: '/etc/passwd',
      oid: 'y',
      size: 1
    })
    const { entries } = await listAll(`${hub.url}/api/models/acme/escape/tree/main?recursive=true`)
    expect(entries.map((e) => e.path)).toEqual(['ok.txt', '../outside.txt', '/etc/passwd'])
  })
})
