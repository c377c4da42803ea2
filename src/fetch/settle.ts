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
  try {
    await settleAll(Array.from({ length: Math.min(limit, items.length) }, worker), abort)
  } finally {
    abort.dispose()
  }
}

/**
 * An AbortController that is also aborted when `parent` is. It stops listening to `parent` once it
 * is aborted or disposed: call dispose() when its work is done (a long run makes many children of
 * one signal, and each would otherwise leave a listener on it).
 */
export class ChildController extends AbortController {
  /** Stop following the parent. */
  readonly dispose: () => void

  constructor(parent: AbortSignal | undefined) {
    super()
    // One signal is shared by every request of a file: many listeners are expected, not a leak.
    setMaxListeners(0, this.signal)
    const follow = () => this.abort(parent!.reason)
    this.dispose = () => parent?.removeEventListener('abort', follow)
    if (parent?.aborted) this.abort(parent.reason)
    else if (parent) {
      parent.addEventListener('abort', follow, { once: true })
      this.signal.addEventListener('abort', this.dispose, { once: true })
    }
  }
}

/** A controller that is also aborted when `parent` is; dispose() it when its work is done. */
export function childController(parent: AbortSignal | undefined): ChildController {
  return new ChildController(parent)
}
