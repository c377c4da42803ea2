// Layer compression, streamed. gzip comes from Node's zlib; Node 20 has no zstd, so zstd runs the
// `zstd` command (reproducible for one zstd version and level: it is single-threaded here, and the
// frame carries no content size or timestamp). Without compression the bytes pass through.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Readable } from 'node:stream'
import { createGzip, constants as zlib } from 'node:zlib'
import { ModelbakeError } from '../../core/errors.js'

export type Compression = 'none' | 'gzip' | 'zstd'

export const GZIP_LEVEL = 1
export const ZSTD_LEVEL = 3

/** Compress an async sequence of buffers; the result is a Node stream of the compressed bytes. */
export function compress(
  input: AsyncIterable<Buffer>,
  compression: Compression,
  env: Record<string, string | undefined> = process.env
): AsyncIterable<Buffer> {
  if (compression === 'none') return input
  if (compression === 'gzip') {
    // mtime 0 and no file name in the gzip header: zlib writes neither.
    const gzip = createGzip({
      level: GZIP_LEVEL,
      chunkSize: 256 * 1024,
      memLevel: zlib.Z_DEFAULT_MEMLEVEL
    })
    return Readable.from(input).pipe(gzip)
  }
  return zstd(input, env)
}

async function* zstd(
  input: AsyncIterable<Buffer>,
  env: Record<string, string | undefined>
): AsyncIterable<Buffer> {
  const child = spawn('zstd', [`-${ZSTD_LEVEL}`, '-T1', '-q', '-c', '--no-progress'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: env.PATH ?? process.env.PATH }
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, 4096)))
  const spawned = once(child, 'spawn').catch((error: NodeJS.ErrnoException) => {
    throw new ModelbakeError(`cannot run zstd (${error.code ?? error.message})`, {
      hint:
        error.code === 'ENOENT'
          ? 'Node 20 has no zstd of its own: install the zstd command (apt-get install zstd), or use --compression gzip or none'
          : 'check the zstd command'
    })
  })
  const exited = once(child, 'close') as Promise<[number | null, string | null]>
  await spawned
  const feed = (async () => {
    try {
      for await (const chunk of input) {
        if (!child.stdin.write(chunk)) await once(child.stdin, 'drain')
      }
      child.stdin.end()
    } catch (error) {
      child.kill()
      throw error
    }
  })()
  feed.catch(() => undefined)
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer
    await feed
    const [code] = await exited
    if (code !== 0) throw new ModelbakeError(`zstd failed (exit ${code}): ${stderr.trim()}`)
  } finally {
    if (child.exitCode === null) child.kill()
  }
}
