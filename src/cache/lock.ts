// A lock file that works across processes and machines sharing a folder (NFS included): created with
// O_EXCL, kept fresh by a heartbeat, and taken over when its holder is gone. flock is not used
// because NFS locks are unreliable.
import { hostname } from 'node:os'
import { mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'

export interface LockOptions {
  /** A lock not refreshed for this long belongs to a dead holder. */
  staleMs?: number
  heartbeatMs?: number
  pollMs?: number
  /** Stop waiting when this says the work is already done (e.g. the blob appeared). */
  done?: () => Promise<boolean>
  /** Stop waiting (and throw) when this is aborted. */
  signal?: AbortSignal
}

export interface HeldLock {
  release(): Promise<void>
}

const HOST = hostname()

/**
 * Acquire `path`, or return undefined if `options.done()` became true while waiting.
 * The caller must `release()` in a finally block.
 */
export async function acquireLock(
  path: string,
  options: LockOptions = {}
): Promise<HeldLock | undefined> {
  const staleMs = options.staleMs ?? 30_000
  const heartbeatMs = options.heartbeatMs ?? Math.max(500, Math.floor(staleMs / 4))
  const pollMs = options.pollMs ?? 100
  await mkdir(dirname(path), { recursive: true })
  for (;;) {
    options.signal?.throwIfAborted()
    if (options.done && (await options.done())) return undefined
    if (await tryCreate(path)) return startHeartbeat(path, heartbeatMs)
    if (await isStale(path, staleMs)) await breakLock(path)
    else await sleep(pollMs)
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx')
    await handle.writeFile(
      JSON.stringify({ pid: process.pid, host: HOST, since: new Date().toISOString() })
    )
    await handle.close()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const info = await stat(path)
    if (Date.now() - info.mtimeMs > staleMs) return true
    // On this host we can tell at once that the holder died (a SIGKILLed run, say).
    const holder = JSON.parse(await readFile(path, 'utf8')) as { pid?: number; host?: string }
    return holder.host === HOST && typeof holder.pid === 'number' && !isAlive(holder.pid)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Gone already, or being written right now (empty/partial JSON): not stale, look again.
    if (code === 'ENOENT' || error instanceof SyntaxError) return false
    throw error
  }
}

/** Rename first, so that of two processes breaking the same lock only one succeeds. */
async function breakLock(path: string): Promise<void> {
  const grave = `${path}.stale-${randomBytes(4).toString('hex')}`
  try {
    await rename(path, grave)
    await unlink(grave)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function startHeartbeat(path: string, heartbeatMs: number): HeldLock {
  const timer = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => undefined)
  }, heartbeatMs)
  timer.unref()
  return {
    async release() {
      clearInterval(timer)
      await unlink(path).catch(() => undefined)
    }
  }
}
