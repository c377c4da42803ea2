// The benchmark's repos, generated into a local hub store. Content is deterministic (the store's
// keystream), and the store keeps generated objects between benchmark runs, so only the first
// run pays for generating several GiB.
import type { FileSource, HubStore } from '../src/localhub/index.js'
import { GIB, MIB } from './options.js'

export interface BenchFile {
  path: string
  size: number
  lfs: boolean
}

export interface BenchRepo {
  id: string
  commit: string
  files: BenchFile[]
  totalBytes: number
  lfsBytes: number
}

export interface BenchFixtures {
  /** `--size-gib` in `--shards` shards, plus `--small-files` small files. */
  large: BenchRepo
  /** The same shape at a quarter of the size (the RSS growth check). */
  quarter: BenchRepo
  /** `--many-files` small files. */
  many: BenchRepo
}

export interface FixtureSizes {
  sizeBytes: number
  shards: number
  smallFiles: number
  manyFiles: number
}

/** Sizes of a model's side files, cycling like a real repo's (tokenizer several MB, most tiny). */
const SMALL_FILE_SIZES = [
  740, 2_100, 9_400_000, 4_300, 560, 5_200, 230_000, 1_300, 3_100_000, 470, 12_000, 910, 66_000,
  2_800, 1_500_000, 350, 24_000, 7_700, 130_000, 1_050
]
const SMALL_FILE_NAMES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'README.md',
  'vocab.json',
  'LICENSE',
  'merges.txt',
  'chat_template.jinja'
]

export function sizeLabel(bytes: number): string {
  if (bytes >= GIB && bytes % (GIB / 4) === 0) return `${bytes / GIB}GiB`
  if (bytes >= MIB) return `${Math.round(bytes / MIB)}MiB`
  return `${Math.round(bytes / 1024)}KiB`
}

/** The files of a sharded model repo: name → content, in commit order. */
export function modelFiles(
  sizes: Pick<FixtureSizes, 'sizeBytes' | 'shards' | 'smallFiles'>,
  seedPrefix: string
): Record<string, FileSource> {
  const { sizeBytes, shards, smallFiles } = sizes
  const files: Record<string, FileSource> = {}
  const pad = (n: number) => String(n).padStart(5, '0')
  const shardNames: string[] = []
  const each = Math.floor(sizeBytes / shards)
  for (let i = 0; i < shards; i++) {
    const name = `model-${pad(i + 1)}-of-${pad(shards)}.safetensors`
    const size = i === shards - 1 ? sizeBytes - each * (shards - 1) : each
    files[name] = { size, seed: `${seedPrefix}:${name}:${size}` }
    shardNames.push(name)
  }
  // Side files never outweigh the shards: in a tiny (smoke) model they shrink with it.
  const cap = Math.max(256, Math.floor(sizeBytes / 4 / Math.max(1, smallFiles)))
  for (let i = 0; i < smallFiles; i++) {
    const name =
      i === 0
        ? '.gitattributes'
        : i === 1
          ? 'model.safetensors.index.json'
          : (SMALL_FILE_NAMES[i - 2] ?? `extra/file-${String(i).padStart(3, '0')}.json`)
    if (name === '.gitattributes') {
      files[name] = '*.safetensors filter=lfs diff=lfs merge=lfs -text\n'
    } else if (name === 'model.safetensors.index.json') {
      const weightMap = Object.fromEntries(shardNames.map((s, n) => [`layers.${n}.weight`, s]))
      files[name] =
        `${JSON.stringify({ metadata: { total_size: sizeBytes }, weight_map: weightMap }, null, 2)}\n`
    } else {
      const size = Math.min(cap, SMALL_FILE_SIZES[i % SMALL_FILE_SIZES.length]!)
      files[name] = { size, seed: `${seedPrefix}:${name}:${size}` }
    }
  }
  return files
}

/** `count` small files in a few folders, 200 B to 48 KiB. */
export function manySmallFiles(count: number): Record<string, FileSource> {
  const files: Record<string, FileSource> = {}
  for (let i = 0; i < count; i++) {
    const size = 200 + ((i * 7919) % 48) * 1024
    const name = `part-${i % 4}/file-${String(i).padStart(4, '0')}.json`
    files[name] = { size, seed: `many:${name}:${size}` }
  }
  return files
}

async function commitRepo(
  store: HubStore,
  id: string,
  files: Record<string, FileSource>
): Promise<BenchRepo> {
  store.createRepo(id)
  const commit = await store.commit(id, { files })
  const stored = [...store.filesAt(id, commit).values()]
  const list = stored.map((f) => ({ path: f.path, size: f.size, lfs: f.lfs !== undefined }))
  return {
    id,
    commit,
    files: list,
    totalBytes: list.reduce((s, f) => s + f.size, 0),
    lfsBytes: list.filter((f) => f.lfs).reduce((s, f) => s + f.size, 0)
  }
}

export async function buildBenchFixtures(
  store: HubStore,
  sizes: FixtureSizes
): Promise<BenchFixtures> {
  const quarterSize = Math.max(sizes.shards * 1024, Math.round(sizes.sizeBytes / 4))
  const large = await commitRepo(
    store,
    `bench/model-${sizeLabel(sizes.sizeBytes)}`,
    modelFiles(sizes, `large:${sizes.sizeBytes}`)
  )
  const quarter = await commitRepo(
    store,
    `bench/quarter-model-${sizeLabel(quarterSize)}`,
    modelFiles({ ...sizes, sizeBytes: quarterSize }, `quarter:${quarterSize}`)
  )
  const many = await commitRepo(
    store,
    `bench/many-files-${sizes.manyFiles}`,
    manySmallFiles(sizes.manyFiles)
  )
  return { large, quarter, many }
}

/** The resolve URL of a file, as huggingface_hub builds it (each path segment encoded). */
export function resolveUrl(hubUrl: string, repo: BenchRepo, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/')
  return `${hubUrl}/${repo.id}/resolve/${repo.commit}/${encoded}`
}

/** Folder name of a model repo in an HF cache. */
export function cacheFolder(repo: BenchRepo): string {
  return `models--${repo.id.replace(/\//g, '--')}`
}
