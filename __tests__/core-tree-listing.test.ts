import type { RepoFile } from '../src/core/types.js'
import {
  compareCodePoints,
  isTreeListingWritable,
  isValidXetHash,
  parseTreeListing,
  pythonJsonString,
  serializeTreeListing
} from '../src/core/tree-listing.js'

// Expected texts are what huggingface_hub's write_tree_cache (_tree_cache.py, run from its source
// while writing this table) put in trees/<commit>.json for the same entries, one array item a line.
const SERIALIZE: [name: string, files: RepoFile[], lines: string[]][] = [
  ['empty', [], ['{', ' "format_version": 1,', ' "files": {}', '}']],
  [
    'one file',
    [{ path: 'config.json', size: 519, blobId: '0000000000000000000000000000000000000000' }],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "config.json": {',
      '   "size": 519,',
      '   "blob_id": "0000000000000000000000000000000000000000"',
      '  }',
      ' }',
      '}'
    ]
  ],
  [
    'lfs and xet',
    [
      {
        path: 'model.safetensors',
        size: 1234567890123,
        blobId: '1111111111111111111111111111111111111111',
        lfs: {
          sha256: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          size: 1234567890123
        },
        xetHash: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBcccccccccccccccccccccccccccccccc'
      },
      { path: 'README.md', size: 0, blobId: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' }
    ],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "README.md": {',
      '   "size": 0,',
      '   "blob_id": "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"',
      '  },',
      '  "model.safetensors": {',
      '   "size": 1234567890123,',
      '   "blob_id": "1111111111111111111111111111111111111111",',
      '   "lfs_sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",',
      '   "lfs_size": 1234567890123,',
      '   "xet_hash": "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBcccccccccccccccccccccccccccccccc"',
      '  }',
      ' }',
      '}'
    ]
  ],
  [
    'xet without lfs',
    [
      {
        path: 'x.bin',
        size: 5,
        blobId: '2222222222222222222222222222222222222222',
        xetHash: 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'
      }
    ],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "x.bin": {',
      '   "size": 5,',
      '   "blob_id": "2222222222222222222222222222222222222222",',
      '   "xet_hash": "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"',
      '  }',
      ' }',
      '}'
    ]
  ],
  [
    'code point order',
    [
      { path: 'b', size: 0, blobId: '0000000000000000000000000000000000000000' },
      { path: 'a/b', size: 1, blobId: '1111111111111111111111111111111111111111' },
      { path: 'a', size: 2, blobId: '2222222222222222222222222222222222222222' },
      { path: 'A', size: 3, blobId: '3333333333333333333333333333333333333333' },
      { path: '_', size: 4, blobId: '4444444444444444444444444444444444444444' },
      { path: '\u00e9', size: 5, blobId: '5555555555555555555555555555555555555555' },
      { path: '\ue000', size: 6, blobId: '6666666666666666666666666666666666666666' },
      { path: '\ud83d\ude00', size: 7, blobId: '7777777777777777777777777777777777777777' },
      { path: 'a-b', size: 8, blobId: '8888888888888888888888888888888888888888' },
      { path: 'a.b', size: 9, blobId: '9999999999999999999999999999999999999999' },
      {
        path: 'a/',
        size: 10,
        blobId: '10101010101010101010101010101010101010101010101010101010101010101010101010101010'
      },
      {
        path: '10',
        size: 11,
        blobId: '11111111111111111111111111111111111111111111111111111111111111111111111111111111'
      },
      {
        path: '9',
        size: 12,
        blobId: '12121212121212121212121212121212121212121212121212121212121212121212121212121212'
      }
    ],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "10": {',
      '   "size": 11,',
      '   "blob_id": "11111111111111111111111111111111111111111111111111111111111111111111111111111111"',
      '  },',
      '  "9": {',
      '   "size": 12,',
      '   "blob_id": "12121212121212121212121212121212121212121212121212121212121212121212121212121212"',
      '  },',
      '  "A": {',
      '   "size": 3,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "_": {',
      '   "size": 4,',
      '   "blob_id": "4444444444444444444444444444444444444444"',
      '  },',
      '  "a": {',
      '   "size": 2,',
      '   "blob_id": "2222222222222222222222222222222222222222"',
      '  },',
      '  "a-b": {',
      '   "size": 8,',
      '   "blob_id": "8888888888888888888888888888888888888888"',
      '  },',
      '  "a.b": {',
      '   "size": 9,',
      '   "blob_id": "9999999999999999999999999999999999999999"',
      '  },',
      '  "a/": {',
      '   "size": 10,',
      '   "blob_id": "10101010101010101010101010101010101010101010101010101010101010101010101010101010"',
      '  },',
      '  "a/b": {',
      '   "size": 1,',
      '   "blob_id": "1111111111111111111111111111111111111111"',
      '  },',
      '  "b": {',
      '   "size": 0,',
      '   "blob_id": "0000000000000000000000000000000000000000"',
      '  },',
      '  "\\u00e9": {',
      '   "size": 5,',
      '   "blob_id": "5555555555555555555555555555555555555555"',
      '  },',
      '  "\\ue000": {',
      '   "size": 6,',
      '   "blob_id": "6666666666666666666666666666666666666666"',
      '  },',
      '  "\\ud83d\\ude00": {',
      '   "size": 7,',
      '   "blob_id": "7777777777777777777777777777777777777777"',
      '  }',
      ' }',
      '}'
    ]
  ],
  [
    'escapes',
    [
      { path: 'dir/\u00fc.txt', size: 1, blobId: '3333333333333333333333333333333333333333' },
      {
        path: 'emoji\ud83d\ude00.bin',
        size: 1,
        blobId: '3333333333333333333333333333333333333333'
      },
      { path: 'quote".txt', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'back\\slash', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'tab\tname', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'del\u007f', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'ls\u2028ps\u2029', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'ctrl\u0001\u001f', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'nl\nname', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'cr\r\b\f', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'slash/', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: '~!@#$%^&*()', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: '\u0000nul', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: 'a\u0301', size: 1, blobId: '3333333333333333333333333333333333333333' },
      { path: '\ud800lone', size: 1, blobId: '3333333333333333333333333333333333333333' }
    ],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "\\u0000nul": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "a\\u0301": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "back\\\\slash": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "cr\\r\\b\\f": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "ctrl\\u0001\\u001f": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "del\\u007f": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "dir/\\u00fc.txt": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "emoji\\ud83d\\ude00.bin": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "ls\\u2028ps\\u2029": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "nl\\nname": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "quote\\".txt": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "slash/": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "tab\\tname": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "~!@#$%^&*()": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  },',
      '  "\\ud800lone": {',
      '   "size": 1,',
      '   "blob_id": "3333333333333333333333333333333333333333"',
      '  }',
      ' }',
      '}'
    ]
  ],
  [
    'duplicate path keeps last',
    [
      { path: 'a', size: 1, blobId: '4444444444444444444444444444444444444444' },
      { path: 'a', size: 2, blobId: '5555555555555555555555555555555555555555' }
    ],
    [
      '{',
      ' "format_version": 1,',
      ' "files": {',
      '  "a": {',
      '   "size": 2,',
      '   "blob_id": "5555555555555555555555555555555555555555"',
      '  }',
      ' }',
      '}'
    ]
  ]
]

describe('serializeTreeListing writes what huggingface_hub writes', () => {
  test.each(SERIALIZE)('%s', (_name, files, lines) => {
    expect(serializeTreeListing(files)).toBe(lines.join('\n'))
  })

  test.each(SERIALIZE)('%s reads back', (_name, files, lines) => {
    const last = new Map(files.map((file) => [file.path, file]))
    const expected = [...last.values()].sort((a, b) => compareCodePoints(a.path, b.path))
    expect(parseTreeListing(lines.join('\n'))).toEqual(expected)
  })

  test('an invalid Xet hash: huggingface_hub writes nothing, and neither do we', () => {
    const files: RepoFile[] = [{ path: 'a', size: 1, blobId: '4'.repeat(40), xetHash: 'short' }]
    expect(isTreeListingWritable(files)).toBe(false)
    expect(() => serializeTreeListing(files)).toThrow(/Xet hash of "a" is not 64 hex/)
  })

  test.each([
    [-1, /-1, not a byte count/],
    [1.5, /1.5, not a byte count/],
    [2 ** 53, /not a byte count/]
  ])('size %d is refused', (size, message) => {
    expect(() => serializeTreeListing([{ path: 'a', size, blobId: 'b' }])).toThrow(message)
  })
})

// Expected values are what huggingface_hub's read_tree_cache returned for the same file text
// (null: it ignores the file).
const PARSE: [name: string, text: string, expected: RepoFile[] | null][] = [
  [
    'minimal',
    '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b"}}}',
    [{ path: 'a', size: 1, blobId: 'b' }]
  ],
  [
    'all fields',
    '{"format_version": 1, "files": {"m.bin": {"size": 9, "blob_id": "b", "lfs_sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "lfs_size": 9, "xet_hash": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"}}}',
    [
      {
        path: 'm.bin',
        size: 9,
        blobId: 'b',
        lfs: {
          sha256: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          size: 9
        },
        xetHash: 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd'
      }
    ]
  ],
  ['no files', '{"format_version": 1, "files": {}}', []],
  ['format_version 2', '{"format_version": 2, "files": {}}', null],
  ['format_version "1"', '{"format_version": "1", "files": {}}', null],
  [
    'format_version 1.0',
    '{"format_version": 1.0, "files": {"a": {"size": 1, "blob_id": "b"}}}',
    [{ path: 'a', size: 1, blobId: 'b' }]
  ],
  ['format_version true', '{"format_version": true, "files": {}}', []],
  ['no format_version', '{"files": {}}', null],
  ['no files key', '{"format_version": 1}', null],
  ['entry without blob_id', '{"format_version": 1, "files": {"a": {"size": 1}}}', null],
  ['entry without size', '{"format_version": 1, "files": {"a": {"blob_id": "b"}}}', null],
  ['entry is a string', '{"format_version": 1, "files": {"a": "x"}}', null],
  ['entry is a list', '{"format_version": 1, "files": {"a": [1]}}', null],
  ['invalid JSON', '{"format_version": 1, "files": {', null],
  ['empty text', '', null],
  [
    'invalid xet hash',
    '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b", "xet_hash": "zz"}}}',
    null
  ],
  [
    'upper-case xet hash',
    '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b", "xet_hash": "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"}}}',
    [
      {
        path: 'a',
        size: 1,
        blobId: 'b',
        xetHash: 'DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD'
      }
    ]
  ],
  [
    'null xet and lfs',
    '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b", "xet_hash": null, "lfs_sha256": null, "lfs_size": null}}}',
    [{ path: 'a', size: 1, blobId: 'b' }]
  ],
  [
    'extra keys',
    '{"format_version": 1, "extra": 1, "files": {"a": {"size": 1, "blob_id": "b", "other": 2}}}',
    [{ path: 'a', size: 1, blobId: 'b' }]
  ],
  ['BOM', '\ufeff{"format_version": 1, "files": {}}', null],
  [
    'escaped path',
    '{"format_version": 1, "files": {"d\\u00e9j\\u00e0/\\ud83d\\ude00": {"size": 1, "blob_id": "b"}}}',
    [{ path: 'd\u00e9j\u00e0/\ud83d\ude00', size: 1, blobId: 'b' }]
  ],
  [
    'numeric-looking paths',
    '{"format_version": 1, "files": {"9": {"size": 1, "blob_id": "b"}, "10": {"size": 2, "blob_id": "c"}, "a": {"size": 3, "blob_id": "d"}}}',
    [
      { path: '10', size: 2, blobId: 'c' },
      { path: '9', size: 1, blobId: 'b' },
      { path: 'a', size: 3, blobId: 'd' }
    ]
  ],
  [
    'duplicate key keeps last',
    '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b"}, "a": {"size": 2, "blob_id": "c"}}}',
    [{ path: 'a', size: 2, blobId: 'c' }]
  ]
]

describe('parseTreeListing reads what huggingface_hub reads', () => {
  test.each(PARSE)('%s', (_name, text, expected) => {
    expect(parseTreeListing(text)).toEqual(expected ?? undefined)
  })

  // huggingface_hub crashes on these (AttributeError/TypeError) or keeps garbage: we ignore the file.
  test.each([
    ['root is a list', '[]'],
    ['root is a number', '1'],
    ['root is null', 'null'],
    ['files is a list', '{"format_version": 1, "files": []}'],
    ['files is null', '{"format_version": 1, "files": null}'],
    ['size is a string', '{"format_version": 1, "files": {"a": {"size": "1", "blob_id": "b"}}}'],
    ['size is negative', '{"format_version": 1, "files": {"a": {"size": -1, "blob_id": "b"}}}'],
    ['blob_id is a number', '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": 5}}}'],
    [
      'xet hash is a number',
      '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b", "xet_hash": 5}}}'
    ],
    [
      'lfs_sha256 without lfs_size',
      '{"format_version": 1, "files": {"a": {"size": 1, "blob_id": "b", "lfs_sha256": "x"}}}'
    ]
  ])('%s → undefined', (_name, text) => {
    expect(parseTreeListing(text)).toBeUndefined()
  })
})

// Python's json.dumps(s) with ensure_ascii=True.
test.each([
  ['plain', '"plain"'],
  ['', '""'],
  ['a"b\\c', '"a\\"b\\\\c"'],
  ['\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
  ['\u0000\u0001\u001f', '"\\u0000\\u0001\\u001f"'],
  [' ~', '" ~"'],
  ['\u007f', '"\\u007f"'],
  ['\u0080\u00e9\u00ff', '"\\u0080\\u00e9\\u00ff"'],
  ['\u2028\u2029', '"\\u2028\\u2029"'],
  ['\uabcd\uFFFF', '"\\uabcd\\uffff"'],
  ['\u{1F600}', '"\\ud83d\\ude00"'],
  ['\ud800', '"\\ud800"'],
  ["/<>&'", '"/<>&\'"']
])('pythonJsonString(%j) → %s', (value, expected) => {
  expect(pythonJsonString(value)).toBe(expected)
})

// Python's sorted() on str: code point order.
test.each([
  ['a', 'b', -1],
  ['b', 'a', 1],
  ['a', 'a', 0],
  ['', 'a', -1],
  ['a', '', 1],
  ['a', 'a/', -1],
  ['a/b', 'a-b', 1],
  ['A', 'a', -1],
  ['\uE000', '\u{1F600}', -1],
  ['\u{1F600}', '\uFFFF', 1],
  ['10', '9', -1]
])('compareCodePoints(%j, %j) has the sign of %d', (a, b, sign) => {
  expect(Math.sign(compareCodePoints(a, b))).toBe(sign)
})

test.each([
  ['a'.repeat(64), true],
  ['A'.repeat(32) + '0'.repeat(32), true],
  ['a'.repeat(63), false],
  ['a'.repeat(65), false],
  ['g'.repeat(64), false],
  ['', false]
])('isValidXetHash(%j) → %j', (hash, expected) => {
  expect(isValidXetHash(hash)).toBe(expected)
})
