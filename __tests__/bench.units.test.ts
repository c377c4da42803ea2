// The benchmark's pure pieces: options, statistics, the throughput curve, the profile summary and
// the table.
import { throughput, throughputChart } from '../bench/chart.js'
import { manySmallFiles, modelFiles, sizeLabel } from '../bench/fixtures.js'
import { GIB, MIB, parseBenchArgs } from '../bench/options.js'
import { summarizeProfile, type CpuProfile } from '../bench/profile.js'
import { markdownTable, ROWS, Rows } from '../bench/report.js'
import { fmt, median, medianIndex, pairedRatio, roundOrder } from '../bench/stats.js'

const parse = (argv: string[]) => parseBenchArgs(argv, {}, { resultsDir: '/r' })

describe('options', () => {
  test('defaults: 4 GiB in 4 shards, 20 small files, 100 many files, 5 runs, concurrency 8', () => {
    expect(parse([])).toMatchObject({
      sizeBytes: 4 * GIB,
      shards: 4,
      smallFiles: 20,
      manyFiles: 100,
      runs: 5,
      concurrency: 8,
      streamBytesPerSecond: 40_000_000,
      smoke: false,
      cli: 'bundle',
      resultsDir: '/r'
    })
  })

  test.each([
    [['--size-gib', '1', '--shards', '2'], { sizeBytes: GIB, shards: 2 }],
    [['--size-gib=0.5'], { sizeBytes: GIB / 2 }],
    [['--smoke'], { smoke: true, runs: 1, sizeBytes: 16 * MIB }],
    [['--smoke', '--runs', '3'], { runs: 3 }],
    [['--only', 'cold, warm'], { only: ['cold', 'warm'] }],
    [['--cli', 'tsx', '--profile'], { cli: 'tsx', profile: true }],
    [['--stream-mbps', '40'], { streamBytesPerSecond: 40_000_000 }],
    [['--stream-mbps', '0', '--only', 'link'], { streamBytesPerSecond: 0, only: ['link'] }]
  ])('%j', (argv, expected) => {
    expect(parse(argv)).toMatchObject(expected)
  })

  test.each([
    [['--runs', '0'], 'bad --runs: 0'],
    [['--runs', '1.5'], 'bad --runs: 1.5'],
    [['--size-gib', '-1'], 'bad --size-gib: -1'],
    [['--cli', 'bun'], 'bad --cli: bun'],
    [['--only', 'fast'], 'bad --only: fast'],
    [['--concurrency'], '--concurrency needs a value'],
    [['--fast'], 'unknown option --fast'],
    [['--stream-mbps', '-5'], 'bad --stream-mbps: -5'],
    [['--size-gib', '0.000001', '--shards', '4'], 'too small']
  ])('%j is refused', (argv, message) => {
    expect(() => parse(argv)).toThrow(message)
  })
})

describe('fixtures', () => {
  test('shards add up to the size, side files are small and non-LFS by name', () => {
    const files = modelFiles({ sizeBytes: 10 * MIB + 3, shards: 4, smallFiles: 20 }, 'x')
    const names = Object.keys(files)
    expect(names.slice(0, 4)).toEqual([
      'model-00001-of-00004.safetensors',
      'model-00002-of-00004.safetensors',
      'model-00003-of-00004.safetensors',
      'model-00004-of-00004.safetensors'
    ])
    const sizes = names.slice(0, 4).map((n) => (files[n] as { size: number }).size)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10 * MIB + 3)
    expect(names).toHaveLength(24)
    expect(names).toContain('config.json')
    expect(names).toContain('model.safetensors.index.json')
    expect(new Set(names).size).toBe(names.length)
  })

  test('many small files: the count asked for, all under 64 KiB', () => {
    const files = Object.values(manySmallFiles(100)) as Array<{ size: number }>
    expect(files).toHaveLength(100)
    expect(Math.max(...files.map((f) => f.size))).toBeLessThan(64 * 1024)
  })

  test.each([
    [4 * GIB, '4GiB'],
    [GIB + GIB / 4, '1.25GiB'],
    [16 * MIB, '16MiB'],
    [5000, '5KiB']
  ])('sizeLabel(%d) = %s', (bytes, label) => {
    expect(sizeLabel(bytes)).toBe(label)
  })
})

describe('statistics', () => {
  test.each([
    [2.1, '2.10× faster'],
    [1, '1.00× faster'],
    [0.5, '2.00× slower']
  ])('speedup(%d) = %s', (ratio, text) => {
    expect(fmt.speedup(ratio)).toBe(text)
  })

  test.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5], 5]
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected)
  })

  test('pairedRatio: the median of per-round ratios, not the ratio of medians', () => {
    expect(pairedRatio([2, 4, 9], [1, 2, 3])).toBe(2)
  })

  test('medianIndex picks the run that gave the median', () => {
    expect(medianIndex([5, 1, 3])).toBe(2)
    expect(medianIndex([4, 1, 3, 2])).toBe(3)
  })

  test('roundOrder rotates the clients every round', () => {
    const order = [0, 1, 2, 3].map((r) => roundOrder(['a', 'b', 'c'], r).join(''))
    expect(order).toEqual(['abc', 'bca', 'cab', 'abc'])
  })
})

describe('throughput chart', () => {
  test('rates over a window of at least 300 ms', () => {
    const samples: Array<[number, number]> = [
      [0, 0],
      [100, 100e6],
      [200, 200e6],
      [300, 300e6],
      [400, 400e6]
    ]
    const points = throughput(samples)
    expect(points[points.length - 1]).toEqual([0.4, 1e9])
    expect(points.every(([, rate]) => Math.abs(rate - 1e9) < 1)).toBe(true)
  })

  test('an SVG with one path and one legend entry per series', () => {
    const svg = throughputChart('T', [
      {
        label: 'a <b>',
        color: '#000',
        samples: [
          [0, 0],
          [500, 5e8]
        ],
        averageBytesPerSecond: 1e9
      },
      {
        label: 'c',
        color: '#111',
        samples: [
          [0, 0],
          [500, 2e8]
        ],
        dashed: true
      }
    ])
    expect(svg.match(/<path /g)).toHaveLength(2)
    expect(svg).toContain('a &lt;b&gt; — 1.00 GB/s on average')
    expect(svg).toContain('stroke-dasharray')
  })
})

test('profile summary: self time per function, idle apart', () => {
  const frame = (functionName: string, url = '') => ({
    functionName,
    url,
    lineNumber: 9,
    columnNumber: 0
  })
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('hashChunk', 'file:///x/dist/cli.js') },
      { id: 4, callFrame: frame('writev', 'node:fs') }
    ],
    startTime: 0,
    endTime: 1000,
    samples: [2, 3, 3, 4, 2],
    timeDeltas: [0, 100, 100, 100, 100]
  }
  const summary = summarizeProfile(profile)
  expect(summary.idleMs).toBeCloseTo(0.1)
  expect(summary.top[0]).toMatchObject({ function: 'hashChunk', location: 'cli.js:10' })
  expect(summary.top[0]!.share).toBeCloseTo(2 / 3)
})

test('the table has every row, in order, whatever was measured', () => {
  const rows = new Rows()
  rows.set('warm.wall', {
    modelbake: '0.10 s',
    baseline: 'x | y',
    ratio: '',
    met: true,
    values: {}
  })
  const all = rows.all()
  expect(all.map((r) => r.id)).toEqual(ROWS.map((r) => r.id))
  const table = markdownTable(all)
  expect(table.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(ROWS.length + 2)
  expect(table).toContain(
    '| Warm run: wall time incl. Node start-up | 0.10 s | x \\| y |  | < 2 s | yes |'
  )
  expect(table).toContain('| skipped (--only) |  |  | 0 calls | skipped |')
})
