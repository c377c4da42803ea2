// trees/<commit>.json: the whole file listing of a commit, written byte for byte as huggingface_hub's
// write_tree_cache writes it (`json.dump(data, f, indent=1)`), so that its offline completeness check
// (IncompleteSnapshotError) reads ours exactly as it reads its own.

import { ModelbakeError } from './errors.js'
import type { RepoFile } from './types.js'

export const TREE_LISTING_FORMAT_VERSION = 1

const XET_HASH_RE = /^[0-9a-fA-F]{64}$/

/** huggingface_hub's is_valid_xet_hash: 64 hex characters, either case. */
export function isValidXetHash(hash: string): boolean {
  return XET_HASH_RE.test(hash)
}

/**
 * Python's ordering of str: by code point. (JavaScript's default sort compares UTF-16 units, which puts
 * U+E000..U+FFFF after characters outside the BMP.)
 */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]()
  const right = b[Symbol.iterator]()
  for (;;) {
    const x = left.next()
    const y = right.next()
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1
    if (x.value !== y.value) return x.value.codePointAt(0)! - y.value.codePointAt(0)!
  }
}

/** A JSON string literal as Python's json module writes it with ensure_ascii=True (the default). */
export function pythonJsonString(value: string): string {
  let out = '"'
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    const char = value[i]!
    if (char === '"') out += '\\"'
    else if (char === '\\') out += '\\\\'
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (char === '\b') out += '\\b'
    else if (char === '\f') out += '\\f'
    else if (unit >= 0x20 && unit <= 0x7e) out += char
    else out += `\\u${unit.toString(16).padStart(4, '0')}` // UTF-16 units: surrogate pairs, as Python
  }
  return `${out}"`
}

function pythonJsonInt(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ModelbakeError(
      `Cannot write the tree listing: ${what} is ${value}, not a byte count.`
    )
  }
  return String(value)
}

/**
 * Whether huggingface_hub would write this listing at all: write_tree_cache skips a listing in which
 * any Xet hash is not 64 hex characters (and read_tree_cache ignores such a file).
 */
export function isTreeListingWritable(files: readonly RepoFile[]): boolean {
  return files.every((file) => file.xetHash === undefined || isValidXetHash(file.xetHash))
}

/**
 * The exact text of `trees/<commit>.json` for a commit's files: `{"format_version": 1, "files": {...}}`
 * with indent=1, paths sorted by code point, entry keys in the order size, blob_id, lfs_sha256,
 * lfs_size, xet_hash, ASCII-only escapes, no trailing newline. A path listed twice keeps its last
 * entry, as a Python dict would. Throws when huggingface_hub would not write the listing (see
 * {@link isTreeListingWritable}): write it exactly, or not at all.
 */
export function serializeTreeListing(files: readonly RepoFile[]): string {
  if (!isTreeListingWritable(files)) {
    const bad = files.find((file) => file.xetHash !== undefined && !isValidXetHash(file.xetHash))!
    throw new ModelbakeError(
      `Cannot write the tree listing: the Xet hash of ${JSON.stringify(bad.path)} is not 64 hex characters.`,
      { hint: 'huggingface_hub does not write such a listing either; skip trees/<commit>.json.' }
    )
  }
  const byPath = new Map<string, RepoFile>()
  for (const file of files) byPath.set(file.path, file)
  const paths = [...byPath.keys()].sort(compareCodePoints)
  if (paths.length === 0)
    return `{\n "format_version": ${TREE_LISTING_FORMAT_VERSION},\n "files": {}\n}`
  const entries = paths.map((path) => {
    const file = byPath.get(path)!
    const fields = [
      `   "size": ${pythonJsonInt(file.size, `the size of ${JSON.stringify(path)}`)}`,
      `   "blob_id": ${pythonJsonString(file.blobId)}`
    ]
    if (file.lfs) {
      fields.push(`   "lfs_sha256": ${pythonJsonString(file.lfs.sha256)}`)
      fields.push(
        `   "lfs_size": ${pythonJsonInt(file.lfs.size, `the LFS size of ${JSON.stringify(path)}`)}`
      )
    }
    if (file.xetHash !== undefined) fields.push(`   "xet_hash": ${pythonJsonString(file.xetHash)}`)
    return `  ${pythonJsonString(path)}: {\n${fields.join(',\n')}\n  }`
  })
  return `{\n "format_version": ${TREE_LISTING_FORMAT_VERSION},\n "files": {\n${entries.join(',\n')}\n }\n}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * The files of a `trees/<commit>.json`, sorted by path; undefined when huggingface_hub would ignore
 * the file (not JSON, format_version other than 1, an entry without size or blob_id, an invalid Xet
 * hash) or when a value has a type huggingface_hub never writes (where it would crash or carry on with
 * garbage, modelbake refuses the file instead).
 */
export function parseTreeListing(text: string): RepoFile[] | undefined {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObject(data)) return undefined
  // Python compares with `!= 1`, so 1.0 (same number in JS) and true also pass there.
  if (data.format_version !== TREE_LISTING_FORMAT_VERSION && data.format_version !== true) {
    return undefined
  }
  if (!isObject(data.files)) return undefined
  const files: RepoFile[] = []
  for (const [path, info] of Object.entries(data.files)) {
    if (!isObject(info) || !('size' in info) || !('blob_id' in info)) return undefined
    const { size, blob_id: blobId } = info
    const sha256 = info.lfs_sha256 ?? undefined
    const lfsSize = info.lfs_size ?? undefined
    const xetHash = info.xet_hash ?? undefined
    if (!isByteCount(size) || typeof blobId !== 'string') return undefined
    if (xetHash !== undefined && (typeof xetHash !== 'string' || !isValidXetHash(xetHash))) {
      return undefined
    }
    const file: RepoFile = { path, size, blobId }
    if (sha256 !== undefined) {
      if (typeof sha256 !== 'string' || !isByteCount(lfsSize)) return undefined
      file.lfs = { sha256, size: lfsSize }
    }
    if (xetHash !== undefined) file.xetHash = xetHash
    files.push(file)
  }
  return files.sort((a, b) => compareCodePoints(a.path, b.path))
}
