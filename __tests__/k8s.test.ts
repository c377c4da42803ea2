// `modelbake k8s-job`: the YAML is two well-formed Kubernetes objects with the fields that make the
// pattern work (RWX claim, Job in modelbake's image, token from a Secret only, the cache on the
// volume), its container arguments mean the same specs to modelbake, and bad input fails clearly.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { parseCliArgs } from '../src/cli/args.js'
import { DEFAULT_IMAGE, MOUNT_PATH } from '../src/cli/k8s-job.js'
import { buildRunOptions } from '../src/config.js'
import { VERSION } from '../src/version.js'
import { cli, tempDir } from './helpers/env.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs `modelbake k8s-job ...` and parses its stdout as a YAML stream (failing on any YAML error). */
async function k8sJob(argv: string[], env: Record<string, string> = {}) {
  const run = await cli(['k8s-job', ...argv], env)
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' })
  const docs = parseAllDocuments(run.stdout)
  if (!Array.isArray(docs)) throw new Error('empty YAML stream')
  for (const doc of docs) expect(doc.errors).toEqual([])
  const [claim, job] = docs.map((doc) => doc.toJS() as Obj)
  return { run, docs, claim: claim!, job: job!, container: job!.spec.template.spec.containers[0] }
}

describe('the YAML', () => {
  test('two documents: a ReadWriteMany claim and a Job that mounts it, in modelbake’s image', async () => {
    const { docs, claim, job, container } = await k8sJob([
      'acme/tiny-model',
      '--pvc',
      'llama-cache',
      '--size',
      '500Gi',
      '--storage-class',
      'efs-sc',
      '--namespace',
      'inference'
    ])
    expect(docs).toHaveLength(2)
    expect(claim).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'llama-cache',
        namespace: 'inference',
        labels: expect.objectContaining({ 'app.kubernetes.io/name': 'modelbake' })
      },
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: 'efs-sc',
        resources: { requests: { storage: '500Gi' } }
      }
    })
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'llama-cache-fill', namespace: 'inference' }
    })
    expect(job.spec.backoffLimit).toBeGreaterThan(0)
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0)
    // Bad input (exit 2) fails the Job at once instead of retrying; that needs restartPolicy Never.
    expect(job.spec.podFailurePolicy.rules).toEqual([
      {
        action: 'FailJob',
        onExitCodes: { containerName: 'modelbake', operator: 'In', values: [2] }
      }
    ])
    const pod = job.spec.template.spec
    expect(pod.restartPolicy).toBe('Never')
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000
    })
    expect(pod.volumes).toContainEqual({
      name: 'hf-cache',
      persistentVolumeClaim: { claimName: 'llama-cache' }
    })
    expect(pod.containers).toHaveLength(1)
    expect(container).toMatchObject({
      name: 'modelbake',
      image: DEFAULT_IMAGE,
      args: ['acme/tiny-model'],
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
    })
    expect(DEFAULT_IMAGE).toMatch(new RegExp(`:${VERSION.replace(/\./g, '\\.')}$`))
    expect(container.volumeMounts).toContainEqual({ name: 'hf-cache', mountPath: MOUNT_PATH })
    expect(container.env).toContainEqual({ name: 'HF_HUB_CACHE', value: `${MOUNT_PATH}/hub` })
    expect(container.resources.requests).toEqual({
      cpu: expect.any(String),
      memory: expect.any(String)
    })
    expect(container.resources.limits.memory).toEqual(expect.any(String))
    // Every name the Job refers to is one the YAML defines.
    const volumes = new Set(pod.volumes.map((v: Obj) => v.name))
    for (const mount of container.volumeMounts) expect(volumes.has(mount.name)).toBe(true)
  })

  test('defaults: claim hf-cache of 100Gi in the default class and namespace; no anchors in the text', async () => {
    const { run, claim, job } = await k8sJob(['acme/tiny-model'])
    expect(claim.metadata).not.toHaveProperty('namespace')
    expect(claim.spec).not.toHaveProperty('storageClassName')
    expect(claim.metadata.name).toBe('hf-cache')
    expect(claim.spec.resources.requests.storage).toBe('100Gi')
    expect(job.metadata).toEqual({ name: 'hf-cache-fill', labels: claim.metadata.labels })
    expect(run.stdout).not.toMatch(/[&*]a\d/)
  })

  test('the token comes from a Secret reference only; the local environment never leaks in', async () => {
    const env = {
      HF_TOKEN: 'hf_local_secret_token',
      HF_ENDPOINT: 'http://127.0.0.1:9',
      RUNPOD_HUGGINGFACE_MODEL: 'acme/from-env',
      HF_HUB_OFFLINE: '1'
    }
    const optional = await k8sJob(['acme/tiny-model'], env)
    expect(optional.container.env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hf-token', key: 'HF_TOKEN', optional: true } }
    })
    const named = await k8sJob(
      ['acme/tiny-model', '--secret', 'hub-credentials', '--secret-key', 'token'],
      env
    )
    expect(named.container.env).toContainEqual({
      name: 'HF_TOKEN',
      valueFrom: { secretKeyRef: { name: 'hub-credentials', key: 'token' } }
    })
    for (const { run, container } of [optional, named]) {
      expect(container.env.filter((e: Obj) => 'value' in e && e.name.includes('TOKEN'))).toEqual([])
      for (const leaked of [env.HF_TOKEN, env.HF_ENDPOINT, env.RUNPOD_HUGGINGFACE_MODEL])
        expect(run.stdout).not.toContain(leaked)
      expect(container.env.map((e: Obj) => e.name).sort()).toEqual(['HF_HUB_CACHE', 'HF_TOKEN'])
      expect(container.args).toEqual(['acme/tiny-model'])
    }
  })

  test('--endpoint becomes HF_ENDPOINT, normalised as modelbake does', async () => {
    const { container } = await k8sJob([
      'acme/tiny-model',
      '--endpoint',
      'https://hub.example.com/'
    ])
    expect(container.env).toContainEqual({ name: 'HF_ENDPOINT', value: 'https://hub.example.com' })
  })

  test('the header comment tells how to run it and how workers mount the claim, as valid YAML', async () => {
    const { run, job } = await k8sJob(['acme/tiny-model', '--pvc', 'models'])
    expect(run.stdout.startsWith('#')).toBe(true)
    expect(run.stdout).toContain(`kubectl apply -f`)
    expect(run.stdout).toContain(`kubectl wait --for=condition=complete job/${job.metadata.name}`)
    // The commented pod-spec fragment parses, and matches what the Job wrote.
    const comment = run.stdout.slice(0, run.stdout.indexOf('\napiVersion:'))
    const lines = comment.split('\n').map((line) => line.replace(/^# ?/, ''))
    const start = lines.findIndex((line) => line.trim() === 'volumes:')
    const end = lines.findIndex((line, i) => i > start && !line.startsWith('  '))
    const snippet = parse(
      lines
        .slice(start, end)
        .map((line) => line.slice(2))
        .join('\n')
    ) as Obj
    expect(snippet.volumes).toEqual([
      { name: 'hf-cache', persistentVolumeClaim: { claimName: 'models', readOnly: true } }
    ])
    expect(snippet.containers[0].volumeMounts).toEqual([
      { name: 'hf-cache', mountPath: MOUNT_PATH, readOnly: true }
    ])
    expect(snippet.containers[0].env).toEqual([
      { name: 'HF_HUB_CACHE', value: `${MOUNT_PATH}/hub` },
      { name: 'HF_HUB_OFFLINE', value: '1' }
    ])
  })
})

describe('the container arguments mean what the k8s-job command was given', () => {
  /** The specs modelbake derives from argv (sources dropped: they name where a spec was written). */
  const specsOf = (argv: string[], specFiles: Array<{ name: string; text: string }> = []) => {
    const args = parseCliArgs(argv)
    // The Job's environment: HF_HUB_CACHE on the volume.
    const options = buildRunOptions({ ...args.raw, specFiles }, { env: { HF_HUB_CACHE: '/c' } })
    return {
      specs: options.specs.map(({ source: _source, ...spec }) => spec),
      allow: options.allow,
      ignore: options.ignore,
      concurrency: options.concurrency
    }
  }

  test.each([
    [
      'plain specs',
      ['acme/tiny-model', 'acme/tiny-model:v1.0', 'datasets/acme/tiny-dataset:refs/pr/1']
    ],
    [
      'run-wide patterns, one starting with "-"',
      ['acme/a', '--allow', '*.json', '--ignore=-weird*', '--concurrency', '3']
    ],
    [
      'per-spec patterns from a YAML list',
      [
        'acme/a',
        '--models=- repo: acme/b\n  allow: ["*.safetensors", "config.json"]\n- repo: acme/c\n  ignore: "*.bin"\n  revision: dev',
        '--datasets',
        'acme/d, acme/e'
      ]
    ],
    ['spaces and an empty allow list', ['spaces/acme/demo', '--models=[{repo: acme/f, allow: []}]']]
  ])('%s', async (_name, argv) => {
    const { container } = await k8sJob(argv)
    expect(specsOf(container.args)).toEqual(specsOf(argv))
  })

  test('--spec-file (a Baseten truss config) is read here and inlined', async () => {
    const dir = await tempDir('mb-k8s-')
    const file = join(dir, 'config.yaml')
    const text =
      'model_cache:\n  - repo_id: acme/g\n    revision: v2\n    allow_patterns: ["*.json"]\n'
    await writeFile(file, text)
    const { container } = await k8sJob(['--spec-file', file])
    expect(container.args.join(' ')).not.toContain(file)
    expect(specsOf(container.args)).toEqual(specsOf([], [{ name: file, text }]))
  })
})

describe('bad input: exit 2, a message naming the problem, no YAML', () => {
  test.each([
    ['no repo at all', [], ['needs the repos']],
    ['a bad spec', ['acme/tiny-model@v1.0'], ['acme/tiny-model@v1.0', 'acme/tiny-model:v1.0']],
    ['a bad revision', ['acme/x:bad..rev'], ['".."']],
    [
      'a claim name with capitals',
      ['acme/x', '--pvc', 'HF_Cache'],
      ['--pvc "HF_Cache"', 'RFC 1123']
    ],
    [
      'a namespace with a dot',
      ['acme/x', '--namespace', 'ml.team'],
      ['--namespace "ml.team"', 'label']
    ],
    ['a Job name over 63 characters', ['acme/x', '--job', 'j'.repeat(64)], ['--job', '63']],
    [
      'a claim whose Job name would be invalid',
      ['acme/x', '--pvc', 'a.b'],
      ['a.b-fill', '--job NAME']
    ],
    ['a size that is not a quantity', ['acme/x', '--size', '100GB'], ['--size "100GB"', '100Gi']],
    ['a zero size', ['acme/x', '--size', '0Gi'], ['--size "0Gi"']],
    ['a bad Secret key', ['acme/x', '--secret-key', 'HF TOKEN'], ['--secret-key']],
    ['an image with a scheme', ['acme/x', '--image', 'https://ghcr.io/x'], ['--image']],
    ['a bad endpoint', ['acme/x', '--endpoint', 'ftp://hub'], ['ftp://hub']],
    ['a bad concurrency', ['acme/x', '--concurrency', '0'], ['concurrency "0"']],
    ['a flag of the main command only', ['acme/x', '--cache-dir', '/tmp/x'], ["'--cache-dir'"]],
    ['an unreadable --spec-file', ['--spec-file', '/nonexistent/config.yaml'], ['ENOENT']]
  ] as Array<[string, string[], string[]]>)('%s', async (_name, argv, says) => {
    const run = await cli(['k8s-job', ...argv])
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' })
    for (const text of says)
      expect({ text, stderr: run.stderr }).toEqual({ text, stderr: expect.stringContaining(text) })
  })

  test('--token is refused, and its value is never printed', async () => {
    for (const argv of [
      ['acme/x', '--token', 'hf_do_not_print_me'],
      ['acme/x', '--token=hf_do_not_print_me']
    ]) {
      const run = await cli(['k8s-job', ...argv])
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain('a token never goes into YAML')
      expect(run.stderr).toContain('kubectl create secret generic')
      expect(run.stderr).not.toContain('hf_do_not_print_me')
    }
  })
})

test('--help, and a line in the main help', async () => {
  const help = await cli(['k8s-job', '--help'])
  expect(help.code).toBe(0)
  expect(help.stdout).toContain('ReadWriteMany')
  expect(help.stdout).toContain('--secret NAME')
  expect((await cli(['--help'])).stdout).toContain('modelbake k8s-job')
})
