// `modelbake k8s-job [SPEC...]`: prints the Kubernetes YAML that fills a ReadWriteMany volume with a
// warm HF cache once, before the workers mount it (NVIDIA Dynamo's pattern): a PersistentVolumeClaim
// and a Job that runs modelbake's own image. Pure but for --spec-file: nothing touches a cluster,
// the Hub or the network. The token only ever travels as a Secret reference.
import { Document, stringify } from 'yaml'
import { buildRunOptions, type RawOptions } from '../config.js'
import { UsageError } from '../core/errors.js'
import { formatSpec } from '../core/spec.js'
import type { RepoSpec } from '../core/types.js'
import { VERSION } from '../version.js'
import type { CliIO } from './main.js'
import { parseSubcommandArgs, readSpecFile, reportFailure } from './subcommand.js'

/** The image the release workflow publishes from ./Dockerfile, at this version. */
export const DEFAULT_IMAGE = `ghcr.io/modelbake/modelbake:${VERSION}`
/** Where the Job mounts the claim; the HF cache is its `hub` folder (the claim is an HF_HOME). */
export const MOUNT_PATH = '/cache/huggingface'
/** The non-root user of the image (`USER 1000:1000` in ./Dockerfile; `node` in Node's images). */
export const IMAGE_UID = 1000

export const K8S_JOB_HELP = `modelbake k8s-job — Kubernetes YAML that fills a ReadWriteMany volume with a warm HF cache

Usage:
  modelbake k8s-job [SPEC ...] [--models LIST] [--datasets LIST] [--spec-file FILE]
                    [--allow PATTERN]... [--ignore PATTERN]... [--endpoint URL] [--concurrency N]
                    [--pvc NAME] [--storage-class CLASS] [--size SIZE] [--namespace NS]
                    [--secret NAME] [--secret-key KEY] [--image IMAGE] [--job NAME]

  Prints two YAML documents for \`kubectl apply -f -\`: a PersistentVolumeClaim (ReadWriteMany) and a
  Job that runs modelbake's image once to fill it, in the HF cache layout. Workers then mount the
  claim with HF_HUB_CACHE=<mount>/hub and HF_HUB_OFFLINE=1 (the YAML's header comment shows how).
  Specs and patterns are those of modelbake itself and are checked here, before anything runs.

Options:
  --pvc NAME             the claim (default hf-cache)
  --storage-class CLASS  a class that offers ReadWriteMany (NFS, CephFS, EFS, Filestore, Azure Files);
                         default: the cluster's default class, which is often ReadWriteOnce only
  --size SIZE            the claim's size, a Kubernetes quantity (default 100Gi)
  --namespace NS         metadata.namespace of both (default: kubectl's current namespace)
  --secret NAME          the Secret that holds the Hub token (default hf-token, marked optional so that
                         public repos need none; a Secret named here is required):
                           kubectl create secret generic hf-token --from-literal=HF_TOKEN=<token>
  --secret-key KEY       the token's key in that Secret (default HF_TOKEN)
  --image IMAGE          modelbake's image (default ${DEFAULT_IMAGE})
  --job NAME             the Job (default <pvc>-fill)
  --endpoint URL         HF_ENDPOINT for the Job (default https://huggingface.co)

  --token is refused: a token never goes into YAML. Put it in a Secret. Nothing of this machine's
  environment (HF_TOKEN, HF_ENDPOINT, RUNPOD_HUGGINGFACE_MODEL, ...) goes into the YAML either.
`

const OPTIONS = {
  models: { type: 'string', multiple: true },
  datasets: { type: 'string', multiple: true },
  'spec-file': { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  endpoint: { type: 'string' },
  concurrency: { type: 'string' },
  pvc: { type: 'string' },
  'storage-class': { type: 'string' },
  size: { type: 'string' },
  namespace: { type: 'string' },
  secret: { type: 'string' },
  'secret-key': { type: 'string' },
  image: { type: 'string' },
  job: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

export interface K8sJobOptions {
  specs: RepoSpec[]
  allow?: string[]
  ignore?: string[]
  /** Only when given: the image's default is the public Hub. */
  endpoint?: string
  concurrency?: number
  pvc: string
  storageClass?: string
  size: string
  namespace?: string
  secret: string
  secretKey: string
  /** False when --secret was left out: public repos need no Secret at all. */
  secretRequired: boolean
  image: string
  job: string
}

export async function runK8sJob(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseSubcommandArgs('k8s-job', argv, OPTIONS)
    if (values.help) {
      io.stdout.write(K8S_JOB_HELP)
      return 0
    }
    const options = k8sJobOptions(positionals, values, readSpecFile)
    io.stdout.write(k8sJobYaml(options))
    return 0
  } catch (error) {
    // Never echo argv: a refused --token must not reach the terminal either.
    return reportFailure(io, error)
  }
}

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { type: 'boolean' }
    ? boolean
    : (typeof OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string
}

/** Flags → checked options. Specs, patterns, endpoint and concurrency go through src/config.ts. */
export function k8sJobOptions(
  positionals: string[],
  values: Values,
  readFile: (name: string) => string = readSpecFile
): K8sJobOptions {
  if (values.token !== undefined) {
    throw new UsageError('k8s-job does not take --token: a token never goes into YAML', {
      hint:
        'store it in a Secret and name that: kubectl create secret generic hf-token ' +
        '--from-literal=HF_TOKEN=<token>, then --secret hf-token'
    })
  }
  const named =
    positionals.length +
    (values.models?.length ?? 0) +
    (values.datasets?.length ?? 0) +
    (values['spec-file']?.length ?? 0)
  if (named === 0) {
    throw new UsageError('k8s-job needs the repos to fetch', {
      hint: 'name them as for modelbake: org/name[:revision], datasets/org/name, --models, --spec-file'
    })
  }
  const raw: RawOptions = {
    specs: positionals,
    models: values.models,
    datasets: values.datasets,
    specFiles: (values['spec-file'] ?? []).map((name) => ({ name, text: readFile(name) })),
    allow: values.allow,
    ignore: values.ignore,
    endpoint: values.endpoint,
    concurrency: values.concurrency
  }
  // The same checks as the main command; this machine's environment (HF_TOKEN, HF_ENDPOINT,
  // RUNPOD_*, HF_HUB_OFFLINE) has no say in what the cluster runs.
  const run = buildRunOptions(raw, { env: { HF_HUB_CACHE: `${MOUNT_PATH}/hub` } })
  const pvc = kubeName(values.pvc ?? 'hf-cache', '--pvc', 'subdomain')
  return {
    specs: run.specs,
    allow: run.allow,
    ignore: run.ignore,
    endpoint: values.endpoint === undefined ? undefined : run.endpoint,
    concurrency: values.concurrency === undefined ? undefined : run.concurrency,
    pvc,
    storageClass:
      values['storage-class'] === undefined
        ? undefined
        : kubeName(values['storage-class'], '--storage-class', 'subdomain'),
    size: quantity(values.size ?? '100Gi'),
    namespace:
      values.namespace === undefined
        ? undefined
        : kubeName(values.namespace, '--namespace', 'label'),
    secret: kubeName(values.secret ?? 'hf-token', '--secret', 'subdomain'),
    secretKey: secretKey(values['secret-key'] ?? 'HF_TOKEN'),
    secretRequired: values.secret !== undefined,
    image: image(values.image ?? DEFAULT_IMAGE),
    job:
      values.job !== undefined
        ? kubeName(values.job, '--job', 'label')
        : kubeName(`${pvc}-fill`, '--job', 'label', `Job name "${pvc}-fill" (made from --pvc)`)
  }
}

// ---------------------------------------------------------------------------------------------
// Validation (Kubernetes' own rules: RFC 1123 names, quantities, Secret keys)

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/**
 * An RFC 1123 label (namespaces, Jobs: their name is also a pod label, so at most 63 characters) or
 * subdomain (claims, Secrets, storage classes: at most 253).
 */
export function kubeName(
  text: string,
  flag: string,
  kind: 'label' | 'subdomain',
  what = `${flag} ${JSON.stringify(text)}`
): string {
  const max = kind === 'label' ? 63 : 253
  const ok = text.length <= max && (kind === 'label' ? LABEL_RE : SUBDOMAIN_RE).test(text)
  if (ok) return text
  const rule =
    kind === 'label'
      ? 'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (RFC 1123 label)'
      : 'lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters (RFC 1123 subdomain)'
  throw new UsageError(`invalid ${what}: a Kubernetes name is ${rule}`, {
    hint:
      flag === '--job' && what.startsWith('Job name')
        ? 'give the Job a name of its own with --job NAME'
        : `e.g. ${flag} ${flag === '--namespace' ? 'models' : 'hf-cache'}`
  })
}

const QUANTITY_RE = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/

/** A storage size as Kubernetes writes it (100Gi, 500G, 1.5Ti), greater than zero. */
export function quantity(text: string): string {
  const match = QUANTITY_RE.exec(text)
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`invalid --size ${JSON.stringify(text)}`, {
      hint: 'give a Kubernetes quantity greater than zero, e.g. 100Gi, 500G or 1.5Ti'
    })
  }
  return text
}

function secretKey(text: string): string {
  if (/^[-._a-zA-Z0-9]{1,253}$/.test(text)) return text
  throw new UsageError(`invalid --secret-key ${JSON.stringify(text)}`, {
    hint: 'a Secret key is letters, digits, "-", "_" and ".", e.g. HF_TOKEN'
  })
}

function image(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (text !== '' && !/[\s\x00-\x1f\x7f]|:\/\//.test(text)) return text
  throw new UsageError(`invalid --image ${JSON.stringify(text)}`, {
    hint: `give an image reference without a scheme, e.g. ${DEFAULT_IMAGE}`
  })
}

// ---------------------------------------------------------------------------------------------
// The YAML

/**
 * The container's arguments: the specs as positionals, or, when some carry patterns of their own,
 * all of them (in order) as one `--models` list; run-wide patterns as `--allow=`/`--ignore=` (a
 * pattern may start with "-"). modelbake in the image parses them back to the same specs.
 */
export function containerArgs(options: K8sJobOptions): string[] {
  const args = options.specs.some((spec) => spec.allow !== undefined || spec.ignore !== undefined)
    ? // JSON is YAML: one line that --models reads as a list of entries.
      [
        `--models=${JSON.stringify(
          options.specs.map((spec) => ({
            repo: spec.repo,
            type: spec.type,
            revision: spec.revision,
            ...(spec.allow !== undefined && { allow: spec.allow }),
            ...(spec.ignore !== undefined && { ignore: spec.ignore })
          }))
        )}`
      ]
    : options.specs.map((spec) => formatSpec(spec))
  for (const pattern of options.allow ?? []) args.push(`--allow=${pattern}`)
  for (const pattern of options.ignore ?? []) args.push(`--ignore=${pattern}`)
  if (options.concurrency !== undefined) args.push(`--concurrency=${options.concurrency}`)
  return args
}

export function k8sJobManifests(
  options: K8sJobOptions
): [Record<string, unknown>, Record<string, unknown>] {
  const namespace = options.namespace === undefined ? {} : { namespace: options.namespace }
  const labels = {
    'app.kubernetes.io/name': 'modelbake',
    'app.kubernetes.io/component': 'hf-cache'
  }
  const claim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: options.pvc, ...namespace, labels },
    spec: {
      accessModes: ['ReadWriteMany'],
      ...(options.storageClass !== undefined && { storageClassName: options.storageClass }),
      resources: { requests: { storage: options.size } }
    }
  }
  const env = [
    {
      name: 'HF_TOKEN',
      valueFrom: {
        secretKeyRef: {
          name: options.secret,
          key: options.secretKey,
          ...(!options.secretRequired && { optional: true })
        }
      }
    },
    { name: 'HF_HUB_CACHE', value: `${MOUNT_PATH}/hub` },
    ...(options.endpoint !== undefined ? [{ name: 'HF_ENDPOINT', value: options.endpoint }] : [])
  ]
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.job, ...namespace, labels },
    spec: {
      // Network and Hub failures retry (downloads resume from what is on the volume); bad input
      // (exit 2) fails the Job at once.
      backoffLimit: 4,
      podFailurePolicy: {
        rules: [
          {
            action: 'FailJob',
            onExitCodes: { containerName: 'modelbake', operator: 'In', values: [2] }
          }
        ]
      },
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: IMAGE_UID,
            runAsGroup: IMAGE_UID,
            fsGroup: IMAGE_UID,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' }
          },
          containers: [
            {
              name: 'modelbake',
              image: options.image,
              args: containerArgs(options),
              env,
              resources: {
                requests: { cpu: '1', memory: '512Mi' },
                limits: { memory: '2Gi' }
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] }
              },
              volumeMounts: [
                { name: 'hf-cache', mountPath: MOUNT_PATH },
                { name: 'tmp', mountPath: '/tmp' }
              ]
            }
          ],
          volumes: [
            { name: 'hf-cache', persistentVolumeClaim: { claimName: options.pvc } },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }
          ]
        }
      }
    }
  }
  return [claim, job]
}

/** What a worker adds to its pod spec to read the filled claim, offline. */
export function workerSnippet(options: Pick<K8sJobOptions, 'pvc'>): Record<string, unknown> {
  return {
    volumes: [
      { name: 'hf-cache', persistentVolumeClaim: { claimName: options.pvc, readOnly: true } }
    ],
    containers: [
      {
        name: 'worker',
        volumeMounts: [{ name: 'hf-cache', mountPath: MOUNT_PATH, readOnly: true }],
        env: [
          { name: 'HF_HUB_CACHE', value: `${MOUNT_PATH}/hub` },
          { name: 'HF_HUB_OFFLINE', value: '1' }
        ]
      }
    ]
  }
}

function header(options: K8sJobOptions): string {
  const ns = options.namespace === undefined ? '' : ` -n ${options.namespace}`
  const snippet = stringify(workerSnippet(options)).trimEnd()
  return [
    ` Generated by modelbake ${VERSION} k8s-job. Fill the ReadWriteMany claim "${options.pvc}" once:`,
    ...(options.secretRequired
      ? [
          `   kubectl${ns} create secret generic ${options.secret} --from-literal=${options.secretKey}=<token>`
        ]
      : [
          `   (private or gated repos: kubectl${ns} create secret generic ${options.secret} --from-literal=${options.secretKey}=<token>)`
        ]),
    `   kubectl${ns} apply -f <this file>`,
    `   kubectl${ns} wait --for=condition=complete job/${options.job} --timeout=6h`,
    ' Then every worker mounts it and reads the cache offline (merge into the pod spec):',
    ...snippet.split('\n').map((line) => `   ${line}`),
    ' The claim needs a storage class that offers ReadWriteMany; if that class ignores fsGroup',
    ` (some NFS provisioners), make the volume writable by uid ${IMAGE_UID} or run the Job as root.`
  ].join('\n')
}

/** Two YAML documents (claim, Job), the first preceded by the how-to comment. */
export function k8sJobYaml(options: K8sJobOptions): string {
  const [claim, job] = k8sJobManifests(options)
  // No anchors: the labels appear twice, written out twice, as kubectl users expect to read them.
  const first = new Document(claim, { aliasDuplicateObjects: false })
  first.commentBefore = header(options)
  const second = new Document(job, { aliasDuplicateObjects: false })
  return `${first.toString({ lineWidth: 0 })}---\n${second.toString({ lineWidth: 0 })}`
}
