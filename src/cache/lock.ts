// A lock file that works across processes and machines sharing a folder (NFS included): created with
// O_EXCL, kept fresh by a heartbeat, and taken over when its holder is gone. flock is not used
// because NFS locks are unreliable.
import { hostname } from 'node:os'
import { mkdir, open, readFile, stat, unlink, utimes, type FileHandle } from 'node:fs/promises'
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
    const stale = await staleLock(path, staleMs)
    if (stale === undefined || !(await breakLock(path, stale))) await sleep(pollMs)
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx')
    await handle.writeFile(
      // The random id tells this lock from any other, even one of the same process and millisecond.
      JSON.stringify({
        pid: process.pid,
        host: HOST,
        since: new Date().toISOString(),
        id: randomBytes(8).toString('hex')
      })
    )
    await handle.close()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The text of the lock file when its holder is gone (stale), else undefined. */
async function staleLock(path: string, staleMs: number): Promise<string | undefined> {
  let handle: FileHandle | undefined
  try {
    // One open file for the age and the holder: both are of the same lock.
    handle = await open(path, 'r')
    const info = await handle.stat()
    const text = await handle.readFile('utf8')
    if (Date.now() - info.mtimeMs > staleMs) return text
    // On this host we can tell at once that the holder died (a SIGKILLed run, say).
    const holder = JSON.parse(text) as { pid?: number; host?: string }
    const dead = holder.host === HOST && typeof holder.pid === 'number' && !isAlive(holder.pid)
    return dead ? text : undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Gone already, or being written right now (empty/partial JSON): not stale, look again.
    if (code === 'ENOENT' || error instanceof SyntaxError) return undefined
    throw error
  } finally {
    await handle?.close()
  }
}

/**
 * Break the lock judged stale, unless it changed meanwhile; false when another process is breaking
 * it right now. Breakers take turns through a second
 * lock (`<path>.breaking`, held for a few milliseconds) and re-read the lock first: without that, a
 * slow breaker could remove the fresh lock another process just took after breaking the same stale
 * one, and two runs would write one blob at once.
 */
async function breakLock(path: string, staleText: string): Promise<boolean> {
  const breaker = `${path}.breaking`
  try {
    await (await open(breaker, 'wx')).close()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // Another process is breaking it. A breaker that died on the way leaves its file: after a
    // while (breaking takes milliseconds), remove it.
    const info = await stat(breaker).catch(() => undefined)
    if (info && Date.now() - info.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => {})
    return false
  }
  try {
    const text = await readFile(path, 'utf8').catch(() => undefined)
    if (text === staleText) await unlink(path).catch(() => undefined)
    return true
  } finally {
    await unlink(breaker).catch(() => undefined)
  }
}

const BREAKER_STALE_MS = 10_000

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
