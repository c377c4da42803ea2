// `s3://BUCKET/PREFIX` → an S3Destination. Options: --s3-endpoint, --s3-region, --s3-part-size; the
// rest from the AWS environment and profile files (see config.ts).
import { retryFromEnv } from '../../config.js'
import { readFileSync } from 'node:fs'
import { UsageError } from '../../core/errors.js'
import type { DestinationOptions } from '../registry.js'
import { resolveS3Config, type Env, type S3Config } from './config.js'
import { parseS3Target } from './location.js'
import { S3Destination } from './publish.js'
import { parseByteSize } from '../../core/size.js'
import { DEFAULT_PART_SIZE, MAX_PART_SIZE, MIN_PART_SIZE } from './upload.js'

export { S3Destination } from './publish.js'

export function readOptionalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The S3 settings from flags and environment (shared by `--to s3://` and `modelbake pull`). */
export function s3ConfigFrom(options: {
  env: Env
  s3Endpoint?: unknown
  s3Region?: unknown
}): S3Config {
  return resolveS3Config({
    env: options.env,
    endpoint: typeof options.s3Endpoint === 'string' ? options.s3Endpoint : undefined,
    region: typeof options.s3Region === 'string' ? options.s3Region : undefined,
    readFile: readOptionalFile
  })
}

export function parsePartSize(text: unknown): number {
  if (text === undefined) return DEFAULT_PART_SIZE
  const value = typeof text === 'string' ? parseByteSize(text) : undefined
  if (value === undefined || value < MIN_PART_SIZE || value > MAX_PART_SIZE) {
    throw new UsageError(`invalid --s3-part-size ${JSON.stringify(text)}`, {
      hint: 'use a size from 5MiB to 5GiB, e.g. 64MiB (objects larger than one part are uploaded in parts)'
    })
  }
  return value
}

export function createS3Destination(target: string, options: DestinationOptions): S3Destination {
  const location = parseS3Target(target)
  const config = s3ConfigFrom(options)
  if (!config.credentials) {
    throw new UsageError(`no AWS credentials to write to s3://${target}`, {
      hint: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials (AWS_PROFILE)'
    })
  }
  return new S3Destination(location, config, {
    partSize: parsePartSize(options.s3PartSize),
    retry: retryFromEnv(options.env)
  })
}
