// The Hub's metadata API: revision → commit, and the full recursive tree listing of a commit.
import { ModelbakeError } from '../core/errors.js'
import type { RepoFile, RepoType } from '../core/types.js'
import { COMMIT_RE } from '../core/types.js'
import {
  header,
  HttpClient,
  redactUrl,
  TransientHttpError,
  type Discardable,
  type HttpResponse
} from './http.js'

export interface RepoRef {
  type: RepoType
  repo: string
}

const TYPE_PLURAL: Record<RepoType, string> = {
  model: 'models',
  dataset: 'datasets',
  space: 'spaces'
}

/** Encode each segment of a repo path, keeping the slashes between them. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

export function apiRepoUrl(endpoint: string, ref: RepoRef): string {
  return `${trimSlash(endpoint)}/api/${TYPE_PLURAL[ref.type]}/${encodePath(ref.repo)}`
}

/** `{endpoint}/{repo}/resolve/{rev}/{path}` for models, with `datasets/` or `spaces/` before others. */
export function resolveUrl(endpoint: string, ref: RepoRef, revision: string, path: string): string {
  const prefix = ref.type === 'model' ? '' : `${TYPE_PLURAL[ref.type]}/`
  return `${trimSlash(endpoint)}/${prefix}${encodePath(ref.repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`
}

/** Where a person can see the repo, for messages. */
export function repoLabel(ref: RepoRef): string {
  return ref.type === 'model' ? ref.repo : `${TYPE_PLURAL[ref.type]}/${ref.repo}`
}

/** For answers that parse but make no sense: damaged on the way, or not a Hub answering. */
const GARBLED_HINT =
  'retry; if it persists, check that --endpoint / HF_ENDPOINT names a Hugging Face Hub (a proxy in between may damage answers)'

interface TreeEntry {
  type: 'file' | 'directory'
  path: string
  oid: string
  size: number
  lfs?: { oid: string; size: number; pointerSize?: number }
  xetHash?: string
}

export class HubApi {
  constructor(
    readonly endpoint: string,
    private readonly http: HttpClient,
    private readonly hasToken: boolean
  ) {}

  /** The commit a branch, tag or PR ref points at. One call; none for a 40-hex commit. */
  async resolveRevision(ref: RepoRef, revision: string): Promise<string> {
    if (COMMIT_RE.test(revision)) return revision
    const url = `${apiRepoUrl(this.endpoint, ref)}/revision/${encodeURIComponent(revision)}`
    const { data: sha } = await this.http.json(
      { url },
      (response, text) => this.fail(ref, revision, response, text),
      (data) => {
        const sha = (data as { sha?: unknown } | null)?.sha
        if (typeof sha !== 'string' || !COMMIT_RE.test(sha))
          throw new TransientHttpError(`the answer for revision "${revision}" has no commit sha`)
        return sha
      }
    )
    return sha
  }

  /** Every file of the repo at `commit`, following `Link: rel="next"` pagination to the end. */
  async listFiles(ref: RepoRef, commit: string): Promise<RepoFile[]> {
    const files: RepoFile[] = []
    let url: string | undefined =
      `${apiRepoUrl(this.endpoint, ref)}/tree/${encodeURIComponent(commit)}?recursive=true&expand=false`
    for (let page = 0; url; page++) {
      if (page > 100_000)
        throw new ModelbakeError('tree listing does not end', {
          repo: repoLabel(ref),
          hint: GARBLED_HINT
        })
      const { data: entries, response } = await this.http.json(
        { url },
        (res, text) => this.fail(ref, commit, res, text),
        readTreePage
      )
      files.push(...entries)
      url = nextLink(header(response.headers, 'link'), response.url)
      // Pagination must stay on the Hub: a next link elsewhere would carry the token away.
      if (url && new URL(url).origin !== new URL(response.url).origin) {
        throw new ModelbakeError('the tree listing points its next page at another host', {
          repo: repoLabel(ref),
          hint: `the endpoint does not answer as the Hub does: check --endpoint / HF_ENDPOINT (${this.endpoint})`
        })
      }
    }
    return files
  }

  /** Turn a Hub error answer into a message that says what to do. Never includes the token. */
  fail(ref: RepoRef, revision: string, response: HttpResponse, text: string): never {
    throw hubError(ref, revision, response, text, this.hasToken)
  }
}

export function hubError(
  ref: RepoRef,
  revision: string,
  response: HttpResponse<Discardable>,
  text: string,
  hasToken: boolean,
  path?: string
): ModelbakeError {
  const repo = repoLabel(ref)
  const code = header(response.headers, 'x-error-code')
  const serverMessage = header(response.headers, 'x-error-message')
  const status = response.status
  if (serverMessage === 'Access to this resource is disabled.') {
    return new ModelbakeError('this repo has been disabled on the Hub', {
      repo,
      hint: 'choose another repo; a disabled repo cannot be downloaded'
    })
  }
  switch (code) {
    case 'RepoNotFound':
      return new ModelbakeError(`repo not found (HTTP ${status})`, {
        repo,
        hint: hasToken
          ? 'check the spelling, and that your token can read this repo if it is private'
          : 'check the spelling; if the repo is private, set HF_TOKEN (or --token) to a token that can read it'
      })
    case 'GatedRepo':
      return new ModelbakeError(`this repo is gated (HTTP ${status})`, {
        repo,
        hint: hasToken
          ? 'request access on the repo page with the account that owns the token, then retry'
          : 'accept the conditions on the repo page, then set HF_TOKEN (or --token) to a token of that account'
      })
    case 'RevisionNotFound':
      return new ModelbakeError(`revision "${revision}" not found`, {
        repo,
        hint: 'use an existing branch, tag, refs/pr/N or full 40-character commit'
      })
    case 'EntryNotFound':
      return new ModelbakeError(`file "${path ?? '?'}" not found at ${revision}`, {
        repo,
        hint: 'the listing and the files disagree; retry, and report it if it persists'
      })
  }
  if (status === 401) {
    return new ModelbakeError('the Hub refused the credentials (HTTP 401)', {
      repo,
      hint: hasToken
        ? 'the token is invalid or expired: create a new one'
        : 'set HF_TOKEN (or --token)'
    })
  }
  if (status === 403) {
    return new ModelbakeError('access denied (HTTP 403)', {
      repo,
      hint: 'check that your token has read access to this repo'
    })
  }
  const detail = safeDetail(text)
  return new ModelbakeError(
    `unexpected answer HTTP ${status} from ${redactUrl(response.url)}${detail ? `: ${detail}` : ''}`,
    { repo, hint: 'check --endpoint / HF_ENDPOINT and retry' }
  )
}

/**
 * The files of one page of a tree listing. A page that is not a list of well-formed entries was
 * damaged on the way (a file dropped from the plan would go missing silently): it is asked for again.
 */
function readTreePage(data: unknown): RepoFile[] {
  if (!Array.isArray(data)) throw new TransientHttpError('the tree listing is not a list')
  const files: RepoFile[] = []
  for (const entry of data as TreeEntry[]) {
    if (entry?.type === 'directory') continue
    const valid =
      entry?.type === 'file' &&
      typeof entry.path === 'string' &&
      typeof entry.oid === 'string' &&
      Number.isSafeInteger(entry.size) &&
      entry.size >= 0
    if (!valid)
      throw new TransientHttpError(
        `the tree listing has a malformed entry ${JSON.stringify(entry).slice(0, 200)}`
      )
    const file: RepoFile = { path: entry.path, size: entry.size, blobId: entry.oid }
    if (entry.lfs) file.lfs = { sha256: entry.lfs.oid, size: entry.lfs.size }
    if (entry.xetHash) file.xetHash = entry.xetHash
    files.push(file)
  }
  return files
}

/** The `rel="next"` URL of a Link header, resolved against the page's URL. */
export function nextLink(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim())
    if (match && /rel\s*=\s*"?next"?/.test(match[2])) return new URL(match[1], base).toString()
  }
  return undefined
}

function safeDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown }
    if (typeof parsed.error === 'string') return parsed.error.slice(0, 200)
  } catch {
    // not JSON: show nothing rather than an HTML page
  }
  return ''
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
