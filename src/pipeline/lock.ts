// The lock file at the edges of a run: read before planning (--locked pins every commit), checked
// after planning (drift is an error with a diff), written after a successful run (--lock).
import { readFile } from 'node:fs/promises'
import { ModelbakeError, UsageError } from '../core/errors.js'
import {
  lockDrift,
  lockedRepo,
  lockKey,
  parseLock,
  serializeLock,
  type LockedRepo
} from '../core/lockfile.js'
import type { RepoSpec } from '../core/types.js'
import { repoLabel } from '../hub/api.js'
import { atomicWrite, diskErrorAbout } from '../cache/hf-cache.js'
import { planAll, type PlanOptions, type RepoPlan } from './plan.js'

export interface LockOptions {
  path: string
  /** Use the lock's commits and fail on any drift; otherwise (re)write the lock after the run. */
  locked: boolean
}

export async function readLock(path: string): Promise<Map<string, LockedRepo>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read the lock file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        hint: 'run once with --lock (without --locked) to write it'
      }
    )
  }
  return new Map(parseLock(text, path).repos.map((entry) => [lockKey(entry), entry]))
}

/** Every requested spec must be in the lock, and the lock must hold nothing else. */
export function checkSpecsAgainstLock(
  specs: RepoSpec[],
  lock: Map<string, LockedRepo>,
  path: string
): void {
  const requested = new Set(
    specs.map((spec) => lockKey({ label: repoLabel(spec), revision: spec.revision }))
  )
  const missing = [...requested].filter((key) => !lock.has(key))
  const extra = [...lock.keys()].filter((key) => !requested.has(key))
  if (missing.length === 0 && extra.length === 0) return
  const lines = [
    ...missing.map((key) => `+ ${key} (requested, not in the lock)`),
    ...extra.map((key) => `- ${key} (in the lock, not requested)`)
  ]
  throw new ModelbakeError(`the specs disagree with ${path}:\n  ${lines.join('\n  ')}`, {
    hint: 'update the lock with --lock (without --locked), review the change, and commit it'
  })
}

export function lockEntryOf(plan: RepoPlan): LockedRepo {
  return lockedRepo(plan.spec, plan.label, plan.commit, plan.files, {
    allow: plan.allow,
    ignore: plan.ignore
  })
}

/** Upstream drift: the lock pinned these files and digests; the Hub (or the patterns) now say otherwise. */
export function checkPlansAgainstLock(
  plans: RepoPlan[],
  lock: Map<string, LockedRepo>,
  path: string
): void {
  const problems: string[] = []
  for (const plan of plans) {
    const key = lockKey({ label: plan.label, revision: plan.spec.revision })
    const drift = lockDrift(lock.get(key)!, lockEntryOf(plan))
    if (drift.length > 0) problems.push(`${key}:\n    ${drift.join('\n    ')}`)
  }
  if (problems.length === 0) return
  throw new ModelbakeError(`drift from ${path}:\n  ${problems.join('\n  ')}`, {
    hint: 'if the change is intended, update the lock with --lock (without --locked) and commit it; otherwise pin the old commit'
  })
}

export async function writeLock(path: string, plans: RepoPlan[]): Promise<void> {
  await atomicWrite(path, serializeLock(plans.map(lockEntryOf))).catch((error: unknown) => {
    throw diskErrorAbout(error, 'lock file (--lock)')
  })
}

/**
 * Plan the specs; with --locked, first check the specs against the lock, take every commit from it
 * (no resolution call), and refuse any drift once the listings are known.
 */
export async function planWithLock(
  specs: RepoSpec[],
  planOptions: PlanOptions,
  lockOptions: LockOptions | undefined
): Promise<RepoPlan[]> {
  const lock = lockOptions?.locked ? await readLock(lockOptions.path) : undefined
  if (lock) checkSpecsAgainstLock(specs, lock, lockOptions!.path)
  const plans = await planAll(specs, {
    ...planOptions,
    pinnedCommit:
      lock &&
      ((spec) => lock.get(lockKey({ label: repoLabel(spec), revision: spec.revision }))?.commit)
  })
  if (lock) checkPlansAgainstLock(plans, lock, lockOptions!.path)
  return plans
}
