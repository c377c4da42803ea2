import { ModelbakeError } from '../src/core/errors.js'
import { assertSafeRepoPath, planRepo } from '../src/core/plan.js'
import type { RepoFile, RepoSpec } from '../src/core/types.js'

const COMMIT = 'c'.repeat(40)

const file = (path: string, size = 1): RepoFile => ({ path, size, blobId: '0'.repeat(40) })

const FILES: RepoFile[] = [
  file('config.json', 700),
  file('model-00002-of-00002.safetensors', 2000),
  file('model-00001-of-00002.safetensors', 5000),
  file('README.md', 10),
  file('.gitattributes', 1),
  file('original/params.json', 200),
  file('original/consolidated.00.pth', 9000),
  file('onnx/model.onnx', 3000)
]

const spec = (extra: Partial<RepoSpec> = {}): RepoSpec => ({
  repo: 'org/model',
  type: 'model',
  revision: 'main',
  ...extra
})

function failure(run: () => unknown): ModelbakeError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ModelbakeError)
    return error as ModelbakeError
  }
  throw new Error('expected a ModelbakeError')
}

type Patterns = { allow?: string[]; ignore?: string[] }

const SELECTIONS: [
  name: string,
  own: Patterns,
  runWide: Patterns,
  paths: string[],
  bytes: number
][] = [
  [
    'no patterns: everything, sorted by code point',
    {},
    {},
    [
      '.gitattributes',
      'README.md',
      'config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'onnx/model.onnx',
      'original/consolidated.00.pth',
      'original/params.json'
    ],
    19911
  ],
  ['run-wide allow', {}, { allow: ['*.json'] }, ['config.json', 'original/params.json'], 900],
  [
    'run-wide allow and ignore',
    {},
    { allow: ['*.json', '*.safetensors'], ignore: ['original/'] },
    ['config.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'],
    7700
  ],
  [
    'own allow replaces run-wide allow',
    { allow: ['onnx/'] },
    { allow: ['*.json'] },
    ['onnx/model.onnx'],
    3000
  ],
  [
    'own ignore replaces run-wide ignore',
    { ignore: ['*.pth'] },
    { allow: ['original/*'], ignore: ['*.json'] },
    ['original/params.json'],
    200
  ],
  [
    'own allow keeps run-wide ignore',
    { allow: ['original/'] },
    { ignore: ['*.pth'] },
    ['original/params.json'],
    200
  ],
  [
    'own empty allow means everything',
    { allow: [] },
    { allow: ['*.json'], ignore: ['*.safetensors', '*.pth', 'onnx/', 'original/'] },
    ['.gitattributes', 'README.md', 'config.json'],
    711
  ],
  [
    'run-wide empty allow means everything',
    {},
    { allow: [], ignore: ['model*', 'o*'] },
    ['.gitattributes', 'README.md', 'config.json'],
    711
  ],
  [
    'own empty ignore drops run-wide ignore',
    { ignore: [] },
    { allow: ['o*/'], ignore: ['*'] },
    ['onnx/model.onnx', 'original/consolidated.00.pth', 'original/params.json'],
    12200
  ],
  ['backslash pattern', {}, { allow: ['original\\params.json'] }, ['original/params.json'], 200]
]

test.each(SELECTIONS)('planRepo: %s', (_name, own, runWide, paths, bytes) => {
  const plan = planRepo({ spec: spec(own), commit: COMMIT, files: FILES, ...runWide })
  expect(plan.files.map((f) => f.path)).toEqual(paths)
  expect(plan.totalBytes).toBe(bytes)
  expect(plan.commit).toBe(COMMIT)
  expect(plan.spec).toEqual(spec(own))
  expect(plan.allFiles.map((f) => f.path)).toEqual([...FILES.map((f) => f.path)].sort())
})

test('planRepo sorts by code point, not by UTF-16 unit', () => {
  const files = [file('\u{1F600}'), file('\uE000'), file('a')]
  expect(planRepo({ spec: spec(), commit: COMMIT, files }).files.map((f) => f.path)).toEqual([
    'a',
    '\uE000',
    '\u{1F600}'
  ])
})

test('planRepo does not reorder its input', () => {
  const files = [file('b'), file('a')]
  planRepo({ spec: spec(), commit: COMMIT, files })
  expect(files.map((f) => f.path)).toEqual(['b', 'a'])
})

test('no file matches: the message names the patterns and shows the repo', () => {
  const error = failure(() =>
    planRepo({ spec: spec(), commit: COMMIT, files: FILES, allow: ['*.gguf'], ignore: ['*.bin'] })
  )
  expect(error.repo).toBe('org/model')
  expect(error.message).toBe(
    `No file matches the patterns: allow "*.gguf" and ignore "*.bin". The repo has 8 files at commit ${COMMIT}: ` +
      '".gitattributes", "README.md", "config.json", "model-00001-of-00002.safetensors", ' +
      '"model-00002-of-00002.safetensors", "onnx/model.onnx", "original/consolidated.00.pth", ' +
      '"original/params.json".'
  )
  expect(error.hint).toContain('"*.json" matches "a/b.json"')
})

test('no file matches: own patterns are named with their source, and at most 10 paths are shown', () => {
  const files = Array.from({ length: 13 }, (_, i) => file(`f${String(i).padStart(2, '0')}.bin`))
  const error = failure(() =>
    planRepo({
      spec: spec({ allow: ['*.JSON'], source: 'specs.yaml entry 3' }),
      commit: COMMIT,
      files
    })
  )
  expect(error.message).toBe(
    `No file matches its own patterns (specs.yaml entry 3): allow "*.JSON". The repo has 13 files at commit ${COMMIT}: ` +
      '"f00.bin", "f01.bin", "f02.bin", "f03.bin", "f04.bin", "f05.bin", "f06.bin", "f07.bin", "f08.bin", "f09.bin", … (3 more).'
  )
})

test('no file matches: one file, ignore only', () => {
  const error = failure(() =>
    planRepo({ spec: spec(), commit: COMMIT, files: [file('a.bin')], ignore: ['*'] })
  )
  expect(error.message).toBe(
    `No file matches the patterns: ignore "*". The repo has 1 file at commit ${COMMIT}: "a.bin".`
  )
})

test.each([
  ['an empty repo', [], `The repo has no file at commit ${COMMIT} (revision main).`],
  [
    'a path listed twice',
    [file('a'), file('b'), file('a')],
    `The listing of commit ${COMMIT} has "a" twice.`
  ],
  [
    'a file that is also a folder',
    [file('a'), file('a/b')],
    'The repo lists both the file "a" and "a/b".'
  ],
  [
    'a deep file/folder clash',
    [file('x/y'), file('x/y/z/w')],
    'The repo lists both the file "x/y" and "x/y/z/w".'
  ]
])('planRepo refuses %s', (_name, files, message) => {
  const error = failure(() => planRepo({ spec: spec(), commit: COMMIT, files }))
  expect(error.message).toBe(message)
  expect(error.repo).toBe('org/model')
  expect(error.hint).toBeDefined()
})

test('a file/folder clash outside the selection is harmless', () => {
  const plan = planRepo({
    spec: spec(),
    commit: COMMIT,
    files: [file('a'), file('a/b')],
    ignore: ['a']
  })
  expect(plan.files.map((f) => f.path)).toEqual(['a/b'])
  expect(plan.allFiles).toHaveLength(2)
})

test.each([['main'], ['C'.repeat(40)], ['c'.repeat(39)], ['']])(
  'planRepo refuses commit %j',
  (commit) => {
    expect(failure(() => planRepo({ spec: spec(), commit, files: FILES })).message).toMatch(
      /^Not a commit: /
    )
  }
)

const PATHS: [path: string, problem: string | undefined][] = [
  ['config.json', undefined],
  ['a/b/c.safetensors', undefined],
  ['.gitattributes', undefined],
  ['..hidden', undefined],
  ['a..b/c', undefined],
  ['dir/ü ñ.txt', undefined],
  ['emoji/\u{1F600}.bin', undefined],
  ['a:b', undefined],
  ['x'.repeat(255), undefined],
  ['\u00e9'.repeat(127) + 'x', undefined],
  [Array.from({ length: 16 }, () => 'd'.repeat(255)).join('/'), undefined],
  ['', 'it is empty'],
  ['/etc/passwd', 'it is absolute'],
  ['/', 'it is absolute'],
  ['..', 'it has a ".." segment'],
  ['../x', 'it has a ".." segment'],
  ['a/../../x', 'it has a ".." segment'],
  ['a/..', 'it has a ".." segment'],
  ['.', 'it has a "." segment'],
  ['a/./b', 'it has a "." segment'],
  ['a//b', 'it has an empty segment'],
  ['a/', 'it has an empty segment'],
  ['a\\b', 'it contains a backslash'],
  ['..\\x', 'it contains a backslash'],
  ['a\u0000b', 'it contains a control character'],
  ['a\nb', 'it contains a control character'],
  ['a\tb', 'it contains a control character'],
  ['a\u007fb', 'it contains a control character'],
  ['a\u0085b', 'it contains a control character'],
  ['a\ud800b', 'it is not valid Unicode'],
  ['x'.repeat(256), 'a segment is longer than 255 bytes'],
  ['\u00e9'.repeat(128), 'a segment is longer than 255 bytes'],
  [Array.from({ length: 17 }, () => 'd'.repeat(255)).join('/'), 'it is longer than 4096 bytes']
]

test.each(PATHS)('assertSafeRepoPath(%j): %s', (path, problem) => {
  if (problem === undefined) {
    expect(() => assertSafeRepoPath(path, 'org/model')).not.toThrow()
    return
  }
  const error = failure(() => assertSafeRepoPath(path, 'org/model'))
  expect(error.message).toBe(`The repo lists an unsafe path ${JSON.stringify(path)}: ${problem}.`)
  expect(error.repo).toBe('org/model')
})

test('assertSafeRepoPath escapes what it shows', () => {
  const error = failure(() => assertSafeRepoPath('a\u001b[31mred\n..', 'org/model'))
  expect(error.message).not.toMatch(/\p{Cc}/u)
  expect(error.message).toContain('"a\\u001b[31mred\\n.."')
})
