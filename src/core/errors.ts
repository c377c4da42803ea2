/**
 * The one error type users see. `message` says what failed, `repo` for which repo, `hint` what to do.
 * Messages must never contain a token: build them from repo ids, paths and status codes only.
 */
export class ModelbakeError extends Error {
  readonly repo?: string
  readonly hint?: string
  readonly exitCode: number

  constructor(
    message: string,
    options: { repo?: string; hint?: string; exitCode?: number; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'ModelbakeError'
    this.repo = options.repo
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 1
  }
}

/** Exit codes: 1 = a run failed (network, hub, disk), 2 = bad input (spec, flag, pattern). */
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

export class UsageError extends ModelbakeError {
  constructor(message: string, options: { repo?: string; hint?: string } = {}) {
    super(message, { ...options, exitCode: EXIT_USAGE })
    this.name = 'UsageError'
  }
}

/** "what failed (repo): hint" on one or two lines, for stderr and core.setFailed. */
export function formatError(error: unknown): string {
  if (error instanceof ModelbakeError) {
    const head = error.repo ? `${error.repo}: ${error.message}` : error.message
    return error.hint ? `${head}\n  → ${error.hint}` : head
  }
  if (error instanceof Error) return error.message
  return String(error)
}
