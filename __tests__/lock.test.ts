import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { acquireLock } from '../src/cache/lock.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mb-lock-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

test('only one holder at a time; the next one gets it after release', async () => {
  const path = join(dir, 'a.lock')
  const events: string[] = []
  const first = await acquireLock(path)
  const second = acquireLock(path, { pollMs: 10 }).then((lock) => {
    events.push('second acquired')
    return lock
  })
  await new Promise((r) => setTimeout(r, 100))
  events.push('first releases')
  await first!.release()
  await (await second)!.release()
  expect(events).toEqual(['first releases', 'second acquired'])
  expect(await readdir(dir)).toEqual([])
})

test('a lock whose holder died on this host is taken over at once', async () => {
  const path = join(dir, 'dead.lock')
  // pid 2^22+1 is above Linux's pid_max default range: no such process.
  await writeFile(
    path,
    JSON.stringify({ pid: 4194305, host: (await import('node:os')).hostname() })
  )
  const lock = await acquireLock(path, { pollMs: 10 })
  expect(lock).toBeDefined()
  await lock!.release()
})

test('a lock not refreshed for staleMs (another machine) is taken over', async () => {
  const path = join(dir, 'remote.lock')
  await writeFile(path, JSON.stringify({ pid: 1, host: 'another-machine' }))
  const old = new Date(Date.now() - 60_000)
  await utimes(path, old, old)
  const lock = await acquireLock(path, { staleMs: 30_000, pollMs: 10 })
  expect(lock).toBeDefined()
  await lock!.release()
})

test('waiting stops when the work is done elsewhere', async () => {
  const path = join(dir, 'busy.lock')
  const holder = await acquireLock(path)
  let done = false
  setTimeout(() => (done = true), 50)
  const result = await acquireLock(path, { pollMs: 10, done: async () => done })
  expect(result).toBeUndefined()
  await holder!.release()
})
