// `npm run demo [-- --cache-dir DIR]`: the embedded local hub serves the demo repos on loopback,
// and the real CLI (`runCli`, the same front door as `modelbake`) warms a cache from it three
// times: cold, warm, offline. The hub's store is temporary; the cache is kept for the reader.
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { runCli } from './cli/main.js'
import { buildDemoFixtures, HubStore, startLocalHub, type LocalHub } from './localhub/index.js'
import { formatBytes, formatSeconds } from './report/format.js'

interface Writer {
  write(text: string): unknown
  isTTY?: boolean
}

export interface DemoIO {
  stdout: Writer
  stderr: Writer
}

interface JsonRepo {
  label: string
  revision: string
  commit: string
  snapshotPath: string
  files: number
  bytes: number
  downloadedBytes: number
}

const USAGE = `Usage: npm run demo [-- --cache-dir DIR]

Starts a local Hub with two demo repos and warms a Hugging Face cache from it with modelbake.
  --cache-dir DIR   the cache to warm (default: a new temporary folder, kept afterwards)
`

export async function runDemo(argv: string[], io: DemoIO): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: { 'cache-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    io.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout.write(USAGE)
    return 0
  }
  const out = (line = '') => io.stdout.write(`${line}\n`)
  const cacheDir = values['cache-dir']
    ? resolve(values['cache-dir'])
    : await mkdtemp(join(tmpdir(), 'modelbake-demo-cache-'))

  const storeDir = await mkdtemp(join(tmpdir(), 'modelbake-demo-hub-'))
  // Ctrl-C during the demo must not leave the hub's store behind.
  const onSignal = () => {
    rmSync(storeDir, { recursive: true, force: true })
    process.exit(130)
  }
  process.once('SIGINT', onSignal)
  let hub: LocalHub | undefined
  try {
    const store = new HubStore(join(storeDir, 'store'))
    const demo = await buildDemoFixtures(store)
    const local = (hub = await startLocalHub({ store }))
    const specs = [demo.model.id, `datasets/${demo.dataset.id}`]
    out(`A local Hub at ${local.url} serves ${specs.join(' and ')}.`)

    // The real CLI, in this process: its progress and summary go to stderr, its --json to stdout.
    const modelbake = async (extra: string[]) => {
      const argv = [...specs, '--endpoint', local.url, '--cache-dir', cacheDir, ...extra, '--json']
      out(`$ modelbake ${argv.map(shellQuote).join(' ')}`)
      local.resetRequests()
      let json = ''
      const started = Date.now()
      // No environment: the demo never picks up the reader's token, HF_HUB_OFFLINE or HF_HOME.
      const code = await runCli(argv, {
        env: {},
        stdout: { write: (text: string) => (json += text) },
        stderr: io.stderr
      })
      if (code !== 0) throw new DemoError(`modelbake exited with ${code}`)
      const repos = (JSON.parse(json) as { repos: JsonRepo[] }).repos
      return { repos, requests: [...local.requests], seconds: (Date.now() - started) / 1000 }
    }
    const describeRequests = (requests: LocalHub['requests']) => {
      const hubCalls = requests.filter((r) => r.origin === 'hub').length
      const cdnCalls = requests.length - hubCalls
      return `${plural(hubCalls, 'request')} to the hub, ${plural(cdnCalls, 'download')} from its CDN`
    }

    out()
    out(
      `1. ${values['cache-dir'] ? 'First' : 'Cold'} run: resolve main to a commit, list it, ` +
        'download and verify every missing file.'
    )
    const cold = await modelbake([])
    const model = cold.repos.find((r) => r.label === demo.model.id)
    if (!model) throw new DemoError(`no ${demo.model.id} in the --json report`)
    out('   resolved (--json .repos[].commit):')
    for (const repo of cold.repos) out(`     ${repo.label}@${repo.revision} = ${repo.commit}`)
    out(`   ${describeRequests(cold.requests)}, ${formatSeconds(cold.seconds)}`)
    out('   the cache, laid out as huggingface_hub does it (snapshot files link into blobs/):')
    const repoDir = resolve(model.snapshotPath, '..', '..')
    for (const line of await repoTree(repoDir, model.commit)) out(`     ${line}`)

    out()
    out('2. Warm run: the same command again.')
    const warm = await modelbake([])
    const warmBytes = warm.repos.reduce((sum, r) => sum + r.downloadedBytes, 0)
    out(
      `   downloaded ${formatBytes(warmBytes)}; ${describeRequests(warm.requests)}` +
        ` (one revision lookup per repo), ${formatSeconds(warm.seconds)}`
    )

    out()
    out('3. Offline run: no network at all (as with HF_HUB_OFFLINE=1).')
    const offline = await modelbake(['--offline'])
    const offlineBytes = offline.repos.reduce((sum, r) => sum + r.downloadedBytes, 0)
    out(
      `   downloaded ${formatBytes(offlineBytes)}; ${plural(offline.requests.length, 'request')}` +
        ' of any kind: the cache answered alone'
    )

    out()
    out('Use it: transformers, vLLM, diffusers and sentence-transformers read it as their own.')
    out(
      `   HF_HUB_CACHE=${shellQuote(cacheDir)} HF_HUB_OFFLINE=1 python -c ` +
        `"from transformers import AutoConfig; AutoConfig.from_pretrained('${demo.model.id}')"`
    )
    out('The snapshot folder:')
    out(model.snapshotPath)
    return 0
  } catch (error) {
    const message = error instanceof DemoError ? error.message : String(error)
    io.stderr.write(`demo: ${message}\n`)
    return 1
  } finally {
    process.off('SIGINT', onSignal)
    await hub?.close()
    await rm(storeDir, { recursive: true, force: true })
  }
}

class DemoError extends Error {}

/**
 * A `tree`-like view of one repo folder: blobs/ summed up, refs and the snapshot's links in full,
 * the listing under trees/.
 */
async function repoTree(repoDir: string, commit: string): Promise<string[]> {
  const short = (hex: string) => `${hex.slice(0, 12)}…`
  const lines = [`${repoDir}/`]
  const top = (await readdir(repoDir)).sort()
  for (const [i, name] of top.entries()) {
    const last = i === top.length - 1
    const branch = last ? '└── ' : '├── '
    const indent = last ? '    ' : '│   '
    const path = join(repoDir, name)
    if (name === 'blobs') {
      const blobs = await readdir(path)
      const sizes = await Promise.all(blobs.map(async (b) => (await stat(join(path, b))).size))
      const total = sizes.reduce((a, b) => a + b, 0)
      lines.push(
        `${branch}blobs/  ${plural(blobs.length, 'file')}, ${formatBytes(total)}, named by etag`
      )
    } else if (name === 'refs') {
      const refs = await listFiles(path)
      lines.push(`${branch}refs/`)
      for (const [j, ref] of refs.entries()) {
        const value = await readFile(join(path, ...ref.split('/')), 'utf8')
        lines.push(`${indent}${j === refs.length - 1 ? '└── ' : '├── '}${ref}  = ${value}`)
      }
    } else if (name === 'snapshots') {
      lines.push(`${branch}snapshots/`)
      lines.push(`${indent}└── ${commit}/`)
      const files = await listFiles(join(path, commit))
      const width = Math.max(...files.map((f) => f.length))
      for (const [j, file] of files.entries()) {
        const link = join(path, commit, ...file.split('/'))
        const target = await readlink(link)
        const size = (await stat(link)).size
        const shown = target.replace(/[0-9a-f]{40,64}$/, short)
        lines.push(
          `${indent}    ${j === files.length - 1 ? '└── ' : '├── '}${file.padEnd(width)} -> ${shown}  ${formatBytes(size)}`
        )
      }
    } else if (name === 'trees') {
      const trees = (await readdir(path)).sort()
      lines.push(`${branch}trees/${trees.map((t) => t.replace(/^[0-9a-f]{40}/, short)).join(', ')}`)
    } else {
      lines.push(`${branch}${name}`)
    }
  }
  return lines
}

/** Every non-directory entry under `dir`, as sorted '/'-separated paths. */
async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (at: string, prefix: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(join(at, entry.name), path)
      else found.push(path)
    }
  }
  await walk(dir, '')
  return found.sort()
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Quote for a POSIX shell only when needed, so the printed commands can be pasted. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runDemo(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr
  })
}
