import { ModelbakeError, UsageError } from '../src/core/errors.js'
import {
  blobPath,
  CACHEDIR_TAG_CONTENT,
  CACHEDIR_TAG_SIGNATURE,
  cachedirTagPath,
  expandUser,
  expandVars,
  lockPath,
  refPath,
  relativeLinkTarget,
  repoDir,
  repoFolderName,
  resolveCacheDir,
  snapshotDir,
  snapshotFilePath,
  treeListingPath
} from '../src/core/cache-dir.js'
import type { RepoType } from '../src/core/types.js'

// Paths below are POSIX: these tests run on Linux and macOS.
const COMMIT = 'a'.repeat(40)
const SHA256 = 'b'.repeat(64)
const SHA1 = 'c'.repeat(40)

// Expected values are huggingface_hub's constants.HF_HUB_CACHE, computed by running the lines of
// constants.py that define it in a Python process with exactly this environment.
const ENVS: [env: Record<string, string>, expected: string][] = [
  [{ HOME: '/home/u' }, '/home/u/.cache/huggingface/hub'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '/x' }, '/x'],
  [{ HOME: '/home/u', HUGGINGFACE_HUB_CACHE: '/y' }, '/y'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '/x', HUGGINGFACE_HUB_CACHE: '/y' }, '/x'],
  [{ HOME: '/home/u', HF_HOME: '/h' }, '/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '/h/' }, '/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '~/h' }, '/home/u/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '~' }, '/home/u/hub'],
  [{ HOME: '/home/u', HF_HOME: '$FOO/h', FOO: '/f' }, '/f/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '${FOO}/h', FOO: '/f' }, '/f/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '$NOPE/h' }, '$NOPE/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '${}/h' }, '${}/h/hub'],
  [{ HOME: '/home/u', HF_HOME: '/a/$$/b' }, '/a/$$/b/hub'],
  [{ HOME: '/home/u', XDG_CACHE_HOME: '/xdg' }, '/xdg/huggingface/hub'],
  [{ HOME: '/home/u', XDG_CACHE_HOME: '/xdg', HF_HOME: '/h' }, '/h/hub'],
  [{ HOME: '/home/u', XDG_CACHE_HOME: '~/xc' }, '/home/u/xc/huggingface/hub'],
  [{ HOME: '/home/u', XDG_CACHE_HOME: '$FOO', FOO: '/f' }, '/f/huggingface/hub'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '~' }, '/home/u'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '~/c/' }, '/home/u/c/'],
  [{ HOME: '/home/u', HF_HUB_CACHE: 'relative/dir' }, 'relative/dir'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '$HOME/hc' }, '/home/u/hc'],
  [{ HOME: '/home/u', HUGGINGFACE_HUB_CACHE: '~/legacy' }, '/home/u/legacy'],
  [{ HOME: '/home/u', HF_HOME: '$X', X: '~/a' }, '/home/u/a/hub'],
  [{ HOME: '/home/u', HF_HUB_CACHE: '$X', X: '~/a' }, '~/a'],
  [{ HOME: '/home/u', HF_HOME: '/p/../q' }, '/p/../q/hub'],
  [{ HOME: '/' }, '/.cache/huggingface/hub'],
  [{ HOME: '/home/u/' }, '/home/u/.cache/huggingface/hub'],
  [{ HOME: '/home/u', HF_HOME: 'rel' }, 'rel/hub'],
  [{ HOME: '/home/u', HF_HOME: '$FOO$BAR', FOO: '/a', BAR: '/b' }, '/a/b/hub'],
  [
    { HOME: '/home/u', HF_HUB_CACHE: '/runpod-volume/huggingface-cache/hub' },
    '/runpod-volume/huggingface-cache/hub'
  ],
  [{ HOME: '/home/u', HF_HOME: '$A', A: '$B', B: '/b' }, '/b/hub']
]

test.each(ENVS)('resolveCacheDir(undefined, %j) → %j', (env, expected) => {
  expect(resolveCacheDir(undefined, env)).toBe(expected)
})

// Where modelbake deliberately differs: empty values count as unset (Python would use "", the
// current folder), and the flag comes first.
test.each([
  [undefined, { HOME: '/home/u', HF_HUB_CACHE: '' }, '/home/u/.cache/huggingface/hub'],
  [undefined, { HOME: '/home/u', HF_HUB_CACHE: '', HUGGINGFACE_HUB_CACHE: '/y' }, '/y'],
  [undefined, { HOME: '/home/u', HF_HOME: '', XDG_CACHE_HOME: '/x' }, '/x/huggingface/hub'],
  [undefined, { HOME: '/home/u', XDG_CACHE_HOME: '' }, '/home/u/.cache/huggingface/hub'],
  ['/flag', { HOME: '/home/u', HF_HUB_CACHE: '/x' }, '/flag'],
  ['', { HOME: '/home/u', HF_HUB_CACHE: '/x' }, '/x'],
  ['~/flag', { HOME: '/home/u' }, '/home/u/flag'],
  ['~', { HOME: '/home/u' }, '/home/u'],
  ['$HOME/flag', { HOME: '/home/u' }, '$HOME/flag'], // like hf_hub_download's cache_dir: ~ only
  ['relative', {}, 'relative'],
  [undefined, { HF_HUB_CACHE: '/abs' }, '/abs'], // HOME is only needed when used
  [undefined, { HF_HOME: '/h' }, '/h/hub'],
  [undefined, { XDG_CACHE_HOME: '/x' }, '/x/huggingface/hub']
])('resolveCacheDir(%j, %j) → %j', (flag, env, expected) => {
  expect(resolveCacheDir(flag, env)).toBe(expected)
})

test.each([
  [undefined, {}, 'The default cache folder is "~", but HOME is not set.'],
  [undefined, { HOME: '' }, 'The default cache folder is "~", but HOME is not set.'],
  ['~/c', {}, 'The cache folder is "~/c", but HOME is not set.'],
  [undefined, { HF_HOME: '~/h' }, 'HF_HOME is "~/h", but HOME is not set.'],
  [
    '~bob/cache',
    { HOME: '/home/u' },
    'The cache folder is "~bob/cache": "~user" paths are not supported.'
  ],
  [
    undefined,
    { HOME: '/home/u', HF_HUB_CACHE: '~bob' },
    'HF_HUB_CACHE is "~bob": "~user" paths are not supported.'
  ]
])('resolveCacheDir(%j, %j) fails', (flag, env, message) => {
  let error: unknown
  try {
    resolveCacheDir(flag, env)
  } catch (caught) {
    error = caught
  }
  expect(error).toBeInstanceOf(UsageError)
  expect((error as UsageError).message).toBe(message)
})

test.each([
  ['~', '/home/u'],
  ['~/', '/home/u/'],
  ['~/a/b', '/home/u/a/b'],
  ['/abs/~', '/abs/~'],
  ['a~', 'a~'],
  ['', '']
])('expandUser(%j) → %j', (path, expected) => {
  expect(expandUser(path, { HOME: '/home/u/' }, 'x')).toBe(expected)
})

test.each([
  ['$A', '/a'],
  ['${A}', '/a'],
  ['$A$B', '/a$C'],
  ['$A/x/${B}', '/a/x/$C'],
  ['$NOPE', '$NOPE'],
  ['${NOPE}', '${NOPE}'],
  ['${}', '${}'],
  ['${A', '${A'],
  ['$', '$'],
  ['$$', '$$'],
  ['$E', ''],
  ['a$A_b', 'a$A_b'],
  ['$toString', '$toString'],
  ['no vars', 'no vars']
])('expandVars(%j) → %j', (path, expected) => {
  expect(expandVars(path, { A: '/a', B: '$C', C: '/c', E: '' })).toBe(expected)
})

const FOLDERS: [type: RepoType, repo: string, folder: string][] = [
  ['model', 'julien-c/EsperBERTo-small', 'models--julien-c--EsperBERTo-small'],
  ['model', 'gpt2', 'models--gpt2'],
  ['dataset', 'org/data', 'datasets--org--data'],
  ['dataset', 'squad', 'datasets--squad'],
  ['space', 'org/app', 'spaces--org--app'],
  ['model', 'Org.Name/model_v1.0', 'models--Org.Name--model_v1.0']
]

test.each(FOLDERS)('repoFolderName(%j, %j) → %j', (type, repo, folder) => {
  expect(repoFolderName(type, repo)).toBe(folder)
  expect(repoDir('/c', type, repo)).toBe(`/c/${folder}`)
})

test.each([['../x'], ['a/b/c'], ['a--b'], ['']])('repoFolderName refuses %j', (repo) => {
  expect(() => repoFolderName('model', repo)).toThrow(ModelbakeError)
})

test.each([
  [
    'snapshotDir',
    () => snapshotDir('/c', 'model', 'o/n', COMMIT),
    `/c/models--o--n/snapshots/${COMMIT}`
  ],
  [
    'snapshotFilePath',
    () => snapshotFilePath('/c', 'model', 'o/n', COMMIT, 'a/b.json'),
    `/c/models--o--n/snapshots/${COMMIT}/a/b.json`
  ],
  [
    'blobPath sha256',
    () => blobPath('/c', 'dataset', 'o/d', SHA256),
    `/c/datasets--o--d/blobs/${SHA256}`
  ],
  ['blobPath sha1', () => blobPath('/c/', 'model', 'o/n', SHA1), `/c/models--o--n/blobs/${SHA1}`],
  ['refPath main', () => refPath('/c', 'model', 'o/n', 'main'), '/c/models--o--n/refs/main'],
  [
    'refPath refs/pr/1',
    () => refPath('/c', 'model', 'o/n', 'refs/pr/1'),
    '/c/models--o--n/refs/refs/pr/1'
  ],
  [
    'refPath branch with /',
    () => refPath('/c', 'space', 'o/s', 'feature/x'),
    '/c/spaces--o--s/refs/feature/x'
  ],
  [
    'treeListingPath',
    () => treeListingPath('/c', 'model', 'o/n', COMMIT),
    `/c/models--o--n/trees/${COMMIT}.json`
  ],
  [
    'lockPath',
    () => lockPath('/c', 'model', 'o/n', SHA256),
    `/c/.locks/models--o--n/${SHA256}.lock`
  ],
  ['cachedirTagPath', () => cachedirTagPath('/c'), '/c/CACHEDIR.TAG'],
  ['relative cache', () => blobPath('rel', 'model', 'gpt2', SHA1), `rel/models--gpt2/blobs/${SHA1}`]
])('%s', (_name, build, expected) => {
  expect(build()).toBe(expected)
})

test.each([
  ['snapshotDir with a branch', () => snapshotDir('/c', 'model', 'o/n', 'main')],
  ['treeListingPath with a short commit', () => treeListingPath('/c', 'model', 'o/n', 'abc')],
  ['snapshotFilePath with ..', () => snapshotFilePath('/c', 'model', 'o/n', COMMIT, '../../x')],
  ['blobPath with a slash', () => blobPath('/c', 'model', 'o/n', 'a/b')],
  ['blobPath with ..', () => blobPath('/c', 'model', 'o/n', '..')],
  ['blobPath empty', () => blobPath('/c', 'model', 'o/n', '')],
  ['lockPath with a quote', () => lockPath('/c', 'model', 'o/n', '"abc"')],
  ['refPath with ..', () => refPath('/c', 'model', 'o/n', '../x')],
  ['refPath with a leading /', () => refPath('/c', 'model', 'o/n', '/etc/x')],
  ['refPath with .', () => refPath('/c', 'model', 'o/n', 'a/./b')]
])('%s is refused', (_name, build) => {
  expect(build).toThrow(ModelbakeError)
})

// What os.path.relpath(blob, dirname(pointer)) gives in huggingface_hub's _create_symlink.
test.each([
  ['config.json', SHA1, `../../blobs/${SHA1}`],
  ['a/config.json', SHA1, `../../../blobs/${SHA1}`],
  ['a/b/c/model.safetensors', SHA256, `../../../../../blobs/${SHA256}`],
  ['.gitattributes', SHA1, `../../blobs/${SHA1}`],
  ['dir.with.dots/x', SHA1, `../../../blobs/${SHA1}`]
])('relativeLinkTarget(%j, …) → %j', (path, etag, expected) => {
  expect(relativeLinkTarget(path, etag)).toBe(expected)
})

test.each([['../x'], ['/abs'], ['a//b'], ['']])('relativeLinkTarget refuses %j', (path) => {
  expect(() => relativeLinkTarget(path, SHA1)).toThrow(ModelbakeError)
})

test('CACHEDIR.TAG is what huggingface_hub writes', () => {
  expect(CACHEDIR_TAG_CONTENT.split('\n')[0]).toBe(CACHEDIR_TAG_SIGNATURE)
  expect(CACHEDIR_TAG_CONTENT).toBe(
    'Signature: 8a477f597d28d172789f06886806bc55\n' +
      '# This file is a cache directory tag created by huggingface_hub.\n' +
      '# For information about cache directory tags, see:\n' +
      '#\thttps://bford.info/cachedir/\n'
  )
})
