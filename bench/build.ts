// The programs the benchmark starts. By default modelbake is measured as users run it: one
// self-contained ESM bundle of the current src/ (built as dist/cli.js is, but into the benchmark's
// cache so the committed dist/ is left alone), started by plain `node`. The @huggingface/hub
// baseline is bundled the same way, so neither pays for a TypeScript loader.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClientBuild } from './options.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** How to start one program: `node ...nodeArgs` (the measuring preload goes before them). */
export interface NodeProgram {
  nodeArgs: string[]
}

export interface Programs {
  modelbake: NodeProgram
  hfjs: NodeProgram
  /** What was measured, for the results. */
  description: string
}

const HFJS_SOURCE = join(ROOT, 'bench', 'clients', 'hfjs-snapshot.ts')

export async function preparePrograms(kind: ClientBuild, cacheDir: string): Promise<Programs> {
  if (kind === 'tsx') {
    return {
      modelbake: { nodeArgs: ['--import', 'tsx', join(ROOT, 'src', 'cli.ts')] },
      hfjs: { nodeArgs: ['--import', 'tsx', HFJS_SOURCE] },
      description: 'node --import tsx on the sources (includes the loader: slower start, more RSS)'
    }
  }
  const built = await buildBundles(cacheDir)
  if (kind === 'dist') {
    const dist = join(ROOT, 'dist', 'cli.js')
    if (!existsSync(dist)) throw new Error('dist/cli.js is missing: npm run build first')
    return {
      modelbake: { nodeArgs: [dist] },
      hfjs: { nodeArgs: [built.hfjs] },
      description: 'node dist/cli.js (the committed bundle)'
    }
  }
  return {
    modelbake: { nodeArgs: [built.modelbake] },
    hfjs: { nodeArgs: [built.hfjs] },
    description: `node ${built.modelbake} (src/ bundled as esbuild.config.js does; sources ${built.key.slice(0, 12)})`
  }
}

/** Hash of everything that goes into the bundles: rebuilt only when one of them changes. */
async function sourceKey(): Promise<string> {
  const hash = createHash('sha256')
  const files: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) files.push(path)
    }
  }
  await walk(join(ROOT, 'src'))
  files.sort()
  files.push(HFJS_SOURCE, join(ROOT, 'package-lock.json'), join(ROOT, 'esbuild.config.js'))
  for (const file of files) {
    hash.update(`${relative(ROOT, file)}\0`)
    hash.update(await readFile(file))
  }
  return hash.digest('hex')
}

async function buildBundles(
  cacheDir: string
): Promise<{ modelbake: string; hfjs: string; key: string }> {
  const key = await sourceKey()
  const dir = join(cacheDir, 'build', key.slice(0, 16))
  const result = { modelbake: join(dir, 'modelbake.js'), hfjs: join(dir, 'hfjs-snapshot.js'), key }
  if (existsSync(result.modelbake) && existsSync(result.hfjs)) return result
  const started = Date.now()
  const tmp = `${dir}.tmp-${process.pid}`
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  await bundle(join(ROOT, 'src', 'cli.ts'), join(tmp, 'modelbake.js'))
  await bundle(HFJS_SOURCE, join(tmp, 'hfjs-snapshot.js'))
  await rm(dir, { recursive: true, force: true })
  await rename(tmp, dir)
  await pruneOldBuilds(join(cacheDir, 'build'))
  console.log(`built the clients in ${((Date.now() - started) / 1000).toFixed(1)} s → ${dir}`)
  return result
}

/** Bundles of sources long gone (a day old: never one that a running benchmark still uses). */
async function pruneOldBuilds(buildDir: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000
  for (const name of await readdir(buildDir)) {
    const path = join(buildDir, name)
    const info = await stat(path).catch(() => undefined)
    if (info && info.mtimeMs < dayAgo) await rm(path, { recursive: true, force: true })
  }
}

/** esbuild with the options of esbuild.config.js (which builds dist/ when imported). */
async function bundle(input: string, outfile: string): Promise<void> {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [input],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    preserveSymlinks: true,
    logLevel: 'warning',
    absWorkingDir: ROOT,
    banner: {
      js: [
        "import { createRequire as __modelbakeCreateRequire } from 'node:module'",
        'const require = __modelbakeCreateRequire(import.meta.url)'
      ].join('\n')
    }
  })
}
