// A long run makes many children of one abort signal (one per file, per multipart upload, per
// push) and retries many times with it: none of them may leave a listener behind on it, or the
// listeners pile up for the whole run (and Node warns: MaxListenersExceededWarning).
import { getEventListeners } from 'node:events'
import { rm } from 'node:fs/promises'
import http from 'node:http'
import { join } from 'node:path'
import { DEFAULT_TUNING, downloadBlob, stagingSlabs } from '../src/fetch/download-blob.js'
import { Limiter, MemoryBudget } from '../src/fetch/limiter.js'
import { childController, forEachLimited, settleAll } from '../src/fetch/settle.js'
import { HttpClient, TransientHttpError } from '../src/hub/http.js'
import { gitBlobSha1 } from '../src/localhub/objects.js'
import { tempDir } from './helpers/env.js'

const N = 50
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length

describe('child controllers', () => {
  test(`${N} that finish and are disposed leave no listener on their parent`, async () => {
    const parent = new AbortController()
    for (let i = 0; i < N; i++) {
      const child = childController(parent.signal)
      expect(listeners(parent.signal)).toBe(1)
      await settleAll([Promise.resolve(i)], child)
      child.dispose()
    }
    expect(listeners(parent.signal)).toBe(0)
  })

  test(`${N} that fail (each aborted by its failure) leave none either`, async () => {
    const parent = new AbortController()
    for (let i = 0; i < N; i++) {
      const child = childController(parent.signal)
      await expect(settleAll([Promise.reject(new Error(`failed ${i}`))], child)).rejects.toThrow(
        `failed ${i}`
      )
    }
    expect(listeners(parent.signal)).toBe(0)
  })

  test(`forEachLimited, ${N} times over one signal, leaves none`, async () => {
    const parent = new AbortController()
    for (let i = 0; i < N; i++)
      await forEachLimited([1, 2, 3], 2, async () => undefined, parent.signal)
    expect(listeners(parent.signal)).toBe(0)
  })

  test('a child follows its parent until it is disposed', () => {
    const parent = new AbortController()
    const live = childController(parent.signal)
    const done = childController(parent.signal)
    done.dispose()
    const reason = new Error('stop')
    parent.abort(reason)
    expect(live.signal.aborted).toBe(true)
    expect(live.signal.reason).toBe(reason)
    expect(done.signal.aborted).toBe(false)
    // A parent already aborted: the child starts aborted, and nothing listens.
    expect(childController(parent.signal).signal.reason).toBe(reason)
    expect(listeners(parent.signal)).toBe(0)
  })
})

test(`${N} files downloaded under one signal leave no listener on it`, async () => {
  const content = (path: string) => Buffer.from(`the bytes of ${path}\n`)
  const server = http.createServer((req, res) => {
    const bytes = content(req.url!.slice(1))
    res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const client = new HttpClient({ trustedOrigin: endpoint })
  const dir = await tempDir('mb-listeners-')
  // The run's signal, as fetchAll makes it (the files in flight at once listen to it together).
  const run = childController(undefined)
  try {
    const ctx = {
      http: client,
      limiter: new Limiter(4),
      memory: new MemoryBudget(1 << 20),
      tuning: DEFAULT_TUNING,
      hasToken: false,
      onBytes: () => undefined,
      signal: run.signal,
      slabs: stagingSlabs(4, { direct: true })
    }
    await Promise.all(
      Array.from({ length: N }, (_, order) => {
        const path = `file-${order}.txt`
        const bytes = content(path)
        return downloadBlob(
          {
            ref: { type: 'model', repo: 'acme/many' },
            file: { path, size: bytes.length, blobId: gitBlobSha1(bytes) },
            url: `${endpoint}/${path}`,
            blobPath: join(dir, `blob-${order}`),
            order
          },
          ctx
        )
      })
    )
    expect(listeners(run.signal)).toBe(0)
  } finally {
    client.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  }
})

describe('Hub retries with a signal', () => {
  const client = (sleep: (ms: number) => Promise<void> = async () => undefined) =>
    new HttpClient({ trustedOrigin: 'http://127.0.0.1:9', retry: { retries: 10 }, sleep })
  const busy = () => new TransientHttpError('HTTP 503', 503)

  test('leave no listener on it, whether they succeed or give up', async () => {
    const signal = new AbortController().signal
    let attempts = 0
    const ok = await client().withRetry(
      'a busy answer',
      async () => {
        if (++attempts <= 8) throw busy()
        return 'ok'
      },
      signal
    )
    expect({ ok, attempts }).toEqual({ ok: 'ok', attempts: 9 })
    expect(listeners(signal)).toBe(0)
    await expect(
      client().withRetry(
        'an answer that never comes',
        async () => {
          throw busy()
        },
        signal
      )
    ).rejects.toThrow('gave up on an answer that never comes after 11 attempts')
    expect(listeners(signal)).toBe(0)
  })

  test('an abort still cuts the sleep short, and leaves no listener', async () => {
    const run = new AbortController()
    const reason = new Error('another download failed')
    const retrying = client(() => new Promise(() => undefined)).withRetry(
      'a busy answer',
      async () => {
        setImmediate(() => run.abort(reason))
        throw busy()
      },
      run.signal
    )
    await expect(retrying).rejects.toBe(reason)
    expect(listeners(run.signal)).toBe(0)
  })
})
