// A reproducible tar writer: the headers only (ustar, with PAX extended headers where ustar cannot
// say it). File contents are streamed by the caller between a header and its padding. Pure.
//
// Every entry gets mtime 0, uid/gid 0, no user or group names, and a fixed mode, so the same entries
// give the same bytes on any machine at any time. A path goes into ustar's name field, or split
// across prefix/name, or (when it is longer, or not ASCII) into a PAX `path` record; the same for
// link targets (`linkpath`) and for sizes of 8 GiB and more (`size`).

export const BLOCK = 512
/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK)

export type TarEntryType = 'file' | 'dir' | 'symlink'

export interface TarHeader {
  type: TarEntryType
  /** Relative path with `/` separators; no leading `/`, no trailing `/` (added for folders). */
  path: string
  /** Content size (files only). */
  size?: number
  /** Target of a symbolic link. */
  linkTarget?: string
  /** Instead of the fixed mode of its type (the join script is executable). */
  mode?: number
}

export const MODES: Record<TarEntryType, number> = { file: 0o644, dir: 0o755, symlink: 0o777 }
const TYPE_FLAGS: Record<TarEntryType, string> = { file: '0', dir: '5', symlink: '2' }
/** The largest size an 11-digit octal field holds (8 GiB - 1). */
const MAX_OCTAL_SIZE = 0o77777777777

/** Bytes of padding after `size` bytes of content, up to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

/** The header block(s) of one entry: a PAX header (when needed) then the ustar header. */
export function encodeHeader(entry: TarHeader): Buffer {
  checkPath(entry.path)
  const size = entry.type === 'file' ? (entry.size ?? 0) : 0
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid tar entry size ${size}`)
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path
  const pax: Array<[string, string]> = []

  const split = splitUstarPath(name)
  if (!split) pax.push(['path', name])
  let linkName = ''
  if (entry.type === 'symlink') {
    const target = entry.linkTarget ?? ''
    if (target === '' || target.includes('\0')) throw new Error(`invalid link target for ${name}`)
    if (isAscii(target) && Buffer.byteLength(target) <= 100) linkName = target
    else pax.push(['linkpath', target])
  }
  if (size > MAX_OCTAL_SIZE) pax.push(['size', String(size)])

  const ustar = ustarBlock({
    name: split?.name ?? asciiFallback(name, 100),
    prefix: split?.prefix ?? '',
    mode: entry.mode ?? MODES[entry.type],
    size: size > MAX_OCTAL_SIZE ? 0 : size,
    typeFlag: TYPE_FLAGS[entry.type],
    linkName: linkName || (entry.type === 'symlink' ? asciiFallback(entry.linkTarget!, 100) : '')
  })
  if (pax.length === 0) return ustar

  const records = Buffer.from(
    pax
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(paxRecord)
      .join('')
  )
  const paxHeader = ustarBlock({
    name: asciiFallback(`PaxHeaders/${baseName(name)}`, 100),
    prefix: '',
    mode: 0o644,
    size: records.length,
    typeFlag: 'x',
    linkName: ''
  })
  return Buffer.concat([paxHeader, records, Buffer.alloc(padding(records.length)), ustar])
}

/** Bytes an entry takes in the archive: header(s), content, padding. */
export function entryLength(entry: TarHeader): number {
  const size = entry.type === 'file' ? (entry.size ?? 0) : 0
  return encodeHeader(entry).length + size + padding(size)
}

/** `<length> <key>=<value>\n`, where length counts the whole record, itself included. */
export function paxRecord([key, value]: [string, string]): string {
  const body = ` ${key}=${value}\n`
  const bodyLength = Buffer.byteLength(body)
  let length = bodyLength + 1
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength
  return `${length}${body}`
}

/** ustar's name (100 bytes) and prefix (155 bytes), split at a `/`; undefined when they cannot hold it. */
export function splitUstarPath(path: string): { name: string; prefix: string } | undefined {
  if (!isAscii(path)) return undefined
  if (path.length <= 100) return { name: path, prefix: '' }
  // The shortest prefix whose remainder fits the name field (a folder's trailing `/` stays in name).
  for (let i = path.indexOf('/'); i >= 0 && i <= 155; i = path.indexOf('/', i + 1)) {
    const name = path.slice(i + 1)
    if (name.length <= 100 && name !== '' && name !== '/') return { name, prefix: path.slice(0, i) }
  }
  return undefined
}

function ustarBlock(fields: {
  name: string
  prefix: string
  mode: number
  size: number
  typeFlag: string
  linkName: string
}): Buffer {
  const block = Buffer.alloc(BLOCK)
  block.write(fields.name, 0, 100, 'latin1')
  writeOctal(block, 100, 8, fields.mode)
  writeOctal(block, 108, 8, 0) // uid
  writeOctal(block, 116, 8, 0) // gid
  writeOctal(block, 124, 12, fields.size)
  writeOctal(block, 136, 12, 0) // mtime
  block.fill(0x20, 148, 156) // checksum is computed with its own field as spaces
  block.write(fields.typeFlag, 156, 1, 'latin1')
  block.write(fields.linkName, 157, 100, 'latin1')
  block.write('ustar\u000000', 257, 8, 'latin1')
  // uname/gname (265, 297) stay empty: no host user names.
  writeOctal(block, 329, 8, 0) // devmajor
  writeOctal(block, 337, 8, 0) // devminor
  block.write(fields.prefix, 345, 155, 'latin1')
  let sum = 0
  for (const byte of block) sum += byte
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1')
  return block
}

/** Zero-padded octal digits, then a NUL. */
function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0')
  if (digits.length > width - 1) throw new Error(`tar field overflow: ${value}`)
  block.write(`${digits}\u0000`, offset, width, 'latin1')
}

function checkPath(path: string): void {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.endsWith('/') ||
    path.includes('\0') ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`unsafe tar path ${JSON.stringify(path)}`)
  }
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text)
}

/** What old readers see when PAX carries the real value: ASCII, cut to the field's width. */
function asciiFallback(text: string, width: number): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '_')
  return ascii.length <= width ? ascii : ascii.slice(ascii.length - width)
}

function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}
