// `modelbake verify [--lock FILE] [SPEC...] [--cache-dir DIR | --to volume:DIR]`: re-hash a cache.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { HfCache } from '../cache/hf-cache.js'
import { collectSpecs } from '../config.js'
import { parseRepoFolder, resolveCacheDir } from '../core/cache-dir.js'
import { ModelbakeError, UsageError } from '../core/errors.js'
import { lockKey, type LockedRepo } from '../core/lockfile.js'
import { filterRepoPaths } from '../core/patterns.js'
import type { RepoFile, RepoSpec } from '../core/types.js'
import { COMMIT_RE } from '../core/types.js'
import { repoLabel } from '../hub/api.js'
import { readLock } from '../pipeline/lock.js'
import { verifyCache, type VerifyReport, type VerifyTarget } from '../pipeline/verify.js'
import type { CliIO } from './main.js'
import { parseSubcommandArgs, reportFailure } from './subcommand.js'

export const VERIFY_HELP = `Usage: modelbake verify [--lock FILE] [SPEC...] [--allow P]... [--ignore P]...
                        [--cache-dir DIR | --to volume:DIR] [--json]

Re-hashes every file of the snapshots (sha256 for LFS files, git blob sha1 for the others) and compares
it with the lock file, or with the commit's stored tree listing (trees/<commit>.json). Reports missing,
corrupted and extra files; exits 1 on any mismatch.
  With --lock: the lock's repos (or those of the SPECs), every locked file must be present.
  With SPECs: their files selected by --allow/--ignore must be present.
  With neither: every snapshot in the cache; the files present are checked.
`

export async function runVerify(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values, positionals } = parseSubcommandArgs('verify', argv, {
      lock: { type: 'string' },
      'cache-dir': { type: 'string' },
      to: { type: 'string' },
      allow: { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      models: { type: 'string', multiple: true },
      datasets: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    })
    if (values.help) {
      io.stdout.write(VERIFY_HELP)
      return 0
    }
    const cache = new HfCache(cacheRoot(values['cache-dir'], values.to, io.env))
    const hasSpecs = positionals.length > 0 || values.models || values.datasets
    const specs = hasSpecs
      ? collectSpecs(
          { specs: positionals, models: values.models, datasets: values.datasets },
          io.env
        )
      : []
    const targets = values.lock
      ? await targetsFromLock(await readLock(values.lock), specs)
      : specs.length > 0
        ? await targetsFromSpecs(cache, specs, values.allow, values.ignore)
        : await targetsFromCache(cache)
    const report = await verifyCache(cache, targets)
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    printReport(report, (line) => io.stderr.write(`${line}\n`))
    return report.ok ? 0 : 1
  } catch (error) {
    return reportFailure(io, error)
  }
}

function cacheRoot(flag: string | undefined, to: string | undefined, env: CliIO['env']): string {
  if (flag && to) throw new UsageError('give --cache-dir or --to, not both')
  if (to) {
    if (!to.startsWith('volume:') || to.length === 'volume:'.length) {
      throw new UsageError(`verify reads cache folders and volume: destinations, not "${to}"`, {
        hint: 'for s3:// run `modelbake pull` into a cache, then verify that cache'
      })
    }
    return to.slice('volume:'.length)
  }
  return resolveCacheDir(flag, env)
}

async function targetsFromLock(
  lock: Map<string, LockedRepo>,
  specs: RepoSpec[]
): Promise<VerifyTarget[]> {
  const wanted = specs.map((spec) => lockKey({ label: repoLabel(spec), revision: spec.revision }))
  for (const key of wanted) {
    if (!lock.has(key))
      throw new UsageError(`${key} is not in the lock file`, {
        hint: 'name a locked repo, or none to verify them all'
      })
  }
  const entries = wanted.length > 0 ? wanted.map((key) => lock.get(key)!) : [...lock.values()]
  return entries.map((entry) => ({
    spec: { repo: entry.repo, type: entry.type, revision: entry.revision },
    label: entry.label,
    commit: entry.commit,
    expected: entry.files.map((f) => ({
      path: f.path,
      size: f.size,
      blobId: f.blobId,
      ...(f.sha256 ? { lfs: { sha256: f.sha256, size: f.size } } : {})
    })),
    requireAll: true
  }))
}

async function targetsFromSpecs(
  cache: HfCache,
  specs: RepoSpec[],
  allow: string[] | undefined,
  ignore: string[] | undefined
): Promise<VerifyTarget[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const label = repoLabel(spec)
      const commit = COMMIT_RE.test(spec.revision)
        ? spec.revision
        : await cache.readRef(spec, spec.revision)
      if (!commit)
        throw new ModelbakeError(`the cache has no ref for revision "${spec.revision}"`, {
          repo: label,
          hint: `is ${cache.root} the right cache?`
        })
      const listing = await listingOf(cache, spec, label, commit)
      const selected = new Set(
        filterRepoPaths(
          listing.map((f) => f.path),
          spec.allow ?? allow,
          spec.ignore ?? ignore
        )
      )
      return {
        spec,
        label,
        commit,
        expected: listing.filter((f) => selected.has(f.path)),
        listing,
        requireAll: true
      }
    })
  )
}

/** Every snapshot of every repo in the cache, checked against its listing. */
async function targetsFromCache(cache: HfCache): Promise<VerifyTarget[]> {
  const targets: VerifyTarget[] = []
  const folders = await readdir(cache.root).catch(() => {
    throw new UsageError(`no cache at ${cache.root}`, { hint: 'pass --cache-dir' })
  })
  for (const folder of folders.sort()) {
    // Other folders (not a repo's, or not one modelbake would name so) are not ours to judge.
    const repo = parseRepoFolder(folder)
    if (!repo) continue
    const spec: RepoSpec = { ...repo, revision: '' }
    for (const commit of (
      await readdir(join(cache.root, folder, 'snapshots')).catch(() => [])
    ).sort()) {
      const label = repoLabel(spec)
      const listing = await listingOf(cache, { ...spec, revision: commit }, label, commit)
      const present = new Set((await cache.listSnapshot(spec, commit)).map((f) => f.path))
      targets.push({
        spec: { ...spec, revision: commit },
        label,
        commit,
        expected: listing.filter((f) => present.has(f.path)),
        listing,
        requireAll: false
      })
    }
  }
  if (targets.length === 0)
    throw new UsageError(`no snapshot to verify in ${cache.root}`, {
      hint: 'pass --cache-dir, or warm it first'
    })
  return targets
}

async function listingOf(
  cache: HfCache,
  spec: RepoSpec,
  label: string,
  commit: string
): Promise<RepoFile[]> {
  const listing = await cache.readTreeListing(spec, commit)
  if (!listing) {
    throw new ModelbakeError(`no stored listing (trees/${commit}.json) to verify against`, {
      repo: label,
      hint: 'verify against a lock file (--lock), or warm the repo again with modelbake'
    })
  }
  return listing
}

function printReport(report: VerifyReport, print: (line: string) => void): void {
  for (const repo of report.repos) {
    const problems = repo.missing.length + repo.corrupted.length + repo.extra.length
    print(
      `${repo.label}@${repo.revision} → ${repo.commit.slice(0, 12)}: ${repo.verified} verified` +
        (problems
          ? `, ${repo.missing.length} missing, ${repo.corrupted.length} corrupted, ${repo.extra.length} extra`
          : '')
    )
    for (const path of repo.missing) print(`  missing    ${path}`)
    for (const { path, reason } of repo.corrupted) print(`  corrupted  ${path}: ${reason}`)
    for (const path of repo.extra) print(`  extra      ${path}`)
  }
  print(report.ok ? 'OK: every file verifies.' : 'FAILED: the cache does not match.')
}
