// npx tsx src/localhub/cli.ts [--dir FOLDER] [--fixtures | --demo] [--port N] ...
// Prints HF_ENDPOINT=... on stdout (and nothing else there); details go to stderr.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { FaultConfig } from './faults.js'
import { buildDemoFixtures, buildFixtures } from './fixtures.js'
import { loadFolder } from './folder.js'
import type { RequestLogEntry } from './http.js'
import { startLocalHub } from './server.js'
import { HubStore } from './store.js'

const USAGE = `Usage: localhub [--dir FOLDER] [--fixtures | --demo] [options]

  --dir FOLDER        serve FOLDER/<org>/<name>/... (models), FOLDER/datasets/<org>/<name>/...
  --fixtures          serve the test fixtures (acme/*), printing their tokens
  --demo              serve the demo repos (modelbake-demo/*)
  --store FOLDER      where file contents are kept (default: a temporary folder, removed on exit)
  --host H            default 127.0.0.1
  --port N            hub port (default: any free port)
  --cdn-port N        CDN port (default: any free port)
  --cdn-host H        CDN address (default 127.0.0.2 when the hub is on 127.0.0.1)
  --no-xet-hashes     leave xetHash out of listings (huggingface_hub with hf_xet then
                      downloads over HTTP without HF_HUB_DISABLE_XET=1)
  --page-size N       entries per tree listing page (default 50)
  --fault-5xx P       probability of a 5xx answer
  --fault-429 P       probability of a 429 answer
  --retry-after S     Retry-After seconds on 429 (default 1)
  --fault-cut P       probability of cutting a body midway
  --fault-corrupt P   probability of flipping a byte of a body
  --slow-ms N         delay before every answer
  --fault-seed N      PRNG seed for the faults (default 1)
  --fault-routes LIST comma-separated: api,resolve,cdn (default all)
  --log               print one line per request on stderr (never the token itself)
`

async function main(): Promise<number> {
  let values
  try {
    values = parseArgs({
      options: {
        dir: { type: 'string' },
        fixtures: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        store: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'cdn-port': { type: 'string', default: '0' },
        'page-size': { type: 'string', default: '50' },
        'fault-5xx': { type: 'string' },
        'fault-429': { type: 'string' },
        'retry-after': { type: 'string' },
        'fault-cut': { type: 'string' },
        'fault-corrupt': { type: 'string' },
        'slow-ms': { type: 'string' },
        'fault-seed': { type: 'string' },
        'fault-routes': { type: 'string' },
        'cdn-host': { type: 'string' },
        'no-xet-hashes': { type: 'boolean', default: false },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.error(USAGE)
    return 0
  }
  if (values.fixtures && values.demo) {
    console.error('--fixtures and --demo are exclusive')
    return 2
  }
  let faults: FaultConfig | undefined
  let ports: { port: number; cdnPort: number; pageSize: number }
  try {
    faults = faultConfig(values)
    ports = {
      port: integer(values.port, '--port'),
      cdnPort: integer(values['cdn-port'], '--cdn-port'),
      pageSize: integer(values['page-size'], '--page-size')
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return 2
  }

  const storeDir = values.store ?? (await mkdtemp(join(tmpdir(), 'modelbake-localhub-')))
  // Listen from the start: Ctrl-C while repos load must still remove the temporary store.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  try {
    const store = new HubStore(storeDir)
    if (values.dir) {
      for (const repo of await loadFolder(store, values.dir)) {
        console.error(`  ${repo.type} ${repo.id} @ ${repo.commit} (${repo.files} files)`)
      }
    }
    if (values.fixtures) {
      const fixtures = await buildFixtures(store)
      console.error('  fixtures: acme/* ; tokens:', JSON.stringify(fixtures.tokens))
    }
    if (values.demo) {
      const demo = await buildDemoFixtures(store)
      console.error(`  demo: ${demo.model.id}, datasets/${demo.dataset.id}`)
    }
    const hub = await startLocalHub({
      store,
      host: values.host,
      port: ports.port,
      cdnPort: ports.cdnPort,
      pageSize: ports.pageSize,
      faults,
      ...(values['cdn-host'] !== undefined && { cdnHost: values['cdn-host'] }),
      listXetHashes: !values['no-xet-hashes'],
      ...(values.log && {
        onRequest: (entry: RequestLogEntry) =>
          console.error(
            `${entry.origin} ${entry.status} ${entry.method} ${entry.path}` +
              `${entry.range ? ` range=${entry.range}` : ''}` +
              `${entry.authorization ? ' +authorization' : ''} ${entry.bodyBytes}B`
          )
      })
    })
    console.log(`HF_ENDPOINT=${hub.url}`)
    console.error(`  CDN at ${hub.cdnUrl}; Ctrl-C to stop`)
    await stopped
    await hub.close()
  } finally {
    if (!values.store) await rm(storeDir, { recursive: true, force: true })
  }
  return 0
}

function faultConfig(
  values: Record<string, string | boolean | undefined>
): FaultConfig | undefined {
  const config: FaultConfig = {}
  const probability = (flag: string): number | undefined => {
    const raw = values[flag]
    if (typeof raw !== 'string') return undefined
    const p = Number(raw)
    if (!(p >= 0 && p <= 1)) throw new Error(`--${flag} needs a probability between 0 and 1`)
    return p
  }
  const set = <K extends keyof FaultConfig>(key: K, value: FaultConfig[K] | undefined): void => {
    if (value !== undefined) config[key] = value
  }
  set('error5xx', probability('fault-5xx'))
  set('rateLimit429', probability('fault-429'))
  set('cutMidBody', probability('fault-cut'))
  set('corrupt', probability('fault-corrupt'))
  const optionalInt = (flag: string): number | undefined =>
    typeof values[flag] === 'string' ? integer(values[flag], `--${flag}`) : undefined
  set('slowMs', optionalInt('slow-ms'))
  set('retryAfterSeconds', optionalInt('retry-after'))
  set('seed', optionalInt('fault-seed'))
  if (typeof values['fault-routes'] === 'string') {
    const routes = values['fault-routes'].split(',').map((r) => r.trim())
    if (!routes.every((r) => r === 'api' || r === 'resolve' || r === 'cdn')) {
      throw new Error('--fault-routes takes api, resolve and/or cdn')
    }
    config.routes = routes as FaultConfig['routes']
  }
  return Object.keys(config).length ? config : undefined
}

function integer(raw: string | boolean | undefined, flag: string): number {
  const n = Number(raw)
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0) {
    throw new Error(`${flag} needs a whole number, got ${String(raw)}`)
  }
  return n
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('localhub:', error)
    process.exit(1)
  }
)
