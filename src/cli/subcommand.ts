// What the CLI's commands share: strict flag parsing, reading spec files, and error reporting.
import { readFileSync } from 'node:fs'
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

/** The text of a --spec-file, or a usage error naming it. */
export function readSpecFile(name: string): string {
  try {
    return readFileSync(name, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read --spec-file ${name} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { hint: 'check the path' }
    )
  }
}
