import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, redactUrl } from '../src/hub/http.js'
import { encodePath, nextLink, resolveUrl } from '../src/hub/api.js'

describe('Retry-After', () => {
  test.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [undefined, undefined],
    ['soon', undefined]
  ])('%p → %p ms', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected)
  })

  test('an HTTP date counts from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
  })
})

describe('backoff', () => {
  test('grows exponentially with jitter inside [ceiling/2, ceiling], capped', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** attempt)
      expect(backoffDelay(attempt, DEFAULT_RETRY, () => 0)).toBe(ceiling / 2)
      expect(backoffDelay(attempt, DEFAULT_RETRY, () => 1)).toBe(ceiling)
    }
  })

  test('honours Retry-After, up to a limit', () => {
    expect(backoffDelay(0, DEFAULT_RETRY, () => 0.5, 7000)).toBe(7000)
    expect(backoffDelay(0, DEFAULT_RETRY, () => 0.5, 10 ** 9)).toBe(DEFAULT_RETRY.maxRetryAfterMs)
  })
})

describe('URLs', () => {
  test.each([
    ['https://u:p@cdn.example/obj?X-Amz-Signature=secret', 'https://cdn.example/obj?%E2%80%A6'],
    ['http://127.0.0.1:9/a/b', 'http://127.0.0.1:9/a/b'],
    ['not a url', '<invalid url>']
  ])('redactUrl(%p)', (url, expected) => {
    expect(redactUrl(url)).toBe(expected)
  })

  test.each([
    ['a b/c#d?.json', 'a%20b/c%23d%3F.json'],
    ['日本/é.txt', '%E6%97%A5%E6%9C%AC/%C3%A9.txt'],
    ['100%/x+y', '100%25/x%2By']
  ])('encodePath(%p)', (path, expected) => {
    expect(encodePath(path)).toBe(expected)
  })

  test('resolve URLs for models, datasets and refs/pr revisions', () => {
    expect(resolveUrl('http://h:1/', { type: 'model', repo: 'o/n' }, 'refs/pr/1', 'a/b.json')).toBe(
      'http://h:1/o/n/resolve/refs%2Fpr%2F1/a/b.json'
    )
    expect(resolveUrl('http://h:1', { type: 'dataset', repo: 'o/n' }, 'main', 'x')).toBe(
      'http://h:1/datasets/o/n/resolve/main/x'
    )
  })

  test.each([
    ['<https://h/api?cursor=2>; rel="next"', 'https://h/api?cursor=2'],
    ['<https://h/p1>; rel="prev", </api?cursor=3>; rel="next"', 'https://h/api?cursor=3'],
    ['<https://h/p1>; rel="prev"', undefined],
    [undefined, undefined]
  ])('nextLink(%p)', (link, expected) => {
    expect(nextLink(link, 'https://h/api/models/x/tree/main')).toBe(expected)
  })
})

describe('answers damaged on the way', () => {
  // A listing page whose bytes were flipped in transit still parses as JSON: a file whose "type"
  // became "fime" would drop out of the plan unseen. Such a page is asked for again.
  const goodPage = [
    { type: 'file', path: 'config.json', oid: 'a'.repeat(40), size: 2 },
    { type: 'directory', path: 'sub', oid: 'b'.repeat(40), size: 0 },
    {
      type: 'file',
      path: 'sub/model.safetensors',
      oid: 'c'.repeat(40),
      size: 10,
      lfs: { oid: 'd'.repeat(64), size: 10 }
    }
  ]
  const damaged = [
    JSON.stringify(goodPage).replace('"type":"file","path":"sub/', '"type":"fime","path":"sub/'),
    JSON.stringify({ sha: 'not a commit' }),
    JSON.stringify([{ type: 'file', path: 'config.json', oid: 'a'.repeat(40), size: -2 }])
  ]

  test.each(damaged.map((body, i) => [i, body]))(
    'damaged answer %i: asked again, and the plan has every file',
    async (_i, body) => {
      const { createServer } = await import('node:http')
      const { HttpClient } = await import('../src/hub/http.js')
      const { HubApi } = await import('../src/hub/api.js')
      const paths: string[] = []
      const server = createServer((req, res) => {
        paths.push(req.url!)
        res.setHeader('content-type', 'application/json')
        const first = paths.filter((p) => p === req.url).length === 1
        if (req.url!.includes('/revision/'))
          res.end(first && body.includes('sha') ? body : JSON.stringify({ sha: 'e'.repeat(40) }))
        else res.end(first && !body.includes('sha') ? body : JSON.stringify(goodPage))
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`
      const http = new HttpClient({
        trustedOrigin: endpoint,
        userAgent: 'test',
        retry: { retries: 2, baseDelayMs: 1 }
      })
      try {
        const api = new HubApi(endpoint, http, false)
        const ref = { type: 'model' as const, repo: 'acme/x' }
        const commit = await api.resolveRevision(ref, 'main')
        expect(commit).toBe('e'.repeat(40))
        const files = await api.listFiles(ref, commit)
        expect(files.map((f) => f.path)).toEqual(['config.json', 'sub/model.safetensors'])
        expect(paths).toHaveLength(3)
      } finally {
        http.close()
        server.close()
      }
    }
  )
})
