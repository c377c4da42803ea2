import { formatBytes, formatSeconds } from '../src/report/format.js'

test.each([
  [0, '0 B'],
  [615.38, '615 B'],
  [1023, '1023 B'],
  [1536, '1.5 KiB'],
  [100 * 1024 * 1024, '100 MiB'],
  [2.5 * 1024 ** 3, '2.5 GiB']
])('formatBytes(%p) = %p', (bytes, text) => {
  expect(formatBytes(bytes)).toBe(text)
})

test.each([
  [0.04, '0.0s'],
  [9.96, '10.0s'],
  [42, '42s'],
  [125, '2m05s'],
  [Infinity, '?']
])('formatSeconds(%p) = %p', (seconds, text) => {
  expect(formatSeconds(seconds)).toBe(text)
})
