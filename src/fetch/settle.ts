import { setMaxListeners } from 'node:events'

/**
 * Like Promise.all, but on the first failure it aborts the others through `abort` and still waits
 * for every one of them to settle, so no request, write or lock outlives the caller.
 */
export async function settleAll<T>(work: Array<Promise<T>>, abort: AbortController): Promise<T[]> {
  let first: { error: unknown } | undefined
  const results = await Promise.all(
    work.map((promise) =>
      promise.catch((error: unknown) => {
        if (!first) {
          first = { error }
          abort.abort(error)
        }
        return undefined as T
      })
    )
  )
  // Work stopped by the abort fails too, with an AbortError or with whatever its interrupted
  // request threw (a reset connection), and may reach us before the failure that caused the abort
  // (it sits deeper, or in a sibling call sharing `abort`): report the cause, which the abort holds.
  if (first) throw abort.signal.aborted ? abort.signal.reason : first.error
  return results
}

/**
 * `work` for each item, at most `limit` at once, in the items' order. The first failure aborts the
 * signal `work` gets (a child of `parent`), and every call that started ends before it is reported.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number, signal: AbortSignal) => Promise<void>,
  parent?: AbortSignal
): Promise<void> {
  const abort = childController(parent)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      abort.signal.throwIfAborted()
      await work(items[index]!, index, abort.signal)
    }
  }
  await settleAll(Array.from({ length: Math.min(limit, items.length) }, worker), abort)
}

/** A controller that is also aborted when `parent` is. */
export function childController(parent: AbortSignal | undefined): AbortController {
  const child = new AbortController()
  // One signal is shared by every request of a file: many listeners are expected, not a leak.
  setMaxListeners(0, child.signal)
  if (parent?.aborted) child.abort(parent.reason)
  else parent?.addEventListener('abort', () => child.abort(parent.reason), { once: true })
  return child
}
