// The pure parts of the S3 destination: SigV4 against AWS's published examples, the location and
// its keys, credentials and endpoints from environment and profile files, manifests, sizes.
import { parseRepoFolder } from '../src/core/cache-dir.js'
import { resolveS3Config, parseIni } from '../src/destinations/s3/config.js'
import { joinKey, keys, parseS3Target, type S3Location } from '../src/destinations/s3/location.js'
import { mergeFiles, parseManifest, serializeManifest } from '../src/destinations/s3/manifest.js'
import {
  EMPTY_SHA256,
  presignUrl,
  sha256Hex,
  signHeaders,
  signature,
  uriEncode
} from '../src/destinations/s3/sigv4.js'
import { parseByteSize } from '../src/core/size.js'
import { partSizeFor } from '../src/destinations/s3/upload.js'
import { decodeXml, xmlValues } from '../src/destinations/s3/xml.js'

// The example credentials and time of AWS's "Signature Calculations for the Authorization Header"
// and "Authenticating Requests: Using Query Parameters" pages (Amazon S3 API reference).
const AWS = {
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  },
  region: 'us-east-1',
  date: new Date('2013-05-24T00:00:00Z')
}
const HOST = 'examplebucket.s3.amazonaws.com'

describe('SigV4, against the examples AWS publishes', () => {
  test('GET Object with a Range header', () => {
    const headers = signHeaders({
      ...AWS,
      method: 'GET',
      path: '/test.txt',
      query: [],
      headers: { host: HOST, range: 'bytes=0-9' },
      payloadHash: EMPTY_SHA256
    })
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'
    )
    expect(headers['x-amz-date']).toBe('20130524T000000Z')
  })

  test('PUT Object with a key that needs encoding and a signed payload', () => {
    const body = Buffer.from('Welcome to Amazon S3.')
    const signed = signature({
      ...AWS,
      method: 'PUT',
      path: `/${uriEncode('test$file.text', false)}`,
      query: [],
      headers: {
        host: HOST,
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': sha256Hex(body)
      },
      payloadHash: sha256Hex(body)
    })
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072')
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text')
    expect(signed.signature).toBe(
      '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'
    )
  })

  test.each([
    [[['lifecycle', '']], 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'],
    [
      [
        ['max-keys', '2'],
        ['prefix', 'J']
      ],
      '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'
    ]
  ] as Array<[Array<[string, string]>, string]>)(
    'a bucket GET with query %j',
    (query, expected) => {
      const headers = signHeaders({
        ...AWS,
        method: 'GET',
        path: '/',
        query,
        headers: { host: HOST },
        payloadHash: EMPTY_SHA256
      })
      expect(headers.authorization).toMatch(new RegExp(`Signature=${expected}$`))
    }
  )

  test('a presigned GET URL', () => {
    expect(
      presignUrl({ ...AWS, method: 'GET', url: `https://${HOST}/test.txt`, expiresSeconds: 86400 })
    ).toBe(
      `https://${HOST}/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`
    )
  })

  test('temporary credentials add a signed x-amz-security-token', () => {
    const headers = signHeaders({
      ...AWS,
      credentials: { ...AWS.credentials, sessionToken: 'token/with+chars' },
      method: 'GET',
      path: '/k',
      query: [],
      headers: { host: HOST },
      payloadHash: EMPTY_SHA256
    })
    expect(headers['x-amz-security-token']).toBe('token/with+chars')
    expect(headers.authorization).toContain(
      'SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,'
    )
  })

  test.each([
    ['a/b c+~', false, 'a/b%20c%2B~'],
    ['a/b', true, 'a%2Fb'],
    ['é', true, '%C3%A9'],
    ['-_.~AZaz09', true, '-_.~AZaz09'],
    ["!*'()", true, '%21%2A%27%28%29']
  ])('uriEncode(%j, slash=%s) = %j', (text, slash, expected) => {
    expect(uriEncode(text, slash)).toBe(expected)
  })
})

describe('s3://BUCKET/PREFIX and its keys', () => {
  test.each([
    ['models', { bucket: 'models', prefix: '' }],
    ['models/', { bucket: 'models', prefix: '' }],
    ['models/team/hf', { bucket: 'models', prefix: 'team/hf' }],
    ['models/team/hf/', { bucket: 'models', prefix: 'team/hf' }],
    ['my.bucket-1/a b/é', { bucket: 'my.bucket-1', prefix: 'a b/é' }]
  ])('%s → %j', (target, expected) => {
    expect(parseS3Target(target)).toEqual(expected)
  })

  test.each([
    ['', /bucket/],
    ['Models/x', /bucket/],
    ['a_b/x', /bucket/],
    ['ab', /bucket/],
    ['models/../other', /"\.\." part/],
    ['models/a/./b', /"\." part/],
    ['models//a', /empty part/],
    ['models/a\\b', /backslash/],
    ['models/a\nb', /control character/]
  ])('refuses %j', (target, message) => {
    expect(() => parseS3Target(target)).toThrow(message)
  })

  const at: S3Location = { bucket: 'models', prefix: 'team/hf' }
  const tiny = { type: 'model' as const, repo: 'acme/tiny' }
  const commit = 'a'.repeat(40)

  test('keys mirror the cache layout under the prefix', () => {
    expect(keys.blob(at, tiny, 'b'.repeat(64))).toBe(
      `team/hf/models--acme--tiny/blobs/${'b'.repeat(64)}`
    )
    expect(keys.manifest(at, tiny, commit)).toBe(
      `team/hf/models--acme--tiny/manifests/${commit}.json`
    )
    expect(keys.tree(at, { type: 'dataset', repo: 'acme/d' }, commit)).toBe(
      `team/hf/datasets--acme--d/trees/${commit}.json`
    )
    expect(keys.ref(at, tiny, 'refs/pr/1')).toBe('team/hf/models--acme--tiny/refs/refs/pr/1')
    expect(keys.ref({ bucket: 'b', prefix: '' }, tiny, 'main')).toBe('models--acme--tiny/refs/main')
  })

  test.each([
    [() => keys.blob(at, tiny, '../x'), /etag/],
    [() => keys.blob(at, tiny, '..'), /etag/],
    [() => keys.manifest(at, tiny, '../../x'), /not a commit/],
    [() => keys.ref(at, tiny, '../x'), /not a ref/],
    [() => keys.ref(at, tiny, commit), /not a ref/],
    [() => keys.blob(at, { type: 'model', repo: '../x' }, 'b'.repeat(64)), /repo id/],
    [() => joinKey(at, ['a', '..', 'b']), /refusing/],
    [() => joinKey(at, ['a', '']), /refusing/]
  ])('a key that would escape the prefix is refused (%#)', (make, message) => {
    expect(make).toThrow(message)
  })

  test.each([
    ['models--acme--tiny', { type: 'model', repo: 'acme/tiny' }],
    ['datasets--acme--d', { type: 'dataset', repo: 'acme/d' }],
    ['spaces--acme--s', { type: 'space', repo: 'acme/s' }],
    ['models--gpt2', { type: 'model', repo: 'gpt2' }],
    ['other--acme--x', undefined],
    ['.locks', undefined]
  ])('parseRepoFolder(%j)', (folder, expected) => {
    expect(parseRepoFolder(folder)).toEqual(expected)
  })
})

describe('credentials, region and endpoint', () => {
  const files = (contents: Record<string, string>) => (path: string) => contents[path]

  test('the environment comes first, with a session token', () => {
    const config = resolveS3Config({
      env: {
        AWS_ACCESS_KEY_ID: 'AK',
        AWS_SECRET_ACCESS_KEY: 'SK',
        AWS_SESSION_TOKEN: 'ST',
        AWS_REGION: 'eu-west-3',
        HOME: '/home/u'
      },
      readFile: files({
        '/home/u/.aws/credentials': '[default]\naws_access_key_id=X\naws_secret_access_key=Y\n'
      })
    })
    expect(config).toEqual({
      endpoint: 'https://s3.eu-west-3.amazonaws.com',
      pathStyle: false,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' },
      credentialSource: 'environment (AWS_ACCESS_KEY_ID)'
    })
  })

  test('then the profile in ~/.aws/credentials, with region and endpoint_url from ~/.aws/config', () => {
    const config = resolveS3Config({
      env: { AWS_PROFILE: 'runpod', HOME: '/home/u' },
      readFile: files({
        '/home/u/.aws/credentials':
          '[default]\naws_access_key_id = D\naws_secret_access_key = D\n\n[runpod]\naws_access_key_id = user_x\naws_secret_access_key = rps_y\n',
        '/home/u/.aws/config':
          '[default]\nregion = us-west-2\n[profile runpod]\nregion = eu-ro-1\nendpoint_url = https://s3api-eu-ro-1.runpod.io\ns3 =\n  addressing_style = path\n'
      })
    })
    expect(config).toMatchObject({
      endpoint: 'https://s3api-eu-ro-1.runpod.io',
      pathStyle: true,
      region: 'eu-ro-1',
      credentials: { accessKeyId: 'user_x', secretAccessKey: 'rps_y' },
      credentialSource: 'profile "runpod" in /home/u/.aws/credentials'
    })
  })

  test('flags beat the environment; AWS_ENDPOINT_URL_S3 beats AWS_ENDPOINT_URL; files can be moved', () => {
    const config = resolveS3Config({
      env: {
        AWS_SHARED_CREDENTIALS_FILE: '/etc/creds',
        AWS_ENDPOINT_URL: 'https://generic.example',
        AWS_ENDPOINT_URL_S3: 'https://s3.example/base/',
        AWS_REGION: 'us-east-2'
      },
      region: 'auto',
      readFile: files({ '/etc/creds': '[default]\naws_access_key_id=A\naws_secret_access_key=B\n' })
    })
    expect(config).toMatchObject({
      endpoint: 'https://s3.example/base',
      region: 'auto',
      credentials: { accessKeyId: 'A', secretAccessKey: 'B' }
    })
    expect(resolveS3Config({ env: {}, endpoint: 'http://127.0.0.1:9000' })).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      pathStyle: true,
      region: 'us-east-1',
      credentials: undefined
    })
  })

  test.each([
    [{ AWS_ACCESS_KEY_ID: 'A' }, /AWS_SECRET_ACCESS_KEY is not set/],
    [{ AWS_PROFILE: 'missing', HOME: '/h' }, /profile "missing" has no access keys/],
    [{ AWS_ENDPOINT_URL: 'ftp://x' }, /invalid S3 endpoint/],
    [{ AWS_ENDPOINT_URL: 'https://user:pw@x' }, /must not carry credentials/],
    [{ AWS_REGION: 'us east' }, /invalid AWS region/]
  ])('refuses %j', (env, message) => {
    expect(() => resolveS3Config({ env, readFile: () => undefined })).toThrow(message)
  })

  test('parseIni reads sections, trims, skips comments and nested settings', () => {
    const ini = parseIni('# c\n[a]\nk = v \n; c\n[ profile b ]\nx=1\ns3 =\n  nested = no\n')
    expect(ini.get('a')?.get('k')).toBe('v')
    expect(ini.get('profile b')?.get('x')).toBe('1')
    expect(ini.get('profile b')?.has('nested')).toBe(false)
  })
})

describe('manifests', () => {
  const head = { type: 'model' as const, repo: 'acme/tiny', commit: 'c'.repeat(40) }
  const files = [
    {
      path: 'model.safetensors',
      size: 10,
      blobId: '1'.repeat(40),
      lfs: { sha256: 'a'.repeat(64), size: 10 }
    },
    { path: 'config.json', size: 2, blobId: '2'.repeat(40) }
  ]

  test('round-trip, sorted by path', () => {
    const text = serializeManifest({ ...head, files })
    const back = parseManifest(text, head, 'here')
    expect(back.files.map((f) => f.path)).toEqual(['config.json', 'model.safetensors'])
    expect(back.files[1]).toEqual(files[0])
  })

  test.each([
    [(d: Record<string, unknown>) => ({ ...d, format: 'x' }), /not a modelbake snapshot manifest/],
    [(d: Record<string, unknown>) => ({ ...d, commit: 'd'.repeat(40) }), /it describes/],
    [(d: Record<string, unknown>) => ({ ...d, version: 2 }), /version 2/],
    [
      (d: Record<string, unknown>) => ({
        ...d,
        files: [{ path: '../x', size: 1, blob_id: '3'.repeat(40) }]
      }),
      /unsafe path/
    ],
    [
      (d: Record<string, unknown>) => ({
        ...d,
        files: [{ path: 'a', size: 1, blob_id: '../../x' }]
      }),
      /bad blob id/
    ],
    [
      (d: Record<string, unknown>) => ({
        ...d,
        files: [{ path: 'a', size: 1, blob_id: 'x', lfs_sha256: '../' + 'a'.repeat(61) }]
      }),
      /bad sha256/
    ],
    [
      (d: Record<string, unknown>) => ({
        ...d,
        files: [{ path: 'a', size: -1, blob_id: '3'.repeat(40) }]
      }),
      /bad size/
    ]
  ])('refuses a tampered manifest (%#)', (tamper, message) => {
    const doc = JSON.parse(serializeManifest({ ...head, files }))
    expect(() => parseManifest(JSON.stringify(tamper(doc)), head, 'here')).toThrow(message)
  })

  test('merging keeps the files of another selection', () => {
    const merged = mergeFiles(
      [files[1], { path: 'z.txt', size: 1, blobId: '4'.repeat(40) }],
      [files[0]]
    )
    expect(merged.map((f) => f.path)).toEqual(['config.json', 'model.safetensors', 'z.txt'])
  })
})

describe('sizes and parts', () => {
  test.each([
    ['8388608', 8388608],
    ['64MiB', 64 * 1024 * 1024],
    ['64M', 64 * 1024 * 1024],
    ['500MB', 500_000_000],
    ['1GiB', 1024 ** 3],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['x', undefined],
    ['-1M', undefined]
  ])('parseByteSize(%j) = %j', (text, expected) => {
    expect(parseByteSize(text)).toBe(expected)
  })

  test('the part size grows when 10,000 parts would not hold the object', () => {
    expect(partSizeFor(1024 ** 3, 64 * 1024 ** 2)).toBe(64 * 1024 ** 2)
    expect(partSizeFor(1024 ** 4, 5 * 1024 ** 2)).toBe(160 * 1024 ** 2)
    expect(Math.ceil(1024 ** 4 / partSizeFor(1024 ** 4, 5 * 1024 ** 2))).toBeLessThanOrEqual(10_000)
  })
})

test('XML values are decoded', () => {
  expect(decodeXml('a &amp; b &lt;c&gt; &#233; &#x41;')).toBe('a & b <c> é A')
  expect(xmlValues('<R><Key>a&amp;b</Key><Key>c</Key></R>', 'Key')).toEqual(['a&b', 'c'])
})
