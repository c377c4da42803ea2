// Serving a folder: <org>/<name>/... are models, datasets/<org>/<name>/... and
// spaces/<org>/<name>/... the other types; each repo's files become one commit on main.
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { FileSource, HubRepoType, HubStore } from './store.js'

export interface LoadedRepo {
  id: string
  type: HubRepoType
  commit: string
  files: number
}

export async function loadFolder(store: HubStore, dir: string): Promise<LoadedRepo[]> {
  const loaded: LoadedRepo[] = []
  for (const org of await subfolders(dir)) {
    const type: HubRepoType | undefined =
      org === 'datasets' ? 'dataset' : org === 'spaces' ? 'space' : undefined
    if (type) {
      for (const innerOrg of await subfolders(join(dir, org))) {
        for (const name of await subfolders(join(dir, org, innerOrg))) {
          loaded.push(
            await loadRepo(store, join(dir, org, innerOrg, name), `${innerOrg}/${name}`, type)
          )
        }
      }
      continue
    }
    for (const name of await subfolders(join(dir, org))) {
      loaded.push(await loadRepo(store, join(dir, org, name), `${org}/${name}`, 'model'))
    }
  }
  return loaded
}

async function loadRepo(
  store: HubStore,
  root: string,
  id: string,
  type: HubRepoType
): Promise<LoadedRepo> {
  const files: Record<string, FileSource> = {}
  for (const path of await filesUnder(root)) {
    files[relative(root, path).split(sep).join('/')] = { file: path }
  }
  store.createRepo(id, { type })
  const commit = await store.commit(id, { type, files })
  return { id, type, commit, files: Object.keys(files).length }
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    if (
      entry.isDirectory() ||
      (entry.isSymbolicLink() && (await stat(join(dir, entry.name))).isDirectory())
    ) {
      names.push(entry.name)
    }
  }
  return names.sort()
}

/** Every file below root (symlinks followed), skipping a .git folder. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name)
    if (entry.name === '.git') continue
    const info = entry.isSymbolicLink() ? await stat(path) : entry
    if (info.isDirectory()) out.push(...(await filesUnder(path)))
    else if (info.isFile()) out.push(path)
  }
  return out.sort()
}
