import { UsageError } from '../src/core/errors.js'
import {
  formatSpec,
  mergeSpecs,
  parseSpec,
  parseSpecDocument,
  parseSpecList,
  specsFromEnv,
  validateRepoId,
  validateRevision
} from '../src/core/spec.js'
import type { RepoSpec } from '../src/core/types.js'

const COMMIT = '0123456789abcdef0123456789abcdef01234567'

/** The error a call throws, for assertions on what a user would read. */
function failure(run: () => unknown): UsageError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return error as UsageError
  }
  throw new Error('expected a UsageError')
}

// Expected values come from huggingface_hub's validate_repo_id (utils/_validators.py), run on each row.
const REPO_IDS: [repo: string, valid: boolean][] = [
  ['gpt2', true],
  ['bert-base-uncased', true],
  ['meta-llama/Llama-3.1-8B', true],
  ['Qwen/Qwen2.5-0.5B-Instruct', true],
  ['a', true],
  ['a/b', true],
  ['1/2', true],
  ['_/_', true],
  ['_private/x_', true],
  ['Foo-BAR_foo.bar123', true],
  ['org/' + 'n'.repeat(96), true],
  ['org/' + 'n'.repeat(97), false],
  ['o'.repeat(200) + '/name', true],
  ['n'.repeat(96), true],
  ['n'.repeat(97), false],
  ['org/name.git', false],
  ['org/name.gitx', true],
  ['org.git/name', true],
  ['a--b', false],
  ['org/a--b', false],
  ['a..b', false],
  ['org/a..b', false],
  ['a-b-c/d.e.f', true],
  ['a.b/c-d', true],
  ['-org/name', false],
  ['org-/name', false],
  ['.org/name', false],
  ['org./name', false],
  ['org/-name', false],
  ['org/name-', false],
  ['org/.name', false],
  ['org/name.', false],
  ['org/name/extra', false],
  ['datasets/org/name', false],
  ['/name', false],
  ['org/', false],
  ['', false],
  ['org//name', false],
  ['org name', false],
  ['org/na me', false],
  ['org/name!', false],
  ['org/n@me', false],
  ['org:name', false],
  ['org\\name', false],
  ['org/na%20me', false],
  ['org/na#me', false],
  ['../etc', false],
  ['org/..', false],
  ['./x', false],
  ['x/.', false],
  ['org/a-.b', true],
  ['org/a.-b', true],
  ['org/a_.b', true],
  ['org/x', true]
]

describe('validateRepoId agrees with huggingface_hub validate_repo_id', () => {
  test.each(REPO_IDS)('%j → %j', (repo, valid) => {
    expect(validateRepoId(repo) === undefined).toBe(valid)
  })

  // Deliberately stricter: Python's \w is Unicode and its $ accepts a trailing newline.
  test.each([['café/bär'], ['org/name\n'], ['org/ñame'], ['组织/模型']])(
    '%j is refused (huggingface_hub accepts it, the Hub does not)',
    (repo) => {
      expect(validateRepoId(repo)).toBeDefined()
    }
  )

  test.each([
    ['a--b', 'a repo id cannot contain "--" or ".."'],
    ['org/name.git', 'a repo id cannot end with ".git"'],
    ['a/b/c', 'a repo id has at most one "/"'],
    ['-a/b', 'a repo id part cannot start or end with "-" or "."'],
    ['a/b.', 'a repo id part cannot start or end with "-" or "."'],
    ['org/', 'the repo id has an empty part'],
    ['org/a b', 'the repo id contains " "'],
    ['org/' + 'n'.repeat(97), 'the repo name is longer than 96 characters'],
    ['', 'the repo id is empty']
  ])('%j: %s', (repo, problem) => {
    expect(validateRepoId(repo)).toBe(problem)
  })
})

// git check-ref-format --allow-onelevel, plus modelbake's own refusals (marked).
const REVISIONS: [revision: string, valid: boolean][] = [
  ['main', true],
  ['v1.0', true],
  ['refs/pr/1', true],
  ['refs/convert/parquet', true],
  ['feature/x-y_z', true],
  ['release-2024.01', true],
  ['é', true],
  ['a@b', true],
  ['a+b', true],
  ['HEAD', true],
  ['1234', true],
  ['a/b/c', true],
  ['x.lockx', true],
  ['a{b}', true],
  ['a,b', true],
  ['_', true],
  [COMMIT, true],
  [COMMIT.toUpperCase(), true],
  ['', false],
  ['a b', false],
  ['a\tb', false],
  ['a..b', false],
  ['a@{1}', false],
  ['a//b', false],
  ['/a', false],
  ['a/', false],
  ['-a', false],
  ['a.', false],
  ['a.lock', false],
  ['a/b.lock/c', false],
  ['.a', false],
  ['a/.b', false],
  ['..', false],
  ['~a', false],
  ['a^', false],
  ['a:b', false],
  ['a?', false],
  ['a*', false],
  ['a[', false],
  ['a\\b', false],
  ['@', false],
  ['a\u0000b', false],
  ['a\u007f', false],
  ['a%20', false], // modelbake: URL metacharacter
  ['a#b', false], // modelbake: URL metacharacter
  ['a\u200bb', false], // modelbake: invisible format character
  ['a\u00a0b', false], // modelbake: no-break space
  ['\ud800', false], // modelbake: lone surrogate
  ['x'.repeat(255), true],
  ['x'.repeat(256), false] // modelbake: refs/<revision> is a file name
]

test.each(REVISIONS)('validateRevision(%j) valid: %j', (revision, valid) => {
  expect(validateRevision(revision) === undefined).toBe(valid)
})

const PARSE: [
  text: string,
  options: { type?: 'model' | 'dataset' | 'space' },
  expected: RepoSpec
][] = [
  ['org/name', {}, { repo: 'org/name', type: 'model', revision: 'main' }],
  ['  org/name  ', {}, { repo: 'org/name', type: 'model', revision: 'main' }],
  ['gpt2', {}, { repo: 'gpt2', type: 'model', revision: 'main' }],
  ['org/name:dev', {}, { repo: 'org/name', type: 'model', revision: 'dev' }],
  ['org/name:v1.0', {}, { repo: 'org/name', type: 'model', revision: 'v1.0' }],
  ['org/name:refs/pr/12', {}, { repo: 'org/name', type: 'model', revision: 'refs/pr/12' }],
  ['org/name:feature/x', {}, { repo: 'org/name', type: 'model', revision: 'feature/x' }],
  [`org/name:${COMMIT}`, {}, { repo: 'org/name', type: 'model', revision: COMMIT }],
  ['models/org/name', {}, { repo: 'org/name', type: 'model', revision: 'main' }],
  ['datasets/org/data', {}, { repo: 'org/data', type: 'dataset', revision: 'main' }],
  ['datasets/squad', {}, { repo: 'squad', type: 'dataset', revision: 'main' }],
  [
    'datasets/org/data:refs/convert/parquet',
    {},
    { repo: 'org/data', type: 'dataset', revision: 'refs/convert/parquet' }
  ],
  ['spaces/org/app:main', {}, { repo: 'org/app', type: 'space', revision: 'main' }],
  ['org/data', { type: 'dataset' }, { repo: 'org/data', type: 'dataset', revision: 'main' }],
  ['models/org/name', { type: 'dataset' }, { repo: 'org/name', type: 'model', revision: 'main' }],
  ['spaces/org/app', { type: 'dataset' }, { repo: 'org/app', type: 'space', revision: 'main' }],
  ['dataset/name', {}, { repo: 'dataset/name', type: 'model', revision: 'main' }],
  ['datasets', {}, { repo: 'datasets', type: 'model', revision: 'main' }],
  ['Org_1/Model.v2-x', {}, { repo: 'Org_1/Model.v2-x', type: 'model', revision: 'main' }]
]

test.each(PARSE)('parseSpec(%j, %j)', (text, options, expected) => {
  expect(parseSpec(text, options)).toEqual(expected)
})

test('parseSpec records its source', () => {
  expect(parseSpec('org/a', { source: 'argument 2' }).source).toBe('argument 2')
})

const PARSE_ERRORS: [text: string, problem: string, hint: string][] = [
  ['', 'it is empty', 'Write org/name or org/name:revision'],
  ['   ', 'it is empty', 'Write org/name or org/name:revision'],
  ['https://huggingface.co/org/name', 'it is a URL, not a repo spec', 'Write "org/name".'],
  ['http://hf.co/org/name/', 'it is a URL, not a repo spec', 'Write "org/name".'],
  ['huggingface.co/org/name', 'it is a URL, not a repo spec', 'Write "org/name".'],
  [
    'https://huggingface.co/datasets/org/d',
    'it is a URL, not a repo spec',
    'Write "datasets/org/d".'
  ],
  [
    'https://huggingface.co/spaces/org/app?x=1',
    'it is a URL, not a repo spec',
    'Write "spaces/org/app".'
  ],
  [
    'https://huggingface.co/org/name/tree/dev',
    'it is a URL, not a repo spec',
    'Write "org/name:dev".'
  ],
  [
    'https://huggingface.co/org/name/tree/main',
    'it is a URL, not a repo spec',
    'Write "org/name".'
  ],
  [
    'https://huggingface.co/org/name/tree/refs%2Fpr%2F3',
    'it is a URL, not a repo spec',
    'Write "org/name:refs/pr/3".'
  ],
  [
    'https://huggingface.co/org/name/blob/dev/sub/config.json',
    'it is a URL, not a repo spec',
    'Write "org/name:dev" (a spec names a whole repo: select "sub/config.json" with an allow pattern).'
  ],
  [
    'https://huggingface.co/org/name/resolve/main/model.gguf',
    'it is a URL, not a repo spec',
    'Write "org/name" (a spec names a whole repo: select "model.gguf" with an allow pattern).'
  ],
  ['hf://datasets/org/d@v1', 'it is a URL, not a repo spec', 'Write "datasets/org/d:v1".'],
  ['hf://org/name', 'it is a URL, not a repo spec', 'Write "org/name".'],
  ['https://example.com/org/name', 'it is a URL, not a repo spec', 'Write the repo as org/name'],
  ['s3://bucket/key', 'it is a URL, not a repo spec', 'Write the repo as org/name'],
  ['org/name@dev', 'a revision goes after ":", not "@"', 'Write "org/name:dev".'],
  [
    'org/name main',
    'it contains a space',
    'Write "org/name:main" for a revision, or separate two repos with a comma.'
  ],
  ['org/name: main', 'it contains a space', 'Write "org/name:main"'],
  ['org/a org/b org/c', 'it contains a space', 'Separate entries with commas or newlines'],
  ['org/name # note', 'a comment must be on a line of its own', 'Start comment lines with "#"'],
  ['org/na\u200bme', 'it contains an invisible or control character', 'Write org/name'],
  ['dataset/org/name', '"dataset/" is not a repo type prefix', 'Write "datasets/org/name".'],
  ['space/org/app', '"space/" is not a repo type prefix', 'Write "spaces/org/app".'],
  ['kernels/org/k', 'kernel repos are not supported', 'List models, datasets/ or spaces/.'],
  ['org/name/extra', 'a repo id has at most one "/"', 'prefix datasets/ or spaces/'],
  ['constructor/org/x', 'a repo id has at most one "/"', 'prefix datasets/ or spaces/'],
  ['datasets/', 'the repo id is empty', 'A repo id is name or org/name'],
  ['datasets/org/', 'the repo id has an empty part', 'A repo id is name or org/name'],
  ['org--x/y', 'a repo id cannot contain "--" or ".."', 'A repo id is name or org/name'],
  ['org/name.git', 'a repo id cannot end with ".git"', 'A repo id is name or org/name'],
  ['../etc/passwd', 'a repo id has at most one "/"', 'prefix datasets/ or spaces/'],
  ['org/na%20me', 'the repo id contains "%"', 'A repo id is name or org/name'],
  ['org/name:', 'the revision after ":" is empty', 'Drop the ":" to use main, or name a revision.'],
  [
    'org/name:a..b',
    'the revision contains ".."',
    'A revision is a branch, a tag, refs/pr/N or a 40-hex commit'
  ],
  ['org/name:a:b', 'the revision contains ":"', 'A revision is a branch'],
  ['org/name:-x', 'the revision cannot start with "-"', 'A revision is a branch'],
  ['org/name:/x', 'the revision cannot start with "/"', 'A revision is a branch'],
  ['org/name:x/', 'the revision cannot end with "/"', 'A revision is a branch'],
  ['org/name:x.', 'the revision cannot end with "."', 'A revision is a branch'],
  ['org/name:x.lock', 'a part of the revision cannot end with ".lock"', 'A revision is a branch'],
  ['org/name:refs/.x', 'a part of the revision cannot start with "."', 'A revision is a branch'],
  ['org/name:a%2Fb', 'the revision contains "%"', 'A revision is a branch'],
  ['org/name:a#b', 'the revision contains "#"', 'A revision is a branch'],
  ['org/name:a?b', 'the revision contains "?"', 'A revision is a branch'],
  ['org/name:x@{1}', 'the revision contains "@{"', 'A revision is a branch'],
  ['org/name:@', 'the revision cannot be "@"', 'A revision is a branch']
]

test.each(PARSE_ERRORS)('parseSpec(%j) fails: %s', (text, problem, hint) => {
  const error = failure(() => parseSpec(text, { source: 'argument 1' }))
  expect(error.message).toBe(
    `Invalid repo spec ${JSON.stringify(text.trim())} (argument 1): ${problem}.`
  )
  expect(error.hint).toContain(hint)
  expect(error.exitCode).toBe(2)
})

test('without a source the message has no position', () => {
  expect(failure(() => parseSpec('a b')).message).toBe(
    'Invalid repo spec "a b": it contains a space.'
  )
})

const LISTS: [text: string, expected: RepoSpec[]][] = [
  ['', []],
  ['  \n\n ,, \n', []],
  ['org/a', [{ repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1' }]],
  [
    'org/a,org/b:dev',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1' },
      { repo: 'org/b', type: 'model', revision: 'dev', source: 'L entry 2' }
    ]
  ],
  [
    ' org/a , , org/b ,',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'L entry 2' }
    ]
  ],
  [
    '# models\norg/a\r\n  # indented comment\n\norg/b, datasets/org/c:refs/pr/2\r',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1, line 2' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'L entry 2, line 5' },
      { repo: 'org/c', type: 'dataset', revision: 'refs/pr/2', source: 'L entry 3, line 5' }
    ]
  ],
  [
    'org/a,org/a,org/a:main',
    [{ repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1' }]
  ],
  [
    'org/a,org/a:dev,datasets/org/a',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'L entry 1' },
      { repo: 'org/a', type: 'model', revision: 'dev', source: 'L entry 2' },
      { repo: 'org/a', type: 'dataset', revision: 'main', source: 'L entry 3' }
    ]
  ],
  ['#org/a,org/b', []]
]

test.each(LISTS)('parseSpecList(%j)', (text, expected) => {
  expect(parseSpecList(text, { source: 'L' })).toEqual(expected)
})

test.each([
  ['org/a,org/b c', 'Invalid repo spec "org/b c" (L entry 2): it contains a space.'],
  [
    'org/a\n\norg/b\norg/c:a..b',
    'Invalid repo spec "org/c:a..b" (L entry 3, line 4): the revision contains "..".'
  ],
  [
    'org/a, https://huggingface.co/org/b',
    'Invalid repo spec "https://huggingface.co/org/b" (L entry 2): it is a URL, not a repo spec.'
  ],
  [
    'org/a # the main model',
    'Invalid repo spec "org/a # the main model" (L entry 1): a comment must be on a line of its own.'
  ]
])('parseSpecList(%j) fails naming the entry', (text, message) => {
  expect(failure(() => parseSpecList(text, { source: 'L' })).message).toBe(message)
})

test('parseSpecList gives unnamed lists plain positions', () => {
  expect(parseSpecList('org/a,org/b')[1]!.source).toBe('entry 2')
  expect(failure(() => parseSpecList('org/a\norg/b c')).message).toBe(
    'Invalid repo spec "org/b c" (entry 2, line 2): it contains a space.'
  )
})

const ENVS: [env: Record<string, string | undefined>, expected: RepoSpec[]][] = [
  [{}, []],
  [{ HUGGINGFACE_MODELS: '' }, []],
  [{ PATH: '/usr/bin', HF_TOKEN: 'x' }, []],
  [
    { RUNPOD_HUGGINGFACE_MODEL: 'org/a:dev' },
    [{ repo: 'org/a', type: 'model', revision: 'dev', source: 'RUNPOD_HUGGINGFACE_MODEL entry 1' }]
  ],
  [
    { HUGGINGFACE_MODEL: 'org/a', HUGGINGFACE_MODELS: 'org/b, org/a' },
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'HUGGINGFACE_MODEL entry 1' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'HUGGINGFACE_MODELS entry 1' }
    ]
  ],
  [
    { RUNPOD_HUGGINGFACE_DATASET: 'org/d', HUGGINGFACE_DATASET: undefined },
    [
      {
        repo: 'org/d',
        type: 'dataset',
        revision: 'main',
        source: 'RUNPOD_HUGGINGFACE_DATASET entry 1'
      }
    ]
  ],
  [
    { HUGGINGFACE_DATASETS: 'org/d1\norg/d2:v2', HUGGINGFACE_MODELS: 'org/m' },
    [
      { repo: 'org/m', type: 'model', revision: 'main', source: 'HUGGINGFACE_MODELS entry 1' },
      {
        repo: 'org/d1',
        type: 'dataset',
        revision: 'main',
        source: 'HUGGINGFACE_DATASETS entry 1, line 1'
      },
      {
        repo: 'org/d2',
        type: 'dataset',
        revision: 'v2',
        source: 'HUGGINGFACE_DATASETS entry 2, line 2'
      }
    ]
  ],
  [
    { HUGGINGFACE_DATASET: 'org/x', HUGGINGFACE_MODEL: 'org/x' },
    [
      { repo: 'org/x', type: 'model', revision: 'main', source: 'HUGGINGFACE_MODEL entry 1' },
      { repo: 'org/x', type: 'dataset', revision: 'main', source: 'HUGGINGFACE_DATASET entry 1' }
    ]
  ]
]

test.each(ENVS)('specsFromEnv(%j)', (env, expected) => {
  expect(specsFromEnv(env)).toEqual(expected)
})

test('specsFromEnv names the variable of a bad entry', () => {
  expect(failure(() => specsFromEnv({ HUGGINGFACE_DATASETS: 'org/a,org/b:' })).message).toBe(
    'Invalid repo spec "org/b:" (HUGGINGFACE_DATASETS entry 2): the revision after ":" is empty.'
  )
})

const spec = (repo: string, extra: Partial<RepoSpec> = {}): RepoSpec => ({
  repo,
  type: 'model',
  revision: 'main',
  ...extra
})

const MERGES: [specs: RepoSpec[], expected: RepoSpec[]][] = [
  [[], []],
  [[spec('a/b'), spec('a/b')], [spec('a/b')]],
  [
    [spec('a/b', { source: 'one' }), spec('a/b', { source: 'two' })],
    [spec('a/b', { source: 'one' })]
  ],
  [
    [spec('a/b'), spec('a/b', { revision: 'dev' })],
    [spec('a/b'), spec('a/b', { revision: 'dev' })]
  ],
  [
    [spec('a/b'), spec('a/b', { type: 'dataset' })],
    [spec('a/b'), spec('a/b', { type: 'dataset' })]
  ],
  [
    [spec('a/b', { allow: ['x', 'y'] }), spec('a/b', { allow: ['y', 'x', 'x'] })],
    [spec('a/b', { allow: ['x', 'y'] })]
  ],
  [
    [spec('a/b', { allow: ['x'] }), spec('a/b', { allow: ['y'] })],
    [spec('a/b', { allow: ['x', 'y'] })]
  ],
  [
    [spec('a/b', { allow: ['x'], ignore: ['z'] }), spec('a/b', { allow: ['y'], ignore: ['z'] })],
    [spec('a/b', { allow: ['x', 'y'], ignore: ['z'] })]
  ],
  [[spec('a/b', { allow: ['x'] }), spec('a/b', { allow: [] })], [spec('a/b', { allow: [] })]],
  [
    [spec('a/b', { ignore: ['z'] }), spec('a/b', { ignore: ['z'] })],
    [spec('a/b', { ignore: ['z'] })]
  ]
]

test.each(MERGES)('mergeSpecs %#', (specs, expected) => {
  expect(mergeSpecs(specs)).toEqual(expected)
})

test.each([
  [[spec('a/b'), spec('a/b', { allow: ['x'], source: 'f.yaml entry 2' })]],
  [[spec('a/b', { allow: ['x'], ignore: ['y'] }), spec('a/b', { allow: ['x'] })]],
  [[spec('a/b', { ignore: ['y'] }), spec('a/b', { ignore: ['z'] })]]
])('mergeSpecs refuses duplicates it cannot merge exactly %#', (specs) => {
  const error = failure(() => mergeSpecs(specs))
  expect(error.message).toMatch(/^a\/b is listed twice with different patterns \(/)
  expect(error.hint).toBe('List a/b once, with the union of what you need.')
})

test('mergeSpecs does not change its input', () => {
  const first = spec('a/b', { allow: ['x'] })
  mergeSpecs([first, spec('a/b', { allow: ['y'] })])
  expect(first.allow).toEqual(['x'])
})

test.each([
  [spec('org/a'), 'org/a'],
  [spec('org/a', { revision: 'dev' }), 'org/a:dev'],
  [spec('org/d', { type: 'dataset', revision: 'refs/pr/1' }), 'datasets/org/d:refs/pr/1'],
  [spec('org/s', { type: 'space' }), 'spaces/org/s']
])('formatSpec(%j) → %j', (value, expected) => {
  expect(formatSpec(value)).toBe(expected)
  expect(parseSpec(expected)).toEqual({ ...value, source: undefined })
})

const DOCUMENTS: [name: string, text: string, expected: RepoSpec[]][] = [
  ['empty', '', []],
  ['only comments', '# nothing yet\n', []],
  [
    'plain list falls back to parseSpecList',
    'org/a\norg/b:dev',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'F entry 1, line 1' },
      { repo: 'org/b', type: 'model', revision: 'dev', source: 'F entry 2, line 2' }
    ]
  ],
  [
    'comma list',
    'org/a, datasets/org/d',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'F entry 1' },
      { repo: 'org/d', type: 'dataset', revision: 'main', source: 'F entry 2' }
    ]
  ],
  [
    'YAML list of strings',
    '- org/a\n- "org/b:v1"\n',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'F entry 1, line 1' },
      { repo: 'org/b', type: 'model', revision: 'v1', source: 'F entry 2, line 2' }
    ]
  ],
  [
    'flow list',
    '[org/a, org/b]',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'F entry 1, line 1' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'F entry 2, line 1' }
    ]
  ],
  [
    'modelbake entries',
    [
      '- repo: org/a',
      "  revision: '0123'",
      '  allow: "*.json"',
      '- repo: org/d',
      '  type: dataset',
      '  ignore: ["*.bin", "original/"]',
      '- repo: datasets/org/e:refs/pr/4',
      '  allow: []',
      '- repo: org/f',
      '  revision: 0123456',
      '  allow:',
      '  ignore: ~'
    ].join('\n'),
    [
      {
        repo: 'org/a',
        type: 'model',
        revision: '0123',
        allow: ['*.json'],
        source: 'F entry 1, line 1'
      },
      {
        repo: 'org/d',
        type: 'dataset',
        revision: 'main',
        ignore: ['*.bin', 'original/'],
        source: 'F entry 2, line 4'
      },
      {
        repo: 'org/e',
        type: 'dataset',
        revision: 'refs/pr/4',
        allow: [],
        source: 'F entry 3, line 7'
      },
      { repo: 'org/f', type: 'model', revision: '0123456', source: 'F entry 4, line 9' }
    ]
  ],
  [
    'digits-only commit stays a string',
    `- repo: org/a\n  revision: ${'1'.repeat(40)}\n`,
    [{ repo: 'org/a', type: 'model', revision: '1'.repeat(40), source: 'F entry 1, line 1' }]
  ],
  [
    'anchors and aliases',
    '- repo: org/a\n  allow: &weights ["*.json", "*.safetensors"]\n- repo: org/b\n  allow: *weights\n',
    [
      {
        repo: 'org/a',
        type: 'model',
        revision: 'main',
        allow: ['*.json', '*.safetensors'],
        source: 'F entry 1, line 1'
      },
      {
        repo: 'org/b',
        type: 'model',
        revision: 'main',
        allow: ['*.json', '*.safetensors'],
        source: 'F entry 2, line 3'
      }
    ]
  ],
  [
    'quoted scalar',
    '"org/a:dev, org/b"',
    [
      { repo: 'org/a', type: 'model', revision: 'dev', source: 'F entry 1' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'F entry 2' }
    ]
  ],
  [
    'list with YAML comments',
    '# weights\n- org/a  # the big one\n- org/b\n',
    [
      { repo: 'org/a', type: 'model', revision: 'main', source: 'F entry 1, line 2' },
      { repo: 'org/b', type: 'model', revision: 'main', source: 'F entry 2, line 3' }
    ]
  ],
  [
    'one mapping',
    'repo: org/a\nrevision: dev\n',
    [{ repo: 'org/a', type: 'model', revision: 'dev', source: 'F entry 1, line 1' }]
  ],
  [
    'truss config.yaml',
    [
      'model_name: Llama',
      'resources:',
      '  accelerator: H100',
      'model_cache:',
      '  - repo_id: meta-llama/Llama-3.1-8B-Instruct',
      '    revision: main',
      '    use_volume: true',
      '    volume_folder: llama',
      '    kind: hf',
      '    runtime_secret_name: hf_access_token',
      '    allow_patterns:',
      '      - "*.json"',
      '      - "*.safetensors"',
      '    ignore_patterns: ["original/*"]',
      '  - repo_id: org/small',
      'secrets:',
      '  hf_access_token: null'
    ].join('\n'),
    [
      {
        repo: 'meta-llama/Llama-3.1-8B-Instruct',
        type: 'model',
        revision: 'main',
        allow: ['*.json', '*.safetensors'],
        ignore: ['original/*'],
        source: 'F model_cache[0], line 5'
      },
      { repo: 'org/small', type: 'model', revision: 'main', source: 'F model_cache[1], line 15' }
    ]
  ],
  [
    'truss model_cache list alone',
    '- repo_id: org/a\n  revision: v2\n  use_volume: false\n',
    [{ repo: 'org/a', type: 'model', revision: 'v2', source: 'F entry 1, line 1' }]
  ],
  ['truss with an empty model_cache', 'model_cache: []\n', []],
  ['truss with a null model_cache', 'model_cache:\n', []]
]

test.each(DOCUMENTS)('parseSpecDocument: %s', (_name, text, expected) => {
  expect(parseSpecDocument(text, { source: 'F' })).toEqual(expected)
})

test('parseSpecDocument: the list type applies to entries that name none', () => {
  const specs = parseSpecDocument('- repo: org/a\n- repo: org/b\n  type: model\n- models/org/c\n', {
    type: 'dataset',
    source: 'F'
  })
  expect(specs.map((s) => s.type)).toEqual(['dataset', 'model', 'model'])
})

const DOCUMENT_ERRORS: [name: string, text: string, message: string, hint: string][] = [
  [
    'unquoted pattern starting with *',
    '- repo: org/a\n  allow: *.json\n',
    'Invalid repo spec (F entry 1, line 1): "*.json" is read as a YAML alias.',
    'Quote patterns that start with "*"'
  ],
  [
    'misspelled key',
    '- repo: org/a\n  alow: ["*.json"]\n',
    'Invalid repo spec (F entry 1, line 1): unknown key "alow".',
    'An entry has repo (required), revision, type'
  ],
  [
    'misspelled truss key',
    'model_cache:\n  - repo_id: org/a\n    allow_pattern: ["*.json"]\n',
    'Invalid repo spec (F model_cache[0], line 2): unknown key "allow_pattern".',
    'A model_cache entry has repo_id, revision, allow_patterns'
  ],
  [
    'truss kind gcs',
    'model_cache:\n  - repo_id: gs://bucket/llama\n    kind: gcs\n',
    'Invalid repo spec (F model_cache[0], line 2): kind "gcs" is not supported: only Hugging Face sources are (kind: hf).',
    'Fetch gcs, s3 and azure weights with their own tools'
  ],
  [
    'missing repo',
    '- revision: dev\n',
    'Invalid repo spec (F entry 1, line 1): "repo" is missing.',
    'Write repo: org/name.'
  ],
  [
    'missing repo_id',
    'model_cache:\n  - repo_id:\n    revision: dev\n',
    'Invalid repo spec (F model_cache[0], line 2): "repo_id" is missing.',
    'Write repo_id: org/name.'
  ],
  [
    'bad repo in an entry',
    '- repo: org/a b\n',
    'Invalid repo spec "org/a b" (F entry 1, line 1): it contains a space.',
    'Write "org/a:b"'
  ],
  [
    'bad revision in an entry',
    '- repo: org/a\n  revision: a..b\n',
    'Invalid repo spec (F entry 1, line 1): the revision contains "..".',
    'A revision is a branch'
  ],
  [
    'two revisions',
    '- repo: org/a:dev\n  revision: main\n',
    'Invalid repo spec (F entry 1, line 1): repo says revision "dev" but revision says "main".',
    'Give the revision once'
  ],
  [
    'two types',
    '- repo: datasets/org/a\n  type: model\n',
    'Invalid repo spec (F entry 1, line 1): repo says dataset but type says model.',
    'Give the type once.'
  ],
  [
    'unknown type',
    '- repo: org/a\n  type: datasets\n',
    'Invalid repo spec (F entry 1, line 1): type "datasets" is not model, dataset or space.',
    'Write type: model, type: dataset or type: space.'
  ],
  [
    'empty pattern',
    '- repo: org/a\n  allow: ["*.json", ""]\n',
    'Invalid repo spec (F entry 1, line 1): allow must be a pattern or a list of patterns, with no empty one.',
    'quoted when they start with "*"'
  ],
  [
    'nested pattern list',
    '- repo: org/a\n  ignore: [["*.bin"]]\n',
    'Invalid repo spec (F entry 1, line 1): ignore must be a pattern or a list of patterns, with no empty one.',
    'Give a pattern or a list of patterns'
  ],
  [
    'repo and repo_id',
    '- repo: org/a\n  repo_id: org/a\n',
    'Invalid repo spec (F entry 1, line 1): an entry has both "repo" and "repo_id".',
    'Keep one of them.'
  ],
  [
    'repo is a list',
    '- repo: [org/a]\n',
    'Invalid repo spec (F entry 1, line 1): "repo" must be a string.',
    'Write org/name'
  ],
  [
    'nested list item',
    '- [org/a]\n',
    'Invalid repo spec (F entry 1, line 1): an entry must be a spec or a mapping.',
    'Write org/name'
  ],
  [
    'model_cache is a mapping',
    'model_cache:\n  repo_id: org/a\n',
    'Invalid repo spec (F model_cache, line 2): model_cache must be a list.',
    'Write model_cache: followed by "- repo_id: org/name" items.'
  ],
  [
    'model_cache item is a string',
    'model_cache:\n  - org/a\n',
    'Invalid repo spec (F model_cache[0], line 2): a model_cache entry must be a mapping.',
    'Write - repo_id: org/name'
  ],
  [
    'space after the colon',
    'org/a: main\n',
    'Invalid repo spec (F document, line 1): a YAML mapping here needs a model_cache: key.',
    'Write "org/a:main", with no space after ":".'
  ],
  [
    'a config.yaml without model_cache',
    'model_name: x\nresources:\n  cpu: "1"\n',
    'Invalid repo spec (F document, line 1): a YAML mapping here needs a model_cache: key.',
    'Write a YAML list ("- repo: org/name") or a truss config.yaml with a model_cache: list.'
  ],
  [
    'broken YAML',
    '- repo: org/a\n  allow: [\n',
    'Invalid spec document (F, line 3): Flow sequence in block collection must be sufficiently indented and end with a ].',
    'Fix the YAML'
  ],
  [
    'duplicate keys',
    '- repo: org/a\n  repo: org/b\n',
    'Invalid spec document (F, line 2): Map keys must be unique.',
    'Fix the YAML'
  ],
  [
    'duplicates that cannot merge',
    '- repo: org/a\n  allow: ["*.json"]\n- repo: org/a\n  ignore: ["*.bin"]\n',
    'org/a is listed twice with different patterns (F entry 1, line 1 and F entry 2, line 3).',
    'List org/a once'
  ]
]

test.each(DOCUMENT_ERRORS)('parseSpecDocument fails: %s', (_name, text, message, hint) => {
  const error = failure(() => parseSpecDocument(text, { source: 'F' }))
  expect(error.message).toBe(message)
  expect(error.hint).toContain(hint)
})
