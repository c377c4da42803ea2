// How a run shares its streams among large files (src/pipeline/fetch.ts).
import { rangesPerLargeFile } from '../src/pipeline/fetch.js'

test.each([
  [8, 1, 8],
  [8, 2, 4],
  [8, 3, 3],
  // 4 shards on 8 streams: two ranges each, not one stream per file (half the streams idle).
  [8, 4, 2],
  [8, 5, 2],
  [8, 16, 1],
  [8, 0, 8],
  [1, 4, 1]
])('%i streams, %i large files → %i ranges per file', (streams, files, expected) => {
  expect(rangesPerLargeFile(streams, files)).toBe(expected)
})
