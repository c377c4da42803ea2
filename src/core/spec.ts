// Repo specs: what the user asks for, as text (`org/name[:revision]`, lists of them, YAML documents,
// Baseten truss `model_cache`, RunPod-style environment variables), parsed into RepoSpec values.
// Parsing is total and strict: a bad entry is a UsageError that names the entry, where it came from,
// what is wrong and what to write instead, before anything touches the network.

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type YAMLMap
} from 'yaml'
import { UsageError } from './errors.js'
import { COMMIT_RE, type RepoSpec, type RepoType } from './types.js'

export interface SpecOptions {
  /** The type of entries that name none (no datasets/ or spaces/ prefix, no type:); else model. */
  type?: RepoType
  /** Where the text came from ("--models", "HUGGINGFACE_MODELS", "config.yaml"), for messages. */
  source?: string
}

export const DEFAULT_REVISION = 'main'

/** Environment variables read for specs when none is given, in this order. */
export const SPEC_ENV_VARS: readonly { name: string; type: RepoType }[] = [
  { name: 'RUNPOD_HUGGINGFACE_MODEL', type: 'model' },
  { name: 'HUGGINGFACE_MODEL', type: 'model' },
  { name: 'HUGGINGFACE_MODELS', type: 'model' },
  { name: 'RUNPOD_HUGGINGFACE_DATASET', type: 'dataset' },
  { name: 'HUGGINGFACE_DATASET', type: 'dataset' },
  { name: 'HUGGINGFACE_DATASETS', type: 'dataset' }
]

const TYPE_PREFIXES: Readonly<Record<string, RepoType>> = {
  models: 'model',
  datasets: 'dataset',
  spaces: 'space'
}
const PREFIX_OF: Readonly<Record<RepoType, string>> = {
  model: '',
  dataset: 'datasets/',
  space: 'spaces/'
}
const REPO_TYPES: readonly RepoType[] = ['model', 'dataset', 'space']

const HINT_SPEC =
  'Write org/name or org/name:revision (datasets/org/name, spaces/org/name for other repo types), ' +
  'e.g. "meta-llama/Llama-3.1-8B" or "datasets/org/name:refs/pr/1".'
const HINT_REPO_ID =
  'A repo id is name or org/name made of letters, digits, "-", "_" and "."; it cannot start or end ' +
  'with "-" or ".", contain "--" or "..", or end with ".git", and the name has at most 96 characters.'
const HINT_REVISION =
  'A revision is a branch, a tag, refs/pr/N or a 40-hex commit, e.g. "org/name:main", ' +
  '"org/name:v1.0" or "org/name:refs/pr/1".'
const HINT_PATTERNS =
  'Give a pattern or a list of patterns, quoted when they start with "*": allow: ["*.json", "*.safetensors"].'

/** The spec as a user writes it: `datasets/org/name:rev` (`:main` left out). */
export function formatSpec(spec: Pick<RepoSpec, 'type' | 'repo' | 'revision'>): string {
  const revision = spec.revision === DEFAULT_REVISION ? '' : `:${spec.revision}`
  return `${PREFIX_OF[spec.type]}${spec.repo}${revision}`
}

// ASCII \w: huggingface_hub's REPO_ID_REGEX uses Python's Unicode \w, but the Hub only has ASCII ids.
const WORD = 'A-Za-z0-9_'
const REPO_ID_RE = new RegExp(
  `^(?:[${WORD}](?:[${WORD}.-]*[${WORD}])?/)?[${WORD}](?:[${WORD}.-]{0,94}[${WORD}])?$`
)

/**
 * Why `repo` is not a repo id huggingface_hub's validate_repo_id accepts, or undefined when it is.
 * Stricter than huggingface_hub in two ways: ASCII letters only, and no trailing newline (Python's `$`
 * lets one through).
 */
export function validateRepoId(repo: string): string | undefined {
  if (repo === '') return 'the repo id is empty'
  if (repo.split('/').length > 2) return 'a repo id has at most one "/"'
  if (!REPO_ID_RE.test(repo)) {
    if (/[^A-Za-z0-9_./-]/.test(repo)) {
      const bad = Array.from(repo).find((c) => !/[A-Za-z0-9_./-]/.test(c))!
      return `the repo id contains ${JSON.stringify(bad)}`
    }
    if (repo.split('/').some((part) => part === '')) return 'the repo id has an empty part'
    if (repo.split('/').some((part) => /^[.-]|[.-]$/.test(part))) {
      return 'a repo id part cannot start or end with "-" or "."'
    }
    return 'the repo name is longer than 96 characters'
  }
  if (repo.includes('--') || repo.includes('..')) return 'a repo id cannot contain "--" or ".."'
  if (repo.endsWith('.git')) return 'a repo id cannot end with ".git"'
  return undefined
}

const utf8 = new TextEncoder()

/**
 * Why `revision` is not a safe revision, or undefined. git's ref-name rules (check-ref-format) plus
 * `%` and `#`, and no control, format or space characters, so that a revision can neither change the
 * meaning of a URL nor leave `refs/` on disk.
 */
export function validateRevision(revision: string): string | undefined {
  if (COMMIT_RE.test(revision)) return undefined
  if (revision === '') return 'the revision is empty'
  if (/[\p{Cc}\p{Cf}\s]/u.test(revision))
    return 'the revision contains a space or control character'
  const bad = Array.from(revision).find((c) => '~^:?*[\\%#'.includes(c))
  if (bad !== undefined) return `the revision contains ${JSON.stringify(bad)}`
  if (/\p{Surrogate}/u.test(revision)) return 'the revision is not valid Unicode'
  if (revision === '@') return 'the revision cannot be "@"'
  for (const part of ['..', '@{', '//']) {
    if (revision.includes(part)) return `the revision contains ${JSON.stringify(part)}`
  }
  if (revision.startsWith('/') || revision.startsWith('-')) {
    return `the revision cannot start with ${JSON.stringify(revision[0])}`
  }
  if (revision.endsWith('/') || revision.endsWith('.')) {
    return `the revision cannot end with ${JSON.stringify(revision[revision.length - 1])}`
  }
  for (const part of revision.split('/')) {
    if (part.startsWith('.')) return 'a part of the revision cannot start with "."'
    if (part.endsWith('.lock')) return 'a part of the revision cannot end with ".lock"'
    if (utf8.encode(part).length > 255) return 'a part of the revision is longer than 255 bytes'
  }
  return undefined
}

function specError(entry: string, where: string | undefined, problem: string, hint: string) {
  const at = where ? ` (${where})` : ''
  return new UsageError(`Invalid repo spec ${JSON.stringify(entry)}${at}: ${problem}.`, { hint })
}

/** For a Hub URL or hf:// URI, the spec to write instead (and the file it points at, if any). */
function specFromUrl(url: string): { spec: string; file?: string } | undefined {
  let rest = url.replace(/^hf:\/\//i, '')
  if (rest === url) {
    const match = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/(.*)$/i.exec(url)
    if (!match) return undefined
    rest = match[1]!
  }
  rest = rest.replace(/[?#].*$/, '')
  const parts = rest.split('/').filter((part) => part !== '')
  let prefix = ''
  if (parts[0] !== undefined && Object.hasOwn(TYPE_PREFIXES, parts[0]) && parts.length >= 3) {
    prefix = `${parts.shift()!}/`
    if (prefix === 'models/') prefix = ''
  }
  if (parts.length < 2) return undefined
  const [org, nameAndRevision] = parts as [string, string]
  const [name, atRevision] = nameAndRevision.split('@', 2) as [string, string | undefined]
  let revision = atRevision
  let file: string | undefined
  if (revision === undefined && ['tree', 'blob', 'resolve'].includes(parts[2] ?? '') && parts[3]) {
    revision = parts[3]
    file = parts.slice(4).join('/') || undefined
  }
  try {
    revision = revision === undefined ? undefined : decodeURIComponent(revision)
  } catch {
    revision = undefined
  }
  if (validateRepoId(`${org}/${name}`)) return undefined
  const spec = `${prefix}${org}/${name}`
  const withRevision =
    revision && revision !== DEFAULT_REVISION && !validateRevision(revision)
      ? `${spec}:${revision}`
      : spec
  return {
    spec: withRevision,
    file: parts[2] === 'blob' || parts[2] === 'resolve' ? file : undefined
  }
}

interface ParsedTarget {
  repo: string
  type?: RepoType
  revision?: string
}

/** `[models/|datasets/|spaces/]org/name[:revision]`, checked; the type only when a prefix gives it. */
function parseTarget(entry: string, where: string | undefined): ParsedTarget {
  if (entry === '') throw specError(entry, where, 'it is empty', HINT_SPEC)
  if (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(?:www\.)?(?:huggingface|hf)\.co\//i.test(entry)
  ) {
    const instead = specFromUrl(entry)
    throw specError(
      entry,
      where,
      'it is a URL, not a repo spec',
      instead
        ? `Write ${JSON.stringify(instead.spec)}` +
            (instead.file
              ? ` (a spec names a whole repo: select ${JSON.stringify(instead.file)} with an allow pattern).`
              : '.')
        : `Write the repo as org/name (the part after huggingface.co/).`
    )
  }
  if (/\s/u.test(entry)) {
    if (entry.includes('#')) {
      throw specError(
        entry,
        where,
        'a comment must be on a line of its own',
        'Start comment lines with "#"; put nothing after a spec on its line.'
      )
    }
    const words = entry.split(/\s+/u)
    const pinned = words.length === 2 ? `${words[0]}:${words[1]}`.replace('::', ':') : undefined
    throw specError(
      entry,
      where,
      'it contains a space',
      pinned &&
        !validateRepoId(words[0]!.replace(/:$/, '')) &&
        !validateRevision(words[1]!.replace(/^:/, ''))
        ? `Write ${JSON.stringify(pinned)} for a revision, or separate two repos with a comma.`
        : 'Separate entries with commas or newlines; write a revision after a colon, with no space.'
    )
  }
  if (/[\p{Cc}\p{Cf}]/u.test(entry)) {
    throw specError(entry, where, 'it contains an invisible or control character', HINT_SPEC)
  }
  const colon = entry.indexOf(':')
  let target = colon < 0 ? entry : entry.slice(0, colon)
  const revision = colon < 0 ? undefined : entry.slice(colon + 1)
  if (target.includes('@')) {
    const [repo, rev] = target.split('@', 2) as [string, string]
    throw specError(
      entry,
      where,
      'a revision goes after ":", not "@"',
      `Write ${JSON.stringify(`${repo}:${rev}`)}.`
    )
  }
  let type: RepoType | undefined
  const parts = target.split('/')
  if (parts.length >= 2 && Object.hasOwn(TYPE_PREFIXES, parts[0]!)) {
    type = TYPE_PREFIXES[parts[0]!]
    target = parts.slice(1).join('/')
  } else if (parts.length === 3 && ['model', 'dataset', 'space'].includes(parts[0]!)) {
    throw specError(
      entry,
      where,
      `"${parts[0]}/" is not a repo type prefix`,
      `Write ${JSON.stringify(`${parts[0]}s/${parts.slice(1).join('/')}`)}.`
    )
  } else if (parts.length === 3 && parts[0] === 'kernels') {
    throw specError(
      entry,
      where,
      'kernel repos are not supported',
      'List models, datasets/ or spaces/.'
    )
  }
  const problem = validateRepoId(target)
  if (problem) {
    throw specError(
      entry,
      where,
      problem,
      target.split('/').length > 2
        ? 'Write org/name; prefix datasets/ or spaces/ for other repo types (datasets/org/name).'
        : HINT_REPO_ID
    )
  }
  if (revision !== undefined) {
    if (revision === '') {
      throw specError(
        entry,
        where,
        'the revision after ":" is empty',
        `Drop the ":" to use ${DEFAULT_REVISION}, or name a revision. ${HINT_REVISION}`
      )
    }
    const revisionProblem = validateRevision(revision)
    if (revisionProblem) throw specError(entry, where, revisionProblem, HINT_REVISION)
  }
  return { repo: target, type, revision }
}

function withSource(spec: RepoSpec, source: string | undefined): RepoSpec {
  if (source !== undefined) spec.source = source
  return spec
}

/**
 * One spec: `org/name[:revision]`, `datasets/org/name[:revision]` (also `models/`, `spaces/`).
 * The revision defaults to main. `options.source` becomes the spec's source.
 */
export function parseSpec(text: string, options: SpecOptions = {}): RepoSpec {
  const entry = text.trim()
  const target = parseTarget(entry, options.source)
  const type = target.type ?? options.type ?? 'model'
  return withSource(
    { repo: target.repo, type, revision: target.revision ?? DEFAULT_REVISION },
    options.source
  )
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((x) => right.has(x))
}

/**
 * Specs with one entry per type + repo + revision. Duplicates with the same patterns are dropped;
 * duplicates that differ only in `allow` are merged (union; `[]` = everything wins). Other duplicates
 * cannot be merged exactly and are an error. The same repo at two revisions is two specs.
 */
export function mergeSpecs(specs: readonly RepoSpec[]): RepoSpec[] {
  const merged = new Map<string, RepoSpec>()
  for (const spec of specs) {
    const key = `${spec.type}\0${spec.repo}\0${spec.revision}`
    const seen = merged.get(key)
    if (!seen) {
      merged.set(key, { ...spec })
      continue
    }
    if (sameSet(seen.allow, spec.allow) && sameSet(seen.ignore, spec.ignore)) continue
    if (seen.allow !== undefined && spec.allow !== undefined && sameSet(seen.ignore, spec.ignore)) {
      seen.allow =
        seen.allow.length === 0 || spec.allow.length === 0
          ? []
          : [...new Set([...seen.allow, ...spec.allow])]
      continue
    }
    const name = formatSpec(spec)
    throw new UsageError(
      `${name} is listed twice with different patterns (${seen.source ?? 'first entry'} and ` +
        `${spec.source ?? 'second entry'}).`,
      { hint: `List ${name} once, with the union of what you need.` }
    )
  }
  return [...merged.values()]
}

function listEntries(text: string, options: SpecOptions): RepoSpec[] {
  const lines = text.split(/\r\n|\r|\n/)
  const multiline = lines.filter((line) => line.trim() !== '').length > 1
  const specs: RepoSpec[] = []
  let count = 0
  lines.forEach((line, index) => {
    if (line.trim().startsWith('#')) return
    for (const part of line.split(',')) {
      const entry = part.trim()
      if (entry === '') continue
      count++
      const at = multiline ? `entry ${count}, line ${index + 1}` : `entry ${count}`
      const source = options.source ? `${options.source} ${at}` : at
      specs.push(parseSpec(entry, { type: options.type, source }))
    }
  })
  return specs
}

/**
 * A list of specs separated by commas and/or newlines. Blank entries are skipped, as are lines whose
 * first non-blank character is `#`. Each spec's source is "<source> entry N" (", line L" when the
 * text has several lines). Duplicates are merged ({@link mergeSpecs}).
 */
export function parseSpecList(text: string, options: SpecOptions = {}): RepoSpec[] {
  return mergeSpecs(listEntries(text, options))
}

/** Specs from RUNPOD_HUGGINGFACE_MODEL, HUGGINGFACE_MODEL(S) and their DATASET(S) twins. */
export function specsFromEnv(env: Readonly<Record<string, string | undefined>>): RepoSpec[] {
  const specs: RepoSpec[] = []
  for (const { name, type } of SPEC_ENV_VARS) {
    const value = env[name]
    if (value !== undefined) specs.push(...listEntries(value, { type, source: name }))
  }
  return mergeSpecs(specs)
}

// ---------------------------------------------------------------------------------------------
// YAML documents

const MODELBAKE_KEYS = ['repo', 'revision', 'type', 'allow', 'ignore']
const TRUSS_KEYS = [
  'repo_id',
  'revision',
  'allow_patterns',
  'ignore_patterns',
  'volume_folder',
  'use_volume',
  'kind',
  'runtime_secret_name'
]

class YamlReader {
  readonly lines = new LineCounter()
  readonly doc: Document.Parsed

  constructor(
    text: string,
    readonly source: string | undefined
  ) {
    // failsafe: every scalar stays a string, so "revision: 0123" is "0123", not 123.
    this.doc = parseDocument(text, { schema: 'failsafe', lineCounter: this.lines })
  }

  where(path: string, node: unknown): string {
    const range = (node as { range?: [number, number, number] } | null)?.range
    const line = range ? `, line ${this.lines.linePos(range[0]).line}` : ''
    return this.source ? `${this.source} ${path}${line}` : `${path}${line}`
  }

  error(where: string, problem: string, hint: string): UsageError {
    return new UsageError(`Invalid repo spec (${where}): ${problem}.`, { hint })
  }

  resolve(node: unknown, where: string): unknown {
    if (!isAlias(node)) return node
    const target = node.resolve(this.doc)
    if (target === undefined) {
      throw this.error(
        where,
        `"*${node.source}" is read as a YAML alias`,
        'Quote patterns that start with "*": allow: ["*.json"].'
      )
    }
    return target
  }

  /** The string of a scalar; undefined for a missing or null value (empty, ~, null). */
  string(node: unknown, where: string, key: string): string | undefined {
    const value = this.resolve(node, where)
    if (value === null || value === undefined) return undefined
    if (!isScalar(value)) throw this.error(where, `"${key}" must be a string`, HINT_SPEC)
    const text = String(value.value)
    if (value.type === 'PLAIN' && ['', '~', 'null', 'Null', 'NULL'].includes(text)) return undefined
    return text
  }

  patterns(node: unknown, where: string, key: string): string[] | undefined {
    const value = this.resolve(node, where)
    const items = isSeq(value) ? value.items : [value]
    if (!isSeq(value) && this.string(value, where, key) === undefined) return undefined
    return items.map((item) => {
      const resolved = this.resolve(item, where)
      const pattern = isScalar(resolved) ? String(resolved.value) : undefined
      if (pattern === undefined || pattern === '') {
        throw this.error(
          where,
          `${key} must be a pattern or a list of patterns, with no empty one`,
          HINT_PATTERNS
        )
      }
      return pattern
    })
  }

  entry(node: unknown, path: string, listType: RepoType | undefined, truss: boolean): RepoSpec {
    const where = this.where(path, node)
    const value = this.resolve(node, where)
    if (isScalar(value) && !truss) {
      const text = this.string(value, where, 'entry')
      if (text === undefined) throw this.error(where, 'the entry is empty', HINT_SPEC)
      return parseSpec(text, { type: listType, source: where })
    }
    if (!isMap(value)) {
      throw this.error(
        where,
        truss ? 'a model_cache entry must be a mapping' : 'an entry must be a spec or a mapping',
        truss ? 'Write - repo_id: org/name with optional revision, allow_patterns, ...' : HINT_SPEC
      )
    }
    return this.mapping(value, where, listType)
  }

  mapping(map: YAMLMap, where: string, listType: RepoType | undefined): RepoSpec {
    const fields = new Map<string, unknown>()
    for (const pair of map.items) {
      const key = this.string(pair.key, where, 'key')
      if (key === undefined) throw this.error(where, 'a key is empty', HINT_SPEC)
      fields.set(key, pair.value)
    }
    const truss = fields.has('repo_id')
    if (truss && fields.has('repo')) {
      throw this.error(where, 'an entry has both "repo" and "repo_id"', 'Keep one of them.')
    }
    const known = truss ? TRUSS_KEYS : MODELBAKE_KEYS
    for (const key of fields.keys()) {
      if (!known.includes(key)) {
        throw this.error(
          where,
          `unknown key ${JSON.stringify(key)}`,
          truss
            ? `A model_cache entry has ${known.join(', ')}.`
            : `An entry has repo (required), revision, type (model, dataset or space), allow and ignore.`
        )
      }
    }
    if (truss) {
      const kind = this.string(fields.get('kind'), where, 'kind')
      if (kind !== undefined && kind !== 'hf') {
        throw this.error(
          where,
          `kind ${JSON.stringify(kind)} is not supported: only Hugging Face sources are (kind: hf)`,
          'Fetch gcs, s3 and azure weights with their own tools; list Hugging Face repos here.'
        )
      }
    }
    const repoKey = truss ? 'repo_id' : 'repo'
    const repoText = this.string(fields.get(repoKey), where, repoKey)
    if (repoText === undefined) {
      throw this.error(where, `"${repoKey}" is missing`, `Write ${repoKey}: org/name. ${HINT_SPEC}`)
    }
    const target = parseTarget(repoText.trim(), where)
    const revision = this.string(fields.get('revision'), where, 'revision')
    if (revision !== undefined) {
      const problem = validateRevision(revision)
      if (problem) throw this.error(where, problem, HINT_REVISION)
      if (target.revision !== undefined && target.revision !== revision) {
        throw this.error(
          where,
          `${repoKey} says revision ${JSON.stringify(target.revision)} but revision says ` +
            JSON.stringify(revision),
          `Give the revision once, in "revision".`
        )
      }
    }
    const typeText = truss ? undefined : this.string(fields.get('type'), where, 'type')
    if (typeText !== undefined && !REPO_TYPES.includes(typeText as RepoType)) {
      throw this.error(
        where,
        `type ${JSON.stringify(typeText)} is not model, dataset or space`,
        'Write type: model, type: dataset or type: space.'
      )
    }
    const entryType = typeText as RepoType | undefined
    if (entryType && target.type && entryType !== target.type) {
      throw this.error(
        where,
        `${repoKey} says ${target.type} but type says ${entryType}`,
        'Give the type once.'
      )
    }
    const type = entryType ?? target.type ?? listType ?? 'model'
    const spec: RepoSpec = {
      repo: target.repo,
      type,
      revision: revision ?? target.revision ?? DEFAULT_REVISION
    }
    const allowKey = truss ? 'allow_patterns' : 'allow'
    const ignoreKey = truss ? 'ignore_patterns' : 'ignore'
    const allow = this.patterns(fields.get(allowKey), where, allowKey)
    const ignore = this.patterns(fields.get(ignoreKey), where, ignoreKey)
    if (allow !== undefined) spec.allow = allow
    if (ignore !== undefined) spec.ignore = ignore
    return withSource(spec, where)
  }
}

/** Whether text that YAML could not parse was meant as YAML rather than as a plain list. */
function looksLikeYaml(text: string): boolean {
  return /^\s*-\s/m.test(text) || /^\s*[A-Za-z_]+\s*:(\s|$)/m.test(text)
}

/**
 * Specs from a document: a YAML list whose items are specs or mappings (`repo`, `revision`, `type`,
 * `allow`, `ignore`); a Baseten truss config.yaml (`model_cache:` list) or just its list (`repo_id`,
 * `revision`, `allow_patterns`, `ignore_patterns`; `volume_folder`, `use_volume`,
 * `runtime_secret_name` are ignored; `kind` must be hf); or else a plain list ({@link parseSpecList}).
 * Patterns left out (undefined) inherit the run-wide ones.
 */
export function parseSpecDocument(text: string, options: SpecOptions = {}): RepoSpec[] {
  if (text.trim() === '') return []
  const reader = new YamlReader(text, options.source)
  const { doc } = reader
  if (doc.errors.length > 0) {
    if (!looksLikeYaml(text)) return parseSpecList(text, options)
    const first = doc.errors[0]!
    const line = first.linePos?.[0]?.line
    const where = options.source
      ? `${options.source}${line ? `, line ${line}` : ''}`
      : `line ${line ?? '?'}`
    throw new UsageError(
      `Invalid spec document (${where}): ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`,
      { hint: 'Fix the YAML; quote values that start with "*", "&", "!" or "@".' }
    )
  }
  const root = reader.resolve(doc.contents, reader.where('document', doc.contents))
  let items: unknown[]
  let truss = false
  if (isSeq(root)) {
    items = root.items
  } else if (isMap(root)) {
    const cache = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'model_cache')
    if (cache) {
      truss = true
      const list = reader.resolve(cache.value, reader.where('model_cache', cache.value))
      if (list === null || (isScalar(list) && list.value === '')) return []
      if (!isSeq(list)) {
        throw reader.error(
          reader.where('model_cache', list),
          'model_cache must be a list',
          'Write model_cache: followed by "- repo_id: org/name" items.'
        )
      }
      items = list.items
    } else if (
      root.items.some((pair) => isScalar(pair.key) && /^repo(_id)?$/.test(`${pair.key.value}`))
    ) {
      items = [root] // a single entry
    } else {
      const first = root.items[0]
      const key = first && isScalar(first.key) ? String(first.key.value) : ''
      const value = first && isScalar(first.value) ? String(first.value.value) : ''
      throw reader.error(
        reader.where('document', root),
        'a YAML mapping here needs a model_cache: key',
        root.items.length === 1 && !validateRepoId(key.replace(/^(models|datasets|spaces)\//, ''))
          ? `Write ${JSON.stringify(`${key}:${value}`)}, with no space after ":".`
          : 'Write a YAML list ("- repo: org/name") or a truss config.yaml with a model_cache: list.'
      )
    }
  } else {
    // A scalar: the text itself is the list (comments and line numbers intact), unless it is quoted.
    const quoted = isScalar(root) && root.type !== 'PLAIN' && root.type !== undefined
    return parseSpecList(quoted ? String(root.value) : text, options)
  }
  const path = (index: number) => (truss ? `model_cache[${index}]` : `entry ${index + 1}`)
  const specs = items.map((item, index) => reader.entry(item, path(index), options.type, truss))
  return mergeSpecs(specs)
}
