// The Actions cache key and the size decisions, as tables.
import { UsageError } from '../src/core/errors.js'
import { parseLimit } from '../src/destinations/gha-cache/index.js'
import { cacheKey, patternsHash, restorePrefix } from '../src/destinations/gha-cache/key.js'
import { decideSaves, DEFAULT_LIMIT } from '../src/destinations/gha-cache/limits.js'

const COMMIT = '0123456789abcdef0123456789abcdef01234567'
const NONE = patternsHash(undefined, undefined)

describe('cacheKey', () => {
  test('is prefix, repo folder, patterns hash and commit', () => {
    expect(cacheKey({ type: 'model', repo: 'acme/tiny-model', commit: COMMIT })).toBe(
      `modelbake-v1-models--acme--tiny-model-${NONE}-${COMMIT}`
    )
    expect(NONE).toMatch(/^[0-9a-f]{16}$/)
    expect(cacheKey({ type: 'dataset', repo: 'acme/d', commit: COMMIT })).toBe(
      `modelbake-v1-datasets--acme--d-${NONE}-${COMMIT}`
    )
  })

  test('the restore key is the key without its commit', () => {
    const input = { type: 'model', repo: 'acme/m', commit: COMMIT, allow: ['*.json'] } as const
    expect(cacheKey(input)).toBe(`${restorePrefix(input)}${COMMIT}`)
  })

  test.each([
    ['no patterns = an empty allow list', [undefined, undefined], [[], []], true],
    ['order and duplicates do not matter', [['b', 'a'], ['x']], [['a', 'b', 'a'], ['x']], true],
    ['allow and ignore are told apart', [['a'], undefined], [undefined, ['a']], false],
    ['another pattern is another entry', [['*.json'], undefined], [['*.bin'], undefined], false]
  ] as Array<[string, Array<string[] | undefined>, Array<string[] | undefined>, boolean]>)(
    'patterns: %s',
    (_, [allowA, ignoreA], [allowB, ignoreB], same) => {
      expect(patternsHash(allowA, ignoreA) === patternsHash(allowB, ignoreB)).toBe(same)
    }
  )

  test('a long repo id stays within @actions/cache’s 512 characters, with no comma', () => {
    const repo = `${'o'.repeat(42)}/${'n'.repeat(96)}`
    const key = cacheKey({ type: 'dataset', repo, commit: COMMIT, allow: ['a,b'] })
    expect(key.length).toBeLessThan(512)
    expect(key).not.toContain(',')
  })
})

describe('decideSaves', () => {
  const entry = (label: string, bytes: number, present = false) => ({
    label,
    key: `k-${label}`,
    bytes,
    present
  })

  test('entries that fit are saved, present ones skipped', () => {
    expect(decideSaves([entry('a', 4), entry('b', 3, true), entry('c', 3)], 10)).toEqual([
      { key: 'k-a', save: true },
      { key: 'k-b', save: false, reason: 'present' },
      { key: 'k-c', save: true }
    ])
  })

  test('an entry larger than the limit is named, with its size and the limit', () => {
    const [decision] = decideSaves([entry('org/big@0123', 11 * 1024 ** 3)], DEFAULT_LIMIT)
    expect(decision).toMatchObject({ save: false, reason: 'too-large' })
    expect(decision.save === false && 'message' in decision && decision.message).toBe(
      'org/big@0123 (11.0 GiB) would not fit: it is larger than the 10.0 GiB the Actions cache ' +
        'holds per repository; not saved (key k-org/big@0123). Select fewer files ' +
        '(--allow/--ignore), or keep it in the runner’s tool cache (--to tool-cache) or in S3 ' +
        '(--to s3://…)'
    )
  })

  test('an entry that fits alone but not with the others names them, restored ones included', () => {
    const decisions = decideSaves(
      [entry('kept', 4 * 1024, true), entry('a', 4 * 1024), entry('b', 4 * 1024)],
      10 * 1024
    )
    expect(decisions.map((d) => (d.save ? 'save' : d.reason))).toEqual([
      'present',
      'save',
      'no-room'
    ])
    const last = decisions[2]
    expect(last.save === false && 'message' in last && last.message).toMatch(
      /^b \(4\.0 KiB\) would not fit alongside kept \(4\.0 KiB\), a \(4\.0 KiB\): together 12\.0 KiB, over the 10\.0 KiB the Actions cache holds per repository: GitHub would evict the least recently used entries/
    )
  })
})

test.each([
  [undefined, DEFAULT_LIMIT],
  ['10GiB', 10 * 1024 ** 3],
  ['50GB', 50e9],
  ['512MiB', 512 * 1024 ** 2],
  ['1000', 1000]
])('--gha-cache-limit %j → %d bytes', (text, bytes) => {
  expect(parseLimit(text)).toBe(bytes)
})

test.each(['', '0', 'ten', '-1GB'])('--gha-cache-limit %j is a usage error', (text) => {
  expect(() => parseLimit(text)).toThrow(UsageError)
})
