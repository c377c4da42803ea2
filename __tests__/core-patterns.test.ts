import {
  filterRepoItems,
  filterRepoPaths,
  fnmatchcase,
  normalizePattern,
  translatePattern
} from '../src/core/patterns.js'

// Expected values come from Python 3.11's fnmatch.fnmatchcase (same algorithm as 3.12-3.14), run on
// each row while writing this table.
const FNMATCH: [pattern: string, name: string, expected: boolean][] = [
  ['*.json', 'config.json', true],
  ['*.json', 'original/params.json', true],
  ['*.json', 'config.jsonl', false],
  ['*.json', '.json', true],
  ['*.json', 'json', false],
  ['*.json', 'a.JSON', false],
  ['*', '', true],
  ['*', 'a/b/c', true],
  ['*', '.hidden', true],
  ['**', 'a/b', true],
  ['?', 'a', true],
  ['?', '', false],
  ['?', 'ab', false],
  ['?', '/', true],
  ['?', '\ud83d\ude00', true],
  ['?', '\u00e9', true],
  ['?', '\n', true],
  ['a?c', 'abc', true],
  ['a?c', 'a/c', true],
  ['a?c', 'ac', false],
  ['a?c', 'abbc', false],
  ['[abc]', 'a', true],
  ['[abc]', 'c', true],
  ['[abc]', 'd', false],
  ['[abc]', '', false],
  ['[!abc]', 'a', false],
  ['[!abc]', 'd', true],
  ['[!abc]', '/', true],
  ['[!abc]', '!', true],
  ['[a-c]x', 'bx', true],
  ['[a-c]x', 'dx', false],
  ['[a-c]x', '-x', false],
  ['[a-cx-z]', 'b', true],
  ['[a-cx-z]', 'y', true],
  ['[a-cx-z]', 'm', false],
  ['[]]', ']', true],
  ['[]]', 'a', false],
  ['[]a]', ']', true],
  ['[]a]', 'a', true],
  ['[]a]', 'b', false],
  ['[!]]', ']', false],
  ['[!]]', 'a', true],
  ['[!]a]', ']', false],
  ['[!]a]', 'a', false],
  ['[!]a]', 'b', true],
  ['[', '[', true],
  ['[', '', false],
  ['[a', '[a', true],
  ['[a', 'a', false],
  ['a[', 'a[', true],
  ['a[', 'a', false],
  ['[!', '[!', true],
  ['[!]', '[!]', true],
  ['[!]', '!', false],
  ['[]', '[]', true],
  ['[]', ']', false],
  ['[z-a]', 'z', false],
  ['[z-a]', 'a', false],
  ['[z-a]', 'm', false],
  ['[z-a]', '-', false],
  ['[!z-a]', 'q', true],
  ['[!z-a]', 'z', true],
  ['[!z-a]', '', false],
  ['[z-a!b]', 'c', true],
  ['[z-a!b]', 'b', false],
  ['[z-a!b]', '!', true],
  ['[z-ab-a]', 'a', false],
  ['[z-ab-a]', 'b', false],
  ['[z-ab-a]', 'z', false],
  ['[a-]', '-', true],
  ['[a-]', 'a', true],
  ['[a-]', 'b', false],
  ['[-a]', '-', true],
  ['[-a]', 'a', true],
  ['[!-a]', '-', false],
  ['[!-a]', 'a', false],
  ['[!-a]', 'b', true],
  ['[a-b-c]', '-', true],
  ['[a-b-c]', 'c', true],
  ['[a-b-c]', 'b', true],
  ['[c-a-b]', '-', true],
  ['[c-a-b]', 'b', true],
  ['[c-a-b]', 'c', false],
  ['[\\]', '\\', true],
  ['[\\]', ']', false],
  ['[\\-z]', 'a', true],
  ['[\\-z]', '\\', true],
  ['[\\-z]', ']', true],
  ['\\*', '\\x', true],
  ['\\*', '\\', true],
  ['\\*', '*', false],
  ['a\\b', 'a\\b', true],
  ['a\\b', 'a/b', false],
  ['[*]', '*', true],
  ['[*]', 'a', false],
  ['[?]', '?', true],
  ['[?]', 'a', false],
  ['[^a]', '^', true],
  ['[^a]', 'a', true],
  ['[^a]', 'b', false],
  ['[a^]', '^', true],
  ['[a^]', 'a', true],
  ['[[]', '[', true],
  ['[[a]', '[', true],
  ['[[a]', 'a', true],
  ['[[a]', 'b', false],
  ['[&&]', '&', true],
  ['[~~]', '~', true],
  ['[a||b]', '|', true],
  ['[a||b]', 'b', true],
  ['[a--b]', 'a', false],
  ['[a--b]', '-', false],
  ['[a--b]', 'b', true],
  ['[a-z0-9]', 'Q', false],
  ['[a-z0-9]', 'q', true],
  ['[a-z0-9]', '5', true],
  ['[\ud83d\ude00-\ud83d\ude02]', '\ud83d\ude01', true],
  ['[\ud83d\ude00-\ud83d\ude02]', '\ud83d\ude03', false],
  ['[!\ud83d\ude00]', '\ud83d\ude00', false],
  ['[!\ud83d\ude00]', 'a', true],
  ['\u00e9*', '\u00e9t\u00e9', true],
  ['\u00e9*', 'e', false],
  ['**/*.bin', 'a.bin', false],
  ['**/*.bin', 'x/a.bin', true],
  ['**/*.bin', 'x/y/a.bin', true],
  ['onnx/*', 'onnx/model.onnx', true],
  ['onnx/*', 'onnx', false],
  ['onnx/*', 'onnx/sub/x.onnx', true],
  ['onnx/*', 'onnx-x/y', false],
  ['*a*b*c', 'aXbYc', true],
  ['*a*b*c', 'acb', false],
  ['*a*b*c', 'abcabc', true],
  ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
  ['*a*a*a*b', 'aaab', true],
  ['*a*a*a*b', 'aaxab', true],
  ['.*', '.gitattributes', true],
  ['.*', 'a/.hidden', false],
  ['*/.git', 'x/.git', true],
  ['*/.git', '.git', false],
  ['*/.git', 'a/b/.git', true],
  ['*.safetensors', 'model-00001-of-00002.safetensors', true],
  ['*.safetensors', 'model.safetensors.index.json', false],
  ['model-*-of-*.safetensors', 'model-00001-of-00002.safetensors', true],
  ['model-*-of-*.safetensors', 'model.safetensors', false],
  ['(a|b)', '(a|b)', true],
  ['(a|b)', 'a', false],
  ['$^.+', '$^.+', true],
  ['$^.+', 'x', false],
  ['a{1,2}', 'a{1,2}', true],
  ['a{1,2}', 'aa', false],
  ['a.b', 'a.b', true],
  ['a.b', 'axb', false],
  ['*\n', 'a\n', true],
  ['*\n', 'a', false],
  ['', '', true],
  ['', 'a', false],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ba', false],
  ['*a', 'a', true],
  ['*a', 'ba', true],
  ['*a', 'ab', false],
  ['a**b', 'ab', true],
  ['a**b', 'a/x/b', true],
  ['*?', '', false],
  ['*?', 'a', true],
  ['?*?', 'a', false],
  ['?*?', 'ab', true]
]

describe('fnmatchcase matches like Python', () => {
  test.each(FNMATCH)('%j on %j → %j', (pattern, name, expected) => {
    expect(fnmatchcase(name, pattern)).toBe(expected)
  })

  test('compiled regexes are cached and reused', () => {
    expect(fnmatchcase('a.json', '*.json')).toBe(true)
    expect(fnmatchcase('a.bin', '*.json')).toBe(false)
    expect(fnmatchcase('x/a.json', '*.json')).toBe(true)
  })

  test('interior stars match in linear time (atomic as in Python)', () => {
    const start = Date.now()
    expect(fnmatchcase('a'.repeat(20000), '*a*a*a*a*a*a*a*a*a*a*a*a*b')).toBe(false)
    expect(fnmatchcase('a'.repeat(20000) + 'b', '*a*a*a*a*a*a*a*a*a*a*a*a*b')).toBe(true)
    expect(Date.now() - start).toBeLessThan(2000)
  })

  test.each([
    ['*.json', '^(?:.*\\u{2e}json)$'],
    ['a*b*c', '^(?:a(?=(.*?b))(?:\\1).*c)$'],
    ['[!a-c]', '^(?:[^a-c])$'],
    ['[z-a]', '^(?:(?!))$'],
    ['[!z-a]', '^(?:.)$'],
    ['x[', '^(?:x\\u{5b})$']
  ])('translatePattern(%j) is /%s/su', (pattern, expected) => {
    expect(translatePattern(pattern).source).toBe(expected)
    expect(translatePattern(pattern).flags).toBe('su')
  })
})

test.each([
  ['onnx/', 'onnx/*'],
  ['onnx\\', 'onnx/*'],
  ['a\\b\\*.json', 'a/b/*.json'],
  ['*.json', '*.json'],
  ['/', '/*'],
  ['', '']
])('normalizePattern(%j) → %j', (pattern, expected) => {
  expect(normalizePattern(pattern)).toBe(expected)
})

// Expected values come from huggingface_hub's filter_repo_objects (utils/_paths.py), run on each row.
const REPO_PATHS = [
  '.gitattributes',
  'README.md',
  'config.json',
  'generation_config.json',
  'model-00001-of-00002.safetensors',
  'model-00002-of-00002.safetensors',
  'model.safetensors.index.json',
  'original/params.json',
  'original/consolidated.00.pth',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
  'pytorch_model.bin',
  'gguf/model-Q4_K_M.gguf',
  'gguf/model-Q8_0.gguf',
  'weird\\name.bin'
]

const FILTER: [allow: string[] | undefined, ignore: string[] | undefined, expected: string[]][] = [
  [
    undefined,
    undefined,
    [
      '.gitattributes',
      'README.md',
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
      'original/params.json',
      'original/consolidated.00.pth',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'pytorch_model.bin',
      'gguf/model-Q4_K_M.gguf',
      'gguf/model-Q8_0.gguf',
      'weird\\name.bin'
    ]
  ],
  [
    ['*.json'],
    undefined,
    [
      'config.json',
      'generation_config.json',
      'model.safetensors.index.json',
      'original/params.json',
      'tokenizer.json',
      'tokenizer_config.json'
    ]
  ],
  [
    ['*.json', '*.safetensors'],
    ['original/*'],
    [
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
      'tokenizer.json',
      'tokenizer_config.json'
    ]
  ],
  [['onnx/'], undefined, ['onnx/model.onnx', 'onnx/model_quantized.onnx']],
  [['onnx\\'], undefined, ['onnx/model.onnx', 'onnx/model_quantized.onnx']],
  [
    undefined,
    ['*.bin', '*.pth'],
    [
      '.gitattributes',
      'README.md',
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
      'original/params.json',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'gguf/model-Q4_K_M.gguf',
      'gguf/model-Q8_0.gguf'
    ]
  ],
  [[], undefined, []],
  [
    undefined,
    [],
    [
      '.gitattributes',
      'README.md',
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
      'original/params.json',
      'original/consolidated.00.pth',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'pytorch_model.bin',
      'gguf/model-Q4_K_M.gguf',
      'gguf/model-Q8_0.gguf',
      'weird\\name.bin'
    ]
  ],
  [[], [], []],
  [['*'], ['*'], []],
  [['*Q4_K_M*'], undefined, ['gguf/model-Q4_K_M.gguf']],
  [['original'], undefined, []],
  [['original/'], ['*.pth'], ['original/params.json']],
  [['*.JSON'], undefined, []],
  [['weird/name.bin'], undefined, ['weird\\name.bin']],
  [['weird\\name.bin'], undefined, ['weird\\name.bin']],
  [['README.md'], undefined, ['README.md']],
  [
    ['[!.]*'],
    undefined,
    [
      'README.md',
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'model.safetensors.index.json',
      'original/params.json',
      'original/consolidated.00.pth',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'pytorch_model.bin',
      'gguf/model-Q4_K_M.gguf',
      'gguf/model-Q8_0.gguf',
      'weird\\name.bin'
    ]
  ],
  [['*.gguf'], ['gguf/*Q8*'], ['gguf/model-Q4_K_M.gguf']],
  [
    ['*.safetensors', '*.json'],
    ['*index*', 'original/'],
    [
      'config.json',
      'generation_config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'tokenizer.json',
      'tokenizer_config.json'
    ]
  ],
  [['gguf/model-Q?_*.gguf'], undefined, ['gguf/model-Q4_K_M.gguf', 'gguf/model-Q8_0.gguf']],
  [['/config.json'], undefined, []],
  [
    ['*/'],
    undefined,
    [
      'original/params.json',
      'original/consolidated.00.pth',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'gguf/model-Q4_K_M.gguf',
      'gguf/model-Q8_0.gguf',
      'weird\\name.bin'
    ]
  ],
  [
    ['*.[jb][si][on]*'],
    undefined,
    [
      'config.json',
      'generation_config.json',
      'model.safetensors.index.json',
      'original/params.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'pytorch_model.bin',
      'weird\\name.bin'
    ]
  ]
]

describe('filterRepoPaths filters like huggingface_hub filter_repo_objects', () => {
  test.each(FILTER)('allow %j, ignore %j', (allow, ignore, expected) => {
    expect(filterRepoPaths(REPO_PATHS, allow, ignore)).toEqual(expected)
  })

  test('filterRepoItems keeps whole items, in order', () => {
    const items = [
      { path: 'b.json', n: 1 },
      { path: 'a.bin', n: 2 },
      { path: 'c/d.json', n: 3 }
    ]
    expect(filterRepoItems(items, (item) => item.path, ['*.json'])).toEqual([items[0], items[2]])
  })
})
