// The local hub: a Hub look-alike (API + resolve) and a CDN origin, for tests, demos and benchmarks.
export { startLocalHub, type LocalHub, type LocalHubOptions } from './server.js'
export {
  HubStore,
  LFS_EXTENSIONS,
  LFS_SIZE_THRESHOLD,
  defaultGitattributes,
  isLfsByDefault,
  lfsPointer,
  type CommitOptions,
  type DirectoryEntry,
  type FileEntry,
  type FileSource,
  type GatedMode,
  type HubRepoType,
  type LfsInfo,
  type StoredFile,
  type TreeEntry
} from './store.js'
export { gitBlobSha1, keystream, keystreamBuffer, sha256Hex } from './objects.js'
export { parseRange, type RangeAnswer, type RequestLogEntry } from './http.js'
export type { FaultConfig, FaultCounts, FaultRoute } from './faults.js'
export {
  buildDemoFixtures,
  buildFixtures,
  type DemoFixtures,
  type FixtureRepo,
  type Fixtures
} from './fixtures.js'
export { loadFolder } from './folder.js'
