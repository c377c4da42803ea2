// What the subcommands share: strict flag parsing with usage errors, and error reporting.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXIT_FAILURE, formatError, ModelbakeError, UsageError } from '../core/errors.js'
import { createLogger } from '../report/logger.js'
import type { CliIO } from './main.js'

export function parseSubcommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), {
      hint: `see \`modelbake ${command} --help\``
    })
  }
}

/** Print the error (with secrets removed) and return the exit code it calls for. */
export function reportFailure(io: CliIO, error: unknown, secrets: string[] = []): number {
  createLogger(io.stderr, { secrets }).write(`modelbake: error: ${formatError(error)}\n`)
  return error instanceof ModelbakeError ? error.exitCode : EXIT_FAILURE
}
