// modelbake's image: ./Dockerfile builds with buildah (no daemon, no network), its entrypoint runs
// modelbake as the non-root user, and the Job that `modelbake k8s-job` prints, run in that image with
// its own args, env and mounts, fills the volume with a cache that matches the hub.
//
// The real base (Node's slim image) cannot be pulled here, so the test builds a stand-in: an image
// from scratch holding this machine's `node` and the libraries it links, and passes it as the
// Dockerfile's NODE_IMAGE build-arg. Everything else is the Dockerfile and .dockerignore as shipped.
import { execFile } from 'node:child_process'
import { chmod, copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { VERSION } from '../src/version.js'
import {
  cli,
  expectSnapshotMatchesHub,
  startTestHub,
  tempDir,
  type TestHub
} from './helpers/env.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = 'localhost/modelbake-test-node:latest'
const IMAGE = 'localhost/modelbake:test'
const run = promisify(execFile)

let work: string
let storage: string[]
const containers: string[] = []

async function buildah(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('buildah', [...storage, ...args], { maxBuffer: 64 << 20 })
    return stdout.trim()
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string }
    throw new Error(`buildah ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
}

/** `node` and every library `ldd` says it loads, at their own paths, in a folder. */
async function nodeRootfs(dir: string): Promise<string[]> {
  const { stdout } = await run('ldd', [process.execPath]).catch(() => ({ stdout: '' }))
  const libraries = [...stdout.matchAll(/(?:^|\s)(\/\S+) \(0x/gm)].map((m) => m[1]!)
  const files = [process.execPath, ...libraries]
  for (const file of files) {
    await mkdir(join(dir, dirname(file)), { recursive: true })
    await copyFile(file, join(dir, file)) // through symlinks: the content, not the link
  }
  // The Dockerfile's ENTRYPOINT says `node`: it must be on the image's PATH.
  if (!['/usr/bin', '/usr/local/bin', '/bin'].includes(dirname(process.execPath))) {
    await mkdir(join(dir, 'usr/local/bin'), { recursive: true })
    await copyFile(process.execPath, join(dir, 'usr/local/bin/node'))
  }
  return files
}

async function imageConfig(): Promise<Obj> {
  return (JSON.parse(await buildah(['inspect', '--type', 'image', IMAGE])) as Obj).OCIv1
}

async function newContainer(): Promise<string> {
  const name = await buildah(['from', '--pull=never', IMAGE])
  containers.push(name)
  return name
}

let t: TestHub
beforeAll(async () => {
  await stat(join(ROOT, 'dist', 'cli.js')).catch(() => {
    throw new Error('dist/cli.js is missing: run `npm run build` first (the image ships it)')
  })
  work = await tempDir('mb-buildah-')
  storage = [
    '--root',
    join(work, 'root'),
    '--runroot',
    join(work, 'runroot'),
    '--storage-driver',
    'vfs'
  ]
  const rootfs = join(work, 'rootfs')
  await nodeRootfs(rootfs)
  const base = await buildah(['from', 'scratch'])
  containers.push(base)
  await buildah(['copy', base, rootfs, '/'])
  await buildah(['config', '--env', 'PATH=/usr/local/bin:/usr/bin:/bin', base])
  await buildah(['commit', '--quiet', base, BASE])
  await buildah([
    'bud',
    '--isolation',
    'chroot',
    '--pull=never',
    '--build-arg',
    `NODE_IMAGE=${BASE}`,
    '--build-arg',
    `VERSION=${VERSION}`,
    '--file',
    join(ROOT, 'Dockerfile'),
    '--tag',
    IMAGE,
    ROOT
  ])
  t = await startTestHub()
}, 180_000)

afterAll(async () => {
  await t?.close()
  if (work) {
    for (const name of containers) await buildah(['rm', name]).catch(() => undefined)
    await rm(work, { recursive: true, force: true })
  }
})

test('the image: non-root, entrypoint node + the bundle, and nothing from the context but dist/cli.js', async () => {
  const config = (await imageConfig()).config as Obj
  expect(config.User).toBe('1000:1000')
  expect(config.Entrypoint).toEqual(['node', '/opt/modelbake/modelbake.mjs'])
  expect(config.Labels['org.opencontainers.image.version']).toBe(VERSION)

  const name = await newContainer()
  const mounted = await buildah(['mount', name])
  const added: string[] = []
  const walk = async (dir: string, rel: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`
      if (entry.isDirectory()) await walk(join(dir, entry.name), path)
      else added.push(path)
    }
  }
  await walk(join(mounted, 'opt'), '/opt')
  expect(added).toEqual(['/opt/modelbake/modelbake.mjs'])
  const [inImage, built] = await Promise.all([
    readFile(join(mounted, 'opt/modelbake/modelbake.mjs')),
    readFile(join(ROOT, 'dist', 'cli.js'))
  ])
  expect(inImage.equals(built)).toBe(true)
  // Nothing else of the checkout is in the image.
  for (const absent of ['src', 'node_modules', 'package.json', 'opt/modelbake/node_modules'])
    await expect(stat(join(mounted, absent))).rejects.toThrow()
  await buildah(['umount', name])
})

test('`modelbake --version` through the image’s entrypoint, as the image’s user', async () => {
  const config = (await imageConfig()).config as Obj
  const name = await newContainer()
  const out = await buildah([
    'run',
    '--isolation',
    'chroot',
    '--user',
    config.User,
    name,
    '--',
    ...config.Entrypoint,
    '--version'
  ])
  expect(out).toBe(VERSION)
})

test('the Job that k8s-job prints runs in the image and fills the volume, as uid 1000', async () => {
  const token = t.fixtures.tokens.reader
  const printed = await cli([
    'k8s-job',
    'acme/tiny-model',
    'acme/private-model',
    '--ignore',
    '*.md',
    '--endpoint',
    t.hub.url,
    '--secret',
    'hub-token',
    '--image',
    IMAGE
  ])
  expect(printed.code).toBe(0)
  const job = (parseAllDocuments(printed.stdout) as Array<{ toJS(): Obj }>)[1]!.toJS()
  const pod = job.spec.template.spec
  const container = pod.containers[0]
  expect(container.image).toBe(IMAGE)

  // Kubernetes' part, by hand: the Secret's value for the secretKeyRef, a folder per volume.
  const secrets: Record<string, Record<string, string>> = { 'hub-token': { HF_TOKEN: token } }
  const env = container.env.map((e: Obj) =>
    e.valueFrom
      ? `${e.name}=${secrets[e.valueFrom.secretKeyRef.name]![e.valueFrom.secretKeyRef.key]}`
      : `${e.name}=${e.value}`
  )
  const mounts: string[] = []
  const folders: Record<string, string> = {}
  for (const mount of container.volumeMounts) {
    const folder = join(work, 'volumes', mount.name)
    await mkdir(folder, { recursive: true })
    await chmod(folder, 0o777) // a fresh volume: writable by the pod's fsGroup in a cluster
    folders[mount.name] = folder
    mounts.push('--volume', `${folder}:${mount.mountPath}`)
  }
  const config = (await imageConfig()).config as Obj
  const name = await newContainer()
  const user = `${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`
  const out = await buildah([
    'run',
    '--isolation',
    'chroot',
    '--user',
    user,
    ...env.flatMap((e: string) => ['--env', e]),
    ...mounts,
    name,
    '--',
    ...config.Entrypoint,
    ...container.args,
    '--quiet'
  ])
  expect(out).not.toContain(token)

  const cache = join(folders['hf-cache']!, 'hub')
  for (const repo of [t.fixtures.tinyModel, t.fixtures.privateModel]) {
    const files = [...t.store.filesAt(repo.id, repo.commits.main!).keys()]
    await expectSnapshotMatchesHub(t, cache, {
      id: repo.id,
      folder: `models--${repo.id.replace('/', '--')}`,
      commit: repo.commits.main!,
      paths: files.filter((path) => !path.endsWith('.md'))
    })
    const folder = join(cache, `models--${repo.id.replace('/', '--')}`)
    // Written as the pod's user, not as root. (Rootless buildah shifts container uids: there, the
    // owner is just not this user, whom the container's root maps to.)
    const owner = (await stat(folder)).uid
    if (process.getuid?.() === 0) expect(owner).toBe(pod.securityContext.runAsUser)
    else expect(owner).not.toBe(process.getuid?.())
    await expect(stat(join(folder, 'snapshots', repo.commits.main!, 'README.md'))).rejects.toThrow()
  }
  // The token went to the hub only, and as a Bearer token.
  const authorized = t.hub.requests.filter((r) => r.authorization !== undefined)
  expect(authorized.length).toBeGreaterThan(0)
  expect(authorized.every((r) => r.origin === 'hub' && r.authorization === `Bearer ${token}`)).toBe(
    true
  )
})
