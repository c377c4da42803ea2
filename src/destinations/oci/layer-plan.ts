// Which bytes go into which image layer. Pure: the caller passes what it read from the cache.
//
// Per repo folder (folders sorted by name, so the order of specs does not change the image):
//   - one layer per large blob: registries deduplicate it across images, nodes pull it in parallel;
//   - small blobs grouped into as few layers as the size limit allows;
//   - one layer with the snapshot links, refs and tree listings (small; changes with each commit).
// A blob too large for one layer is cut into parts, one layer each, under
// `<image-path>/.modelbake/parts/<folder>/<etag>/`, and a last layer adds `.modelbake/join.sh`,
// which rebuilds the blob from its parts (see join-script.ts for why no unpacker can).
// Too many layers slow every pull and break overlay mounts (about 125 lowers), so when the large
// blobs would exceed the budget, the smallest of them are packed together.
import { createHash } from 'node:crypto'
import { relativeLinkTarget } from '../../core/cache-dir.js'
import type { RepoFile } from '../../core/types.js'
import { etagOf } from '../../core/types.js'
import { formatBytes } from '../../report/format.js'
import { BLOCK, END_OF_ARCHIVE, encodeHeader, entryLength, padding, type TarHeader } from './tar.js'

export interface PlanRepo {
  /** `models--org--name` */
  folder: string
  label: string
  revision: string
  commit: string
  files: RepoFile[]
  /** `trees/<commit>.json` as the cache holds it, when it does. */
  treeListing?: Buffer
  /** Where a blob lies on disk. */
  blobPath(etag: string): string
}

export interface LayerPlanOptions {
  /** Absolute path of the hub cache inside the image. */
  imagePath: string
  maxLayerSize: number
  /** Compressed layers may come out slightly larger than their input: leave room for that. */
  compressed: boolean
  /** Blobs from this size on get their own layer (default: 8 MiB, or less under a small limit). */
  largeBlobSize?: number
  /** Most layers this plan may make (default 100). */
  maxLayers?: number
  /** The join script's text for these splits (join-script.ts); only called when a blob is split. */
  joinScript?: (splits: SplitBlob[]) => string
}

export type EntrySource =
  | {
      kind: 'file'
      path: string
      offset: number
      identity: string
      /** The cache blob the bytes come from, as `<repo folder>/<etag>`. */
      blob?: string
    }
  | { kind: 'bytes'; data: Buffer }

export interface PlannedEntry extends TarHeader {
  source?: EntrySource
}

export type LayerKind = 'blob' | 'blob-part' | 'blobs' | 'metadata' | 'join-script'

export interface LayerPlan {
  kind: LayerKind
  /** Labels of the repos whose bytes it holds. */
  repos: string[]
  /** What it holds, for people. */
  holds: string
  /** Paths in the repo of the files it holds (blob layers). */
  files?: string[]
  blob?: string
  part?: { index: number; count: number }
  entries: PlannedEntry[]
  /** Bytes of the tar stream. */
  size: number
  /** Identifies the tar bytes (content-addressed blobs by etag, never by local path). */
  key: string
}

export interface SplitBlob {
  folder: string
  label: string
  etag: string
  size: number
  /** sha256 of the content, when the etag is one (LFS files). */
  sha256?: string
  /** Paths of the parts, relative to the image path. */
  parts: string[]
  paths: string[]
}

export interface ImagePlan {
  layers: LayerPlan[]
  splits: SplitBlob[]
  /** Where each repo's snapshot sits in the image, by label. */
  snapshotPaths: Record<string, string>
  /** Absolute path of the join script in the image, when some blob was split. */
  joinScript?: string
}

export const PARTS_DIR = '.modelbake/parts'
export const JOIN_SCRIPT = '.modelbake/join.sh'
const DEFAULT_LARGE_BLOB = 8 * 1024 * 1024
const DEFAULT_MAX_LAYERS = 100

interface Blob {
  etag: string
  size: number
  path: string
  paths: string[]
  sha256?: string
}

export function planLayers(repos: PlanRepo[], options: LayerPlanOptions): ImagePlan {
  const root = imageRoot(options.imagePath)
  const limit = options.maxLayerSize
  const bound = (size: number) =>
    options.compressed ? size + Math.ceil(size / 1000) + 64 * 1024 : size
  const fits = (size: number) => bound(size) <= limit
  const largeBlobSize =
    options.largeBlobSize ?? Math.max(1, Math.min(DEFAULT_LARGE_BLOB, Math.floor(limit / 4)))

  const folders = groupByFolder(repos)
  const forced: LayerPlan[][] = [] // per folder, in order: blob layers come first
  const singles: Array<{ folder: number; blob: Blob; layer: LayerPlan; repo: PlanRepo }> = []
  const splits: SplitBlob[] = []
  const snapshotPaths: Record<string, string> = {}

  folders.forEach(({ folder, repos: group }, index) => {
    const first = group[0]
    const blobs = uniqueBlobs(group)
    const layers: LayerPlan[] = []
    const small: Blob[] = []
    for (const blob of blobs) {
      if (blob.size < largeBlobSize) {
        small.push(blob)
        continue
      }
      const single = blobLayer(root, first, [blob], 'blob')
      if (fits(single.size)) singles.push({ folder: index, blob, layer: single, repo: first })
      else {
        const split = splitBlob(root, first, blob, fits)
        splits.push(split.split)
        layers.push(...split.layers)
      }
    }
    for (const bin of packSequential(root, first, small, fits))
      layers.push(blobLayer(root, first, bin, 'blobs'))
    layers.push(metadataLayer(root, group))
    for (const repo of group)
      snapshotPaths[repo.label] = `${options.imagePath}/${folder}/snapshots/${repo.commit}`
    forced.push(layers)
  })

  // Keep within the layer budget: the largest blobs keep a layer each, the rest are packed.
  const joinLayers = splits.length > 0 ? 1 : 0
  const forcedCount = forced.reduce((n, layers) => n + layers.length, 0) + joinLayers
  const budget = (options.maxLayers ?? DEFAULT_MAX_LAYERS) - forcedCount
  const bySize = [...singles].sort(
    (a, b) => b.blob.size - a.blob.size || cmp(a.blob.etag, b.blob.etag)
  )
  let keep = Math.min(bySize.length, Math.max(0, budget))
  let packed: LayerPlan[] = []
  for (; keep >= 0; keep--) {
    packed = packRest(root, bySize.slice(keep), fits)
    if (keep + packed.length <= budget || keep === 0) break
  }
  const kept = new Set(bySize.slice(0, keep).map((s) => s.layer))

  const layers: LayerPlan[] = []
  folders.forEach((_, index) => {
    const own = singles.filter((s) => s.folder === index && kept.has(s.layer))
    own.sort((a, b) => cmp(a.blob.path, b.blob.path))
    layers.push(...own.map((s) => s.layer))
    layers.push(...packed.filter((layer) => layer.repos[0] === folders[index].repos[0].label))
    const rest = forced[index]
    // Parts and small blobs, then the metadata layer last.
    layers.push(...rest)
  })
  let joinScript: string | undefined
  if (splits.length > 0) {
    const text = options.joinScript?.(splits)
    if (text === undefined) throw new Error('a blob was split but no join script was given')
    layers.push(joinScriptLayer(root, text, splits))
    joinScript = `${options.imagePath}/${JOIN_SCRIPT}`
  }
  for (const layer of layers) {
    if (!fits(layer.size)) {
      throw new Error(
        `layer "${layer.holds}" needs ${formatBytes(bound(layer.size))}, more than the limit of ${formatBytes(limit)}`
      )
    }
  }
  return { layers, splits, snapshotPaths, joinScript }
}

/** The cache blobs (`<repo folder>/<etag>`) whose bytes a layer holds. */
export function layerBlobs(layer: LayerPlan): string[] {
  const blobs = new Set<string>()
  for (const entry of layer.entries)
    if (entry.source?.kind === 'file' && entry.source.blob) blobs.add(entry.source.blob)
  return [...blobs]
}

/** `/root/.cache/huggingface/hub` → `root/.cache/huggingface/hub` (checked). */
export function imageRoot(imagePath: string): string {
  if (!imagePath.startsWith('/')) throw new Error(`the image path must be absolute: ${imagePath}`)
  const rel = imagePath.replace(/^\/+/, '').replace(/\/+$/, '')
  if (rel === '' || rel.split('/').some((p) => p === '' || p === '.' || p === '..'))
    throw new Error(`invalid image path ${JSON.stringify(imagePath)}`)
  return rel
}

function groupByFolder(repos: PlanRepo[]): Array<{ folder: string; repos: PlanRepo[] }> {
  const map = new Map<string, PlanRepo[]>()
  for (const repo of repos) {
    const list = map.get(repo.folder) ?? []
    const same = list.findIndex((r) => r.commit === repo.commit && r.revision === repo.revision)
    if (same < 0) list.push(repo)
    else {
      // The same snapshot asked twice (other patterns): the union of the files.
      const known = new Set(list[same].files.map((f) => f.path))
      list[same] = {
        ...list[same],
        files: [...list[same].files, ...repo.files.filter((f) => !known.has(f.path))]
      }
    }
    map.set(repo.folder, list)
  }
  return [...map.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([folder, list]) => ({
      folder,
      repos: list.sort((a, b) => cmp(a.commit, b.commit) || cmp(a.revision, b.revision))
    }))
}

function uniqueBlobs(repos: PlanRepo[]): Blob[] {
  const blobs = new Map<string, Blob>()
  for (const repo of repos) {
    for (const file of repo.files) {
      const etag = etagOf(file)
      const blob = blobs.get(etag)
      if (blob) {
        if (!blob.paths.includes(file.path)) blob.paths.push(file.path)
        continue
      }
      blobs.set(etag, {
        etag,
        size: file.size,
        path: file.path,
        paths: [file.path],
        sha256: file.lfs?.sha256
      })
    }
  }
  for (const blob of blobs.values()) {
    blob.paths.sort(cmp)
    blob.path = blob.paths[0]
  }
  return [...blobs.values()].sort((a, b) => cmp(a.etag, b.etag))
}

function blobEntryPath(root: string, repo: PlanRepo, blob: Blob): string {
  return `${root}/${repo.folder}/blobs/${blob.etag}`
}

function blobLayer(root: string, repo: PlanRepo, blobs: Blob[], kind: 'blob' | 'blobs'): LayerPlan {
  const files: PlannedEntry[] = blobs.map((blob) => ({
    type: 'file',
    path: blobEntryPath(root, repo, blob),
    size: blob.size,
    source: {
      kind: 'file',
      path: repo.blobPath(blob.etag),
      offset: 0,
      identity: `${repo.folder}/${blob.etag}`,
      blob: `${repo.folder}/${blob.etag}`
    }
  }))
  const total = blobs.reduce((n, b) => n + b.size, 0)
  const holds =
    kind === 'blob'
      ? `${repo.label}: ${describePaths(blobs[0].paths)} (${formatBytes(total)})`
      : `${repo.label}: ${blobs.reduce((n, b) => n + b.paths.length, 0)} files (${formatBytes(total)})`
  return makeLayer(root, files, {
    kind,
    repos: [repo.label],
    holds,
    files: blobs.flatMap((b) => b.paths).sort(cmp),
    ...(kind === 'blob' ? { blob: blobs[0].etag } : {})
  })
}

function splitBlob(
  root: string,
  repo: PlanRepo,
  blob: Blob,
  fits: (size: number) => boolean
): { split: SplitBlob; layers: LayerPlan[] } {
  const dir = `${PARTS_DIR}/${repo.folder}/${blob.etag}`
  // Headers, folders and the end of the archive, sized for the largest part name and size.
  const probe = makeLayer(
    root,
    [{ type: 'file', path: `${root}/${dir}/${partName(99999, 99999)}`, size: blob.size }],
    { kind: 'blob-part', repos: [], holds: '' }
  )
  const overhead = probe.size - blob.size - padding(blob.size)
  // The largest part, in whole blocks, whose layer still fits.
  let low = 0
  let high = Math.ceil(blob.size / BLOCK)
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (fits(overhead + mid * BLOCK)) low = mid
    else high = mid - 1
  }
  const partSize = low * BLOCK
  if (partSize <= 0) throw new Error('the layer size limit is too small to hold any part of a file')
  const count = Math.ceil(blob.size / partSize)
  if (count > 99999) throw new Error(`${blob.path} would need more than 99999 parts`)
  const parts: string[] = []
  const layers: LayerPlan[] = []
  for (let i = 0; i < count; i++) {
    const offset = i * partSize
    const size = Math.min(partSize, blob.size - offset)
    const rel = `${dir}/${partName(i + 1, count)}`
    parts.push(rel)
    const source: EntrySource = {
      kind: 'file',
      path: repo.blobPath(blob.etag),
      offset,
      identity: `${repo.folder}/${blob.etag}@${offset}`,
      blob: `${repo.folder}/${blob.etag}`
    }
    layers.push(
      makeLayer(root, [{ type: 'file', path: `${root}/${rel}`, size, source }], {
        kind: 'blob-part',
        repos: [repo.label],
        holds: `${repo.label}: ${describePaths(blob.paths)}, part ${i + 1} of ${count} (${formatBytes(size)} of ${formatBytes(blob.size)})`,
        files: [...blob.paths],
        blob: blob.etag,
        part: { index: i + 1, count }
      })
    )
  }
  return {
    split: {
      folder: repo.folder,
      label: repo.label,
      etag: blob.etag,
      size: blob.size,
      ...(blob.sha256 ? { sha256: blob.sha256 } : {}),
      parts,
      paths: [...blob.paths]
    },
    layers
  }
}

function partName(index: number, count: number): string {
  return `part-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}`
}

/** Pack blobs in their order into as few layers as fit (a blob that fits alone always fits a bin). */
function packSequential(
  root: string,
  repo: PlanRepo,
  blobs: Blob[],
  fits: (size: number) => boolean
): Blob[][] {
  const empty =
    END_OF_ARCHIVE.length +
    [root, `${root}/${repo.folder}`, `${root}/${repo.folder}/blobs`]
      .map((path) => entryLength({ type: 'dir', path }))
      .reduce((a, b) => a + b, 0)
  const bins: Blob[][] = []
  let current: Blob[] = []
  let size = empty
  for (const blob of blobs) {
    const length = entryLength({
      type: 'file',
      path: blobEntryPath(root, repo, blob),
      size: blob.size
    })
    if (current.length > 0 && !fits(size + length)) {
      bins.push(current)
      current = []
      size = empty
    }
    current.push(blob)
    size += length
  }
  if (current.length > 0) bins.push(current)
  return bins
}

/** Blobs over the layer budget: first-fit decreasing into shared layers, per repo folder. */
function packRest(
  root: string,
  rest: Array<{ blob: Blob; repo: PlanRepo }>,
  fits: (size: number) => boolean
): LayerPlan[] {
  const layers: LayerPlan[] = []
  const byFolder = new Map<string, Array<{ blob: Blob; repo: PlanRepo }>>()
  for (const item of rest) {
    const items = byFolder.get(item.repo.folder)
    if (items) items.push(item)
    else byFolder.set(item.repo.folder, [item])
  }
  for (const items of [...byFolder.values()]) {
    const repo = items[0].repo
    // A layer of blobs is its folders and end of archive plus one entry per blob, so bins keep a
    // running size (building the candidate layer for every try made a repo of n files cost n²).
    const entrySize = (blob: Blob) =>
      entryLength({ type: 'file', path: blobEntryPath(root, repo, blob), size: blob.size })
    const first = items[0].blob
    const overhead = blobLayer(root, repo, [first], 'blob').size - entrySize(first)
    const bins: Array<{ blobs: Blob[]; size: number }> = []
    for (const { blob } of items) {
      const size = entrySize(blob)
      const bin = bins.find((b) => fits(b.size + size))
      if (bin) {
        bin.blobs.push(blob)
        bin.size += size
      } else bins.push({ blobs: [blob], size: overhead + size })
    }
    for (const { blobs } of bins) {
      blobs.sort((a, b) => cmp(a.etag, b.etag))
      layers.push(blobLayer(root, repo, blobs, blobs.length === 1 ? 'blob' : 'blobs'))
    }
  }
  return layers
}

function metadataLayer(root: string, repos: PlanRepo[]): LayerPlan {
  const entries: PlannedEntry[] = []
  const folder = repos[0].folder
  for (const repo of repos) {
    for (const file of repo.files) {
      entries.push({
        type: 'symlink',
        path: `${root}/${folder}/snapshots/${repo.commit}/${file.path}`,
        linkTarget: relativeLinkTarget(file.path, etagOf(file))
      })
    }
    if (repo.revision !== repo.commit) {
      entries.push({
        type: 'file',
        path: `${root}/${folder}/refs/${repo.revision}`,
        size: repo.commit.length,
        source: { kind: 'bytes', data: Buffer.from(repo.commit) }
      })
    }
    if (repo.treeListing) {
      entries.push({
        type: 'file',
        path: `${root}/${folder}/trees/${repo.commit}.json`,
        size: repo.treeListing.length,
        source: { kind: 'bytes', data: repo.treeListing }
      })
    }
  }
  const unique = dedupeEntries(entries)
  const commits = [...new Set(repos.map((r) => r.commit.slice(0, 12)))].join(', ')
  return makeLayer(root, unique, {
    kind: 'metadata',
    repos: [repos[0].label],
    holds: `${repos[0].label}: snapshot links, refs and tree listing of ${commits}`
  })
}

function joinScriptLayer(root: string, text: string, splits: SplitBlob[]): LayerPlan {
  const data = Buffer.from(text)
  return makeLayer(
    root,
    [
      {
        type: 'file',
        path: `${root}/${JOIN_SCRIPT}`,
        size: data.length,
        mode: 0o755,
        source: { kind: 'bytes', data }
      }
    ],
    {
      kind: 'join-script',
      repos: [...new Set(splits.map((s) => s.label))],
      holds: `${JOIN_SCRIPT}: rebuilds ${splits.length} split blob(s) from their parts`
    }
  )
}

/** Adds the folders (from the image path down), sorts, and sizes a layer. */
function makeLayer(
  root: string,
  files: PlannedEntry[],
  info: Omit<LayerPlan, 'entries' | 'size' | 'key'>
): LayerPlan {
  const dirs = new Set<string>([root])
  for (const entry of files) {
    const parts = entry.path.split('/')
    for (let i = root.split('/').length; i < parts.length; i++)
      dirs.add(parts.slice(0, i).join('/'))
  }
  const entries: PlannedEntry[] = [
    ...[...dirs].map((path): PlannedEntry => ({ type: 'dir', path })),
    ...files
  ].sort((a, b) => cmp(a.path, b.path))
  const hash = createHash('sha256')
  let size = END_OF_ARCHIVE.length
  for (const entry of entries) {
    hash.update(encodeHeader(entry))
    if (entry.source?.kind === 'file') hash.update(`\0${entry.source.identity}\0`)
    if (entry.source?.kind === 'bytes') hash.update(entry.source.data)
    size += entryLength(entry)
  }
  return { ...info, entries, size, key: hash.digest('hex') }
}

function dedupeEntries(entries: PlannedEntry[]): PlannedEntry[] {
  const seen = new Map<string, PlannedEntry>()
  for (const entry of entries) if (!seen.has(entry.path)) seen.set(entry.path, entry)
  return [...seen.values()]
}

function describePaths(paths: string[]): string {
  return paths.length === 1 ? paths[0] : `${paths[0]} (+${paths.length - 1} more paths)`
}

/** Byte order of UTF-8, the order tar readers and other tools sort by. */
function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
