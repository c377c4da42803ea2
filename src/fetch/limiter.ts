// A concurrency limiter whose queue is ordered by a priority key, so that the earliest chunks of the
// earliest files run first: that keeps out-of-order bytes (which must wait to be hashed) few.

type Task = { key: number[]; start: () => void }

export class Limiter {
  private active = 0
  private readonly queue: Task[] = []

  constructor(private slotCount: number) {
    checkSlots(slotCount)
  }

  get slots(): number {
    return this.slotCount
  }

  /** Change the number of slots; queued work starts at once if there are more. */
  resize(slots: number): void {
    checkSlots(slots)
    this.slotCount = slots
    this.next()
  }

  run<T>(key: number[], work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active++
        work()
          .then(resolve, reject)
          .finally(() => {
            this.active--
            this.next()
          })
      }
      insertSorted(this.queue, { key, start })
      this.next()
    })
  }

  private next(): void {
    while (this.active < this.slots && this.queue.length > 0) this.queue.shift()!.start()
  }
}

function checkSlots(slots: number): void {
  if (!Number.isInteger(slots) || slots < 1) throw new Error('limiter needs at least one slot')
}

function insertSorted(queue: Task[], task: Task): void {
  let index = queue.length
  while (index > 0 && compareKeys(queue[index - 1].key, task.key) > 0) index--
  queue.splice(index, 0, task)
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

/** Bytes that may be held in memory at once, across all downloads of a run. */
export class MemoryBudget {
  private used = 0
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false
    this.used += bytes
    return true
  }
  give(bytes: number): void {
    this.used -= bytes
  }
}
