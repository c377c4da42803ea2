// The hub origin: the JSON API and /resolve, answering as huggingface.co does.
import type { OutgoingHttpHeaders } from 'node:http'
import type { UrlSigner } from './cdn.js'
import {
  headerSafe,
  parseRange,
  readBody,
  sendBuffer,
  sendFileSlice,
  sendJson,
  type Exchange
} from './http.js'
import type { OAuthService } from './oauth.js'
import type { CommitRecord, HubRepoType, HubStore, RepoRecord, TreeEntry } from './store.js'

export interface HubContext {
  store: HubStore
  signer: UrlSigner
  pageSize: () => number
  listXetHashes: boolean
  /** POST /oauth/token (Trusted Publishers) and the expiry of the tokens it hands out. */
  oauth?: OAuthService
}

type ApiAction = 'info' | 'revision' | 'tree' | 'paths-info' | 'xet-read-token'

type Route =
  | {
      kind: 'api'
      type: HubRepoType
      repoId: string
      action: ApiAction
      /** Decoded segments after the action (revision, then path). */
      rest: string[]
      /** Everything after the repo id, raw, to rebuild URLs for renamed repos. */
      rawTail: string
      prefix: string
    }
  | {
      kind: 'resolve'
      type: HubRepoType
      repoId: string
      rest: string[]
      rawTail: string
      prefix: string
    }

interface HubError {
  status: number
  code?: string
  message: string
}

const TYPE_BY_SEGMENT: Record<string, HubRepoType> = {
  models: 'model',
  datasets: 'dataset',
  spaces: 'space'
}
const API_ACTIONS = new Set(['revision', 'tree', 'paths-info', 'xet-read-token'])

export async function handleHub(ex: Exchange, hub: HubContext): Promise<void> {
  const rawUrl = ex.req.url ?? '/'
  const queryAt = rawUrl.indexOf('?')
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt)
  const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1))
  if (rawPath === '/oauth/token' && hub.oauth) {
    await hub.oauth.handle(ex)
    return
  }
  let route: Route | undefined
  try {
    route = parseRoute(rawPath)
  } catch {
    await sendJson(ex, 400, { error: 'Malformed URL' })
    return
  }
  if (!route) {
    await sendJson(ex, 404, { error: 'Not Found' })
    return
  }
  const method = ex.req.method ?? 'GET'
  const allowed = route.kind === 'api' && route.action === 'paths-info' ? ['POST'] : ['GET', 'HEAD']
  if (!allowed.includes(method)) {
    await sendJson(ex, 405, { error: 'Method not allowed' })
    return
  }

  let auth = authorization(ex, hub.store)
  // An exchanged token past its expiry is as good as unknown.
  if (auth && auth !== 'invalid' && hub.oauth?.expired(auth)) auth = 'invalid'
  if (auth === 'invalid') {
    // What the Hub answers for a bad token, whatever the repo; no X-Error-Code.
    await sendError(ex, { status: 401, message: 'Invalid credentials in Authorization header' })
    return
  }
  const found = hub.store.lookup(route.type, route.repoId)
  const repoError: HubError = {
    status: auth ? 404 : 401,
    code: 'RepoNotFound',
    message: 'Repository not found'
  }
  if (found.kind === 'missing' || (found.repo.private && !hub.store.canAccess(auth, found.repo))) {
    await sendError(ex, repoError)
    return
  }
  const repo = found.repo
  if (found.kind === 'renamed') {
    // Relative, like the Hub: clients follow it themselves and keep their token.
    const location = `${route.prefix}${repo.id}${route.rawTail}${queryAt < 0 ? '' : rawUrl.slice(queryAt)}`
    await sendBuffer(
      ex,
      307,
      { Location: location, 'Content-Type': 'text/plain; charset=utf-8' },
      Buffer.from(`Temporary Redirect. Redirecting to ${location}`)
    )
    return
  }

  if (route.kind === 'resolve') {
    await resolveFile(ex, hub, repo, auth, route.rest)
    return
  }
  switch (route.action) {
    case 'info':
      await repoInfo(ex, hub, repo, 'main', query)
      return
    case 'revision':
      await repoInfo(ex, hub, repo, route.rest.join('/'), query)
      return
    case 'tree':
      await listTree(ex, hub, repo, route, rawPath, query)
      return
    case 'paths-info':
      await pathsInfo(ex, hub, repo, route.rest.join('/'))
      return
    case 'xet-read-token':
      // Clients that take xetHash from listings ask for Xet next: say plainly it is not served.
      await sendError(ex, {
        status: 501,
        message: 'This local hub does not serve Xet; download over HTTP (HF_HUB_DISABLE_XET=1)'
      })
      return
  }
}

/** The token, undefined without one, 'invalid' for one the hub does not know. */
function authorization(ex: Exchange, store: HubStore): string | undefined | 'invalid' {
  const header = ex.req.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match || !store.isKnownToken(match[1]!)) return 'invalid'
  return match[1]
}

function parseRoute(rawPath: string): Route | undefined {
  const raw = rawPath.split('/').slice(1)
  if (raw[0] === 'api') {
    const type = TYPE_BY_SEGMENT[raw[1] ?? '']
    if (!type) return undefined
    const segs = raw.slice(2)
    // org/name or a legacy single-segment name (gpt2), then an optional action.
    let idLength: number
    if (segs.length >= 3 && API_ACTIONS.has(segs[2]!)) idLength = 2
    else if (segs.length >= 2 && API_ACTIONS.has(segs[1]!)) idLength = 1
    else if (segs.length === 2 || segs.length === 1) idLength = segs.length
    else return undefined
    const action = (segs[idLength] ?? 'info') as ApiAction
    if (action !== 'info' && segs.length < idLength + 2) return undefined
    return {
      kind: 'api',
      type,
      repoId: segs.slice(0, idLength).map(decodeURIComponent).join('/'),
      action,
      rest: segs.slice(idLength + 1).map(decodeURIComponent),
      rawTail: segs.length > idLength ? `/${segs.slice(idLength).join('/')}` : '',
      prefix: `/api/${raw[1]}/`
    }
  }
  const typeSegment = raw[0] === 'datasets' || raw[0] === 'spaces' ? raw[0] : undefined
  const segs = typeSegment ? raw.slice(1) : raw
  const idLength = segs[2] === 'resolve' ? 2 : segs[1] === 'resolve' ? 1 : 0
  // resolve needs a revision and a path after it.
  if (idLength === 0 || segs.length < idLength + 3) return undefined
  return {
    kind: 'resolve',
    type: typeSegment ? TYPE_BY_SEGMENT[typeSegment]! : 'model',
    repoId: segs.slice(0, idLength).map(decodeURIComponent).join('/'),
    rest: segs.slice(idLength + 1).map(decodeURIComponent),
    rawTail: `/${segs.slice(idLength).join('/')}`,
    prefix: typeSegment ? `/${typeSegment}/` : '/'
  }
}

async function sendError(ex: Exchange, error: HubError): Promise<void> {
  const headers: OutgoingHttpHeaders = { 'X-Error-Message': headerSafe(error.message) }
  if (error.code) headers['X-Error-Code'] = error.code
  await sendJson(ex, error.status, { error: error.message }, headers)
}

function revisionNotFound(revision: string): HubError {
  return { status: 404, code: 'RevisionNotFound', message: `Invalid rev id: ${revision}` }
}

const entryNotFound: HubError = { status: 404, code: 'EntryNotFound', message: 'Entry not found' }

/**
 * Splits "rev/path..." when the revision came unencoded (refs/pr/1/config.json): the shortest
 * prefix that names a revision wins. Clients that encode the revision give one segment anyway.
 */
function splitRevision(
  store: HubStore,
  repo: RepoRecord,
  rest: string[],
  needPath: boolean
): { commit: CommitRecord; path: string } | undefined {
  const maxLength = needPath ? rest.length - 1 : rest.length
  for (let length = 1; length <= maxLength; length++) {
    const commit = store.resolveRevision(repo, rest.slice(0, length).join('/'))
    if (commit) return { commit, path: rest.slice(length).join('/') }
  }
  return undefined
}

async function repoInfo(
  ex: Exchange,
  hub: HubContext,
  repo: RepoRecord,
  revision: string,
  query: URLSearchParams
): Promise<void> {
  const commit = hub.store.resolveRevision(repo, revision)
  if (!commit) {
    await sendError(ex, revisionNotFound(revision))
    return
  }
  const withBlobs = isTrue(query.get('blobs'))
  const siblings = [...commit.files.values()]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) =>
      withBlobs
        ? {
            rfilename: file.path,
            size: file.size,
            blobId: file.oid,
            ...(file.lfs && {
              lfs: { sha256: file.sha256, size: file.size, pointerSize: file.lfs.pointerSize }
            })
          }
        : { rfilename: file.path }
    )
  for (const raw of repo.injected.get(commit.sha) ?? []) {
    const path = (raw as { path?: unknown; type?: unknown }).path
    if (typeof path === 'string' && (raw as { type?: unknown }).type === 'file') {
      siblings.push({ rfilename: path })
    }
  }
  await sendJson(ex, 200, {
    _id: commit.sha.slice(0, 24),
    id: repo.id,
    author: repo.id.includes('/') ? repo.id.split('/')[0] : undefined,
    sha: commit.sha,
    private: repo.private,
    gated: repo.gated,
    disabled: false,
    lastModified: commit.date,
    createdAt: new Date(Date.UTC(2024, 0, 1)).toISOString(),
    tags: [],
    downloads: 0,
    likes: 0,
    siblings
  })
}

async function listTree(
  ex: Exchange,
  hub: HubContext,
  repo: RepoRecord,
  route: Route,
  rawPath: string,
  query: URLSearchParams
): Promise<void> {
  const split = splitRevision(hub.store, repo, route.rest, false)
  if (!split) {
    await sendError(ex, revisionNotFound(route.rest[0] ?? ''))
    return
  }
  const { commit, path: folder } = split
  const all = hub.store.listing(repo, commit)
  if (folder !== '' && !all.some((e) => e.type === 'directory' && e.path === folder)) {
    await sendError(ex, entryNotFound)
    return
  }
  const recursive = isTrue(query.get('recursive'))
  const prefix = folder === '' ? '' : `${folder}/`
  const entries = all.filter((entry) => {
    if (typeof entry.path !== 'string') return folder === '' // raw injected entries: root only
    if (!entry.path.startsWith(prefix)) return false
    return recursive || !entry.path.slice(prefix.length).includes('/')
  })

  const offset = decodeCursor(query.get('cursor'))
  if (offset === undefined || offset > entries.length) {
    await sendJson(ex, 400, { error: 'Invalid cursor' })
    return
  }
  const pageSize = Math.max(1, hub.pageSize())
  const page = entries.slice(offset, offset + pageSize)
  const headers: OutgoingHttpHeaders = {}
  if (offset + pageSize < entries.length) {
    const next = new URLSearchParams(query)
    next.set('cursor', encodeCursor(offset + pageSize, page[page.length - 1]))
    headers.Link = `<http://${ex.req.headers.host}${rawPath}?${next.toString()}>; rel="next"`
  }
  await sendJson(
    ex,
    200,
    page.map((entry) => presented(hub, entry)),
    headers
  )
}

function presented(hub: HubContext, entry: TreeEntry): TreeEntry {
  if (hub.listXetHashes || entry.type !== 'file' || entry.xetHash === undefined) return entry
  const copy = { ...entry }
  delete copy.xetHash
  return copy
}

/** Opaque to clients, like the Hub's: the offset plus the last path, base64url. */
function encodeCursor(offset: number, last: TreeEntry | undefined): string {
  return Buffer.from(JSON.stringify({ offset, last: last?.path })).toString('base64url')
}

function decodeCursor(cursor: string | null): number | undefined {
  if (cursor === null) return 0
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      offset?: unknown
    }
    return typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0
      ? value.offset
      : undefined
  } catch {
    return undefined
  }
}

async function pathsInfo(
  ex: Exchange,
  hub: HubContext,
  repo: RepoRecord,
  revision: string
): Promise<void> {
  let paths: string[]
  try {
    paths = parsePaths(
      (await readBody(ex.req)).toString('utf8'),
      ex.req.headers['content-type'] ?? ''
    )
  } catch {
    await sendJson(ex, 400, { error: 'Invalid body: expected "paths"' })
    return
  }
  const commit = hub.store.resolveRevision(repo, revision)
  if (!commit) {
    await sendError(ex, revisionNotFound(revision))
    return
  }
  const byPath = new Map<unknown, TreeEntry>()
  for (const entry of hub.store.listing(repo, commit)) byPath.set(entry.path, entry)
  const wanted = [...new Set(paths.map((p) => p.replace(/\/+$/, '')))]
  await sendJson(
    ex,
    200,
    wanted.flatMap((path) => {
      const entry = byPath.get(path)
      return entry ? [presented(hub, entry)] : []
    })
  )
}

/** huggingface_hub posts a form (paths repeated), huggingface.js posts JSON. */
function parsePaths(body: string, contentType: string): string[] {
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(body) as { paths?: unknown }
    const paths = Array.isArray(parsed.paths) ? parsed.paths : [parsed.paths]
    if (!paths.every((p): p is string => typeof p === 'string')) throw new Error('bad paths')
    return paths
  }
  const form = new URLSearchParams(body)
  return [...form.getAll('paths'), ...form.getAll('paths[]')]
}

async function resolveFile(
  ex: Exchange,
  hub: HubContext,
  repo: RepoRecord,
  token: string | undefined,
  rest: string[]
): Promise<void> {
  if (repo.gated && !hub.store.canAccess(token, repo)) {
    const kind = repo.type === 'model' ? 'model' : repo.type
    await sendError(
      ex,
      token
        ? {
            status: 403,
            code: 'GatedRepo',
            message: `Access to ${kind} ${repo.id} is restricted and you are not in the authorized list. Visit http://${ex.req.headers.host}/${repo.id} to ask for access.`
          }
        : {
            status: 401,
            code: 'GatedRepo',
            message: `Access to ${kind} ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`
          }
    )
    return
  }
  const split = splitRevision(hub.store, repo, rest, true)
  if (!split) {
    await sendError(ex, revisionNotFound(rest[0] ?? ''))
    return
  }
  const { commit, path } = split
  const file = commit.files.get(path)
  if (!file) {
    await sendError(ex, entryNotFound)
    return
  }
  const served = hub.store.served(repo, file)
  const common: OutgoingHttpHeaders = {
    'X-Repo-Commit': commit.sha,
    'Accept-Ranges': 'bytes',
    Vary: 'Origin, Accept'
  }
  if (file.lfs) {
    const location = hub.signer.urlFor(served.sha256)
    await sendBuffer(
      ex,
      302,
      {
        ...common,
        Location: location,
        ETag: `"${file.sha256}"`,
        'X-Linked-Etag': `"${file.sha256}"`,
        'X-Linked-Size': String(file.size),
        'Content-Type': 'text/plain; charset=utf-8'
      },
      Buffer.from(`Found. Redirecting to ${location}`)
    )
    return
  }
  const headers: OutgoingHttpHeaders = {
    ...common,
    ETag: `"${file.oid}"`,
    'Content-Type': contentTypeOf(path)
  }
  const range = parseRange(ex.req.headers.range, served.size)
  const objectPath = hub.store.objectPath(served.sha256)
  if (range.kind === 'unsatisfiable') {
    await sendJson(
      ex,
      416,
      { error: 'Requested Range Not Satisfiable' },
      { ...common, 'Content-Range': `bytes */${served.size}` }
    )
  } else if (range.kind === 'partial') {
    await sendFileSlice(
      ex,
      206,
      { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${served.size}` },
      { path: objectPath, start: range.start, end: range.end }
    )
  } else {
    await sendFileSlice(ex, 200, headers, { path: objectPath, start: 0, end: served.size - 1 })
  }
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.json')) return 'application/json; charset=utf-8'
  if (/\.(md|txt|jsonl|py|csv|yaml|yml)$/i.test(path) || path.endsWith('.gitattributes')) {
    return 'text/plain; charset=utf-8'
  }
  return 'application/octet-stream'
}

function isTrue(value: string | null): boolean {
  return value !== null && ['true', '1'].includes(value.toLowerCase())
}
