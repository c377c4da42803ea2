// Command-line flags → RawOptions. Pure: no environment, no files.
import { parseSubcommandArgs } from './subcommand.js'
import type { RawOptions } from '../config.js'

export interface CliArgs {
  raw: RawOptions
  /** Values of DESTINATION_FLAGS, keyed by camelCased flag name. */
  destinationOptions: Record<string, unknown>
  specFilePaths: string[]
  json: boolean
  quiet: boolean
  help: boolean
  version: boolean
}

/**
 * Flags that only some destinations read. A destination adds its flags here; they reach its factory
 * as `options.<camelCasedName>` (string, string[] for `multiple`, or boolean).
 */
export const DESTINATION_FLAGS = {
  prune: { type: 'boolean' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  's3-part-size': { type: 'string' },
  'gha-cache-limit': { type: 'string' },
  // Image destinations (oci:, docker-archive:, docker://).
  'base-image': { type: 'string' },
  'image-path': { type: 'string' },
  'no-offline-env': { type: 'boolean' },
  platform: { type: 'string', multiple: true },
  'max-layer-size': { type: 'string' },
  compression: { type: 'string' },
  'registry-username': { type: 'string' },
  'registry-password': { type: 'string' },
  'insecure-registry': { type: 'string', multiple: true }
} as const

const OPTIONS = {
  ...DESTINATION_FLAGS,
  to: { type: 'string', multiple: true },
  models: { type: 'string', multiple: true },
  datasets: { type: 'string', multiple: true },
  'spec-file': { type: 'string', multiple: true },
  allow: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
  endpoint: { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string' },
  offline: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  lock: { type: 'string' },
  locked: { type: 'boolean' },
  shard: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' }
} as const

export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseSubcommandArgs('', argv, OPTIONS)
  return {
    destinationOptions: destinationOptionsOf(values),
    raw: {
      specs: positionals,
      models: values.models,
      datasets: values.datasets,
      allow: values.allow,
      ignore: values.ignore,
      cacheDir: values['cache-dir'],
      endpoint: values.endpoint,
      token: values.token,
      concurrency: values.concurrency,
      offline: values.offline,
      dryRun: values['dry-run'],
      lock: values.lock,
      locked: values.locked,
      shard: values.shard,
      to: values.to
    },
    specFilePaths: values['spec-file'] ?? [],
    json: Boolean(values.json),
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
    version: Boolean(values.version)
  }
}

/** The values of DESTINATION_FLAGS among parsed flags, keyed by camelCased name. */
export function destinationOptionsOf(values: object): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const flag of Object.keys(DESTINATION_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag]
    if (value !== undefined) options[camelCase(flag)] = value
  }
  return options
}

export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

export const HELP = `modelbake — put Hugging Face Hub repos into a verified, offline-ready HF cache

Usage:
  modelbake [SPEC ...] [--models LIST] [--datasets LIST] [--allow PATTERN]... [--ignore PATTERN]...
            [--cache-dir DIR] [--endpoint URL] [--token TOKEN] [--concurrency N]
            [--offline] [--dry-run] [--json] [--quiet]
  modelbake pull s3://BUCKET/PREFIX [SPEC ...] [--cache-dir DIR]   (see modelbake pull --help)
  modelbake k8s-job [SPEC ...] [--pvc NAME] [--size 100Gi]   (Kubernetes YAML; see modelbake k8s-job --help)

Specs:
  org/name[:revision]            a model; revision = branch, tag, refs/pr/N or 40-hex commit (default main)
  datasets/org/name[:revision]   a dataset
  --models LIST, --datasets LIST comma- or newline-separated specs, or a YAML list of
                                 {repo, revision, type, allow, ignore}
  --spec-file FILE               a YAML list as above, or a Baseten truss config.yaml (model_cache)
  With no spec: RUNPOD_HUGGINGFACE_MODEL, HUGGINGFACE_MODEL(S), RUNPOD_HUGGINGFACE_DATASET,
  HUGGINGFACE_DATASET(S).

Options:
  --allow PATTERN      only files matching (fnmatch, as huggingface_hub: '*' crosses '/'; 'dir/' = all in dir)
  --ignore PATTERN     skip files matching (applied after --allow)
  --cache-dir DIR      default: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub
  --endpoint URL       default: HF_ENDPOINT or https://huggingface.co
  --token TOKEN        default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, RUNPOD_HUGGINGFACE_TOKEN, $HF_HOME/token
  --concurrency N      connections at once (default 8): files, and ranges of large files once one
                       connection proves slower than the link (a CDN capping each stream)
  --offline            use the cache only, no network (also HF_HUB_OFFLINE=1)
  --lock FILE          write the resolved commits, patterns and file digests to FILE
  --locked             use the commits in the lock (default modelbake.lock.json) with no resolution
                       call, and fail with a diff on any drift from it
  --shard I/N          fetch and publish only shard I of N's blobs to a volume: or s3:// destination,
                       and no snapshot; or push only shard I of N's layers of a docker:// image, and
                       no tag; then \`modelbake assemble\` writes the rest (use --locked)
  --to DEST            also publish the warm snapshots there (repeatable)
                         volume:DIR          a mounted volume's hub cache (RunPod, PVC, NFS), same layout
                         s3://BUCKET/PREFIX  S3-compatible storage; workers rebuild with modelbake pull
                         oci:DIR[:TAG], docker-archive:FILE[:REF], docker://REGISTRY/REPO:TAG  an image
                         tool-cache[:DIR]    the runner's tool cache (RUNNER_TOOL_CACHE), hard-linked
                         gha-cache           the GitHub Actions cache (restored before downloading)
  --prune              volume: remove revisions and blobs of these repos that the specs no longer name
  --s3-endpoint URL    default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS (custom: path-style)
  --s3-region REGION   default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1
  --s3-part-size SIZE  multipart above this size, parts of this size (default 64MiB; 5MiB-5GiB)
  --gha-cache-limit SIZE  gha-cache: the repository's Actions cache limit (default 10GiB)
  --dry-run            resolve and list what would be fetched; download nothing
  --json               print a JSON report on stdout
  -q, --quiet          no progress output
  -h, --help           this help
  -V, --version        the version

Image destinations (--to oci:DIR[:TAG] | docker-archive:FILE[:REF] | docker://REGISTRY/REPO:TAG):
  --base-image REF     append the model layers to this image (pulled without a daemon); default:
                       a model-only image, for COPY --from=IMAGE /root/.cache/huggingface/hub ...
  --image-path DIR     where the cache sits in the image (default /root/.cache/huggingface/hub);
                       the image's env sets HF_HUB_CACHE to it
  --no-offline-env     do not set HF_HUB_OFFLINE=1 in the image
  --platform OS/ARCH   platforms of a multi-platform base to build (repeatable; default: all)
  --max-layer-size N   largest layer, e.g. 9GiB (default; GHCR refuses layers over 10 GB); a larger
                       file is stored in parts, joined by <image-path>/.modelbake/join.sh
  --compression C      none (default), gzip or zstd (zstd needs the zstd command)
  --registry-username U, --registry-password P
                       credentials for the destination registries (default: ~/.docker/config.json,
                       credential helpers, GITHUB_TOKEN for ghcr.io)
  --insecure-registry HOST
                       reach HOST over plain HTTP or unverified TLS (loopback is always allowed)

Other commands:
  modelbake verify [--lock FILE] [SPEC...] [--cache-dir DIR]   re-hash a cache (see verify --help)
  modelbake resolve SPEC... [--json]                           print the commit of each spec
  modelbake assemble [SPEC...] --to DEST [--locked]            finish a sharded run (snapshots, image)

Exit status: 0 success, 1 a run failed (network, Hub, disk), 2 bad input.
`
