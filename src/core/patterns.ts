// allow/ignore patterns, matched as huggingface_hub matches them: Python's fnmatch.fnmatchcase on the
// path in the repo (`*` crosses `/`), through filter_repo_objects (a trailing `/` means "everything
// under", `\` counts as `/`, allow first, then ignore).

/**
 * One piece of a translated pattern: a regex fragment matching exactly one character (or nothing, for
 * an empty set), or STAR for a run of `*`.
 */
const STAR = Symbol('star')
type Piece = string | typeof STAR

/** A regex fragment for one literal code point; `\u{...}` needs no escaping rules at all. */
function literal(char: string): string {
  return /^[A-Za-z0-9_]$/.test(char) ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`
}

function indexOfFrom(chars: readonly string[], wanted: string, from: number, to: number): number {
  for (let k = from; k < to; k++) if (chars[k] === wanted) return k
  return -1
}

const RANGE = Symbol('range')

/**
 * The character set written `[stuff]` in a pattern (`stuff` = chars[start, end)), reproducing the
 * quirks of Python's fnmatch.translate: `-` makes a range only between chunks found from left to right
 * with a skip of 3, a backwards range is dropped together with its ends (so `[z-a]` matches nothing and
 * `[z-a!b]` means `[!b]`), a leading `!` negates, and every other character is literal.
 */
function translateSet(chars: readonly string[], start: number, end: number): string {
  let chunks: string[][]
  const stuff = chars.slice(start, end)
  if (!stuff.includes('-')) {
    chunks = [stuff]
  } else {
    chunks = []
    let from = start
    let k = chars[start] === '!' ? start + 2 : start + 1
    for (;;) {
      k = indexOfFrom(chars, '-', k, end)
      if (k < 0) break
      chunks.push(chars.slice(from, k))
      from = k + 1
      k += 3
    }
    const last = chars.slice(from, end)
    if (last.length > 0) chunks.push(last)
    else chunks[chunks.length - 1]!.push('-')
    // Drop empty ranges (their two ends go with them), right to left as Python does.
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const before = chunks[k2 - 1]!
      const after = chunks[k2]!
      if (before[before.length - 1]!.codePointAt(0)! > after[0]!.codePointAt(0)!) {
        chunks[k2 - 1] = [...before.slice(0, -1), ...after.slice(1)]
        chunks.splice(k2, 1)
      }
    }
  }
  // Python joins the chunks with unescaped `-` (range operators) and escapes everything else.
  const tokens: (string | typeof RANGE)[] = []
  chunks.forEach((chunk, index) => {
    if (index > 0) tokens.push(RANGE)
    tokens.push(...chunk)
  })
  if (tokens.length === 0) return '(?!)' // empty set: never matches
  if (tokens.length === 1 && tokens[0] === '!') return '.' // negated empty set: any character
  let negate = false
  if (tokens[0] === '!') {
    negate = true
    tokens.shift()
  }
  // Read the tokens as Python's regex parser reads the escaped set: `a-b` is a range, a `-` where a
  // character is expected is a literal `-`.
  let body = ''
  for (let t = 0; t < tokens.length;) {
    const token = tokens[t++]!
    const low = token === RANGE ? '-' : token
    if (tokens[t] === RANGE && t + 1 < tokens.length) {
      const next = tokens[t + 1]!
      const high = next === RANGE ? '-' : next
      t += 2
      if (high.codePointAt(0)! < low.codePointAt(0)!) {
        // Python raises re.error here; the chunk clean-up above makes it unreachable.
        throw new Error(`bad character range ${low}-${high}`)
      }
      body += `${literal(low)}-${literal(high)}`
    } else {
      body += literal(low)
    }
  }
  return `[${negate ? '^' : ''}${body}]`
}

/** The pieces of a pattern, as the first pass of Python's fnmatch.translate produces them. */
function pieces(pattern: string): Piece[] {
  const chars = Array.from(pattern) // Python indexes code points, not UTF-16 units
  const out: Piece[] = []
  const n = chars.length
  let i = 0
  while (i < n) {
    const c = chars[i++]!
    if (c === '*') {
      if (out[out.length - 1] !== STAR) out.push(STAR)
    } else if (c === '?') {
      out.push('.')
    } else if (c === '[') {
      let j = i
      if (j < n && chars[j] === '!') j++
      if (j < n && chars[j] === ']') j++
      while (j < n && chars[j] !== ']') j++
      if (j >= n) {
        out.push(literal('[')) // unclosed: a literal `[`
      } else {
        out.push(translateSet(chars, i, j))
        i = j + 1
      }
    } else {
      out.push(literal(c))
    }
  }
  return out
}

/**
 * A JavaScript regex with the meaning of Python's `fnmatch.translate(pattern)`. Interior `*fixed`
 * pairs are atomic in Python (`(?>.*?fixed)`); `(?=(.*?fixed))\N` is the same thing in JavaScript,
 * which keeps matching linear instead of exponential on hostile patterns.
 */
export function translatePattern(pattern: string): RegExp {
  const input = pieces(pattern)
  let source = ''
  let group = 0
  let i = 0
  while (i < input.length && input[i] !== STAR) source += input[i++] as string
  while (i < input.length) {
    i++ // a STAR
    let fixed = ''
    while (i < input.length && input[i] !== STAR) fixed += input[i++] as string
    if (i === input.length) {
      source += `.*${fixed}`
    } else {
      group++
      source += `(?=(.*?${fixed}))(?:\\${group})`
    }
  }
  return new RegExp(`^(?:${source})$`, 'su')
}

const MAX_CACHED = 4096
const compiled = new Map<string, RegExp>()

function compile(pattern: string): RegExp {
  let regex = compiled.get(pattern)
  if (!regex) {
    if (compiled.size >= MAX_CACHED) compiled.clear()
    regex = translatePattern(pattern)
    compiled.set(pattern, regex)
  }
  return regex
}

/**
 * Python's `fnmatch.fnmatchcase(name, pattern)`: `*` matches any run of characters including `/`,
 * `?` one character, `[seq]` / `[!seq]` one character in / not in seq (ranges `a-z`, `]` allowed
 * first), an unclosed `[` is literal; there is no escape character. Case-sensitive.
 */
export function fnmatchcase(name: string, pattern: string): boolean {
  return compile(pattern).test(name)
}

function normalizeSeparators(value: string): string {
  return value.replaceAll('\\', '/')
}

/** A pattern as filter_repo_objects uses it: `\` → `/`, and `dir/` → `dir/*`. */
export function normalizePattern(pattern: string): string {
  const normalized = normalizeSeparators(pattern)
  return normalized.endsWith('/') ? `${normalized}*` : normalized
}

/**
 * huggingface_hub's `filter_repo_objects` over items with a path: keep an item when `allow` is
 * undefined or one allow pattern matches, and no ignore pattern matches. Order is kept. Note that, as
 * in huggingface_hub, an empty `allow` list keeps nothing.
 */
export function filterRepoItems<T>(
  items: Iterable<T>,
  pathOf: (item: T) => string,
  allow?: readonly string[],
  ignore?: readonly string[]
): T[] {
  const allowRes = allow?.map((p) => compile(normalizePattern(p)))
  const ignoreRes = ignore?.map((p) => compile(normalizePattern(p)))
  const kept: T[] = []
  for (const item of items) {
    const path = normalizeSeparators(pathOf(item))
    if (allowRes && !allowRes.some((re) => re.test(path))) continue
    if (ignoreRes && ignoreRes.some((re) => re.test(path))) continue
    kept.push(item)
  }
  return kept
}

/** {@link filterRepoItems} over plain paths. */
export function filterRepoPaths(
  paths: Iterable<string>,
  allow?: readonly string[],
  ignore?: readonly string[]
): string[] {
  return filterRepoItems(paths, (path) => path, allow, ignore)
}
