// How a run shares its streams among large files (src/fetch/range-width.ts), and the limiter that
// applies it.
import { Limiter } from '../src/fetch/limiter.js'
import {
  cpuIdleSampler,
  RangeWidth,
  SLOW_STREAM_BYTES_PER_SECOND
} from '../src/fetch/range-width.js'

const MiB = 1024 * 1024

test.each([
  [8, 1, 8, 8],
  [8, 2, 4, 4],
  [8, 3, 2, 3],
  // 4 shards on 8 streams: one stream each to start with, two each once widened.
  [8, 4, 1, 2],
  [8, 5, 1, 2],
  [8, 16, 1, 1],
  [8, 0, 8, 8],
  [1, 4, 1, 1]
])(
  '%i streams, %i large files: %i ranges per file, %i once widened',
  (streams, files, narrow, wide) => {
    const width = RangeWidth.forRun(streams, files)
    expect([width.narrow, width.wide, width.perFile]).toEqual([narrow, wide, narrow])
  }
)

test('a slow range on an idle machine widens every follower once; fast or short ranges do not', () => {
  const width = RangeWidth.forRun(8, 4, () => 0.9)
  const seen: number[][] = [[], []]
  width.follow((n) => seen[0].push(n))
  const stop = width.follow((n) => seen[1].push(n))
  // 16 MiB in 0.05 s is fast; 1 MiB in 1 s is too short to judge.
  width.observe(16 * MiB, 0.05)
  width.observe(1 * MiB, 1)
  expect(width.perFile).toBe(1)
  stop()
  // 16 MiB at 40 MB/s: a capped connection.
  width.observe(16 * MiB, (16 * MiB) / 40e6)
  width.observe(16 * MiB, 10)
  expect(width.perFile).toBe(2)
  expect(seen).toEqual([[2], []])
  expect(SLOW_STREAM_BYTES_PER_SECOND).toBeGreaterThan(40e6)
})

test('a slow range on a busy machine does not widen: the machine, not the link, is the limit', () => {
  let idle = 0.1
  const width = RangeWidth.forRun(8, 4, () => idle)
  width.observe(16 * MiB, 1)
  expect(width.perFile).toBe(1)
  idle = 0.6
  width.observe(16 * MiB, 1)
  expect(width.perFile).toBe(2)
})

test('the idle share is measured over windows of at least 250 ms per core', () => {
  const times = (idle: number, busy: number) => ({ user: busy, nice: 0, sys: 0, idle, irq: 0 })
  let counters = [times(1000, 1000), times(1000, 1000)]
  const sample = cpuIdleSampler(() => counters.map((t) => ({ model: '', speed: 0, times: t })))
  // 10 ms later: too short to say; until a window has passed, the machine counts as busy.
  counters = [times(1005, 1005), times(1005, 1005)]
  expect(sample()).toBe(0)
  // 400 ms per core since the start: idle 360 + 120 of 800.
  counters = [times(1360, 1040), times(1120, 1280)]
  expect(sample()).toBeCloseTo(0.6)
  // Another short window keeps the last answer.
  counters = [times(1361, 1040), times(1120, 1281)]
  expect(sample()).toBeCloseTo(0.6)
  // A busy window: 1 ms idle of 1002.
  counters = [times(1361, 1540), times(1120, 1781)]
  expect(sample()).toBeCloseTo(0, 2)
})

test('a limiter given more slots starts queued work at once', async () => {
  const limiter = new Limiter(1)
  let running = 0
  let most = 0
  const gate: Array<() => void> = []
  const work = () =>
    limiter.run([0], async () => {
      running++
      most = Math.max(most, running)
      await new Promise<void>((resolve) => gate.push(resolve))
      running--
    })
  const all = [work(), work(), work()]
  await new Promise((resolve) => setImmediate(resolve))
  expect(running).toBe(1)
  limiter.resize(3)
  await new Promise((resolve) => setImmediate(resolve))
  expect(running).toBe(3)
  for (const open of gate.splice(0)) open()
  await Promise.all(all)
  expect(most).toBe(3)
  expect(() => limiter.resize(0)).toThrow('at least one slot')
})
