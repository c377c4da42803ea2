// What the CLI's commands share: strict flag parsing, reading spec and token files, the secrets to
// keep out of every line, and error reporting.
import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXIT_FAILURE, formatError, ModelbakeError, UsageError } from '../core/errors.js'
import { createLogger } from '../report/logger.js'
import type { Env } from '../config.js'
import type { CliIO } from './main.js'

/** Strict parsing of `modelbake [command] ...` (`command` is '' for a run). */
export function parseSubcommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    // node's messages quote the flag ("Unknown option '--foo'"); they never contain values.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), {
      hint: `see \`modelbake ${command ? `${command} ` : ''}--help\``
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

/** A --token-file's text, or undefined when it cannot be read (config.ts says which file). */
export function readTokenFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** Everything secret a run may hold, so the logger can remove it from every line it prints. */
export function runSecrets(
  token: string | undefined,
  destinationOptions: Record<string, unknown>,
  env: Env
): string[] {
  const candidates = [
    token,
    destinationOptions.registryPassword,
    env.MODELBAKE_REGISTRY_PASSWORD,
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.GITHUB_TOKEN
  ]
  return candidates.filter(
    (value): value is string => typeof value === 'string' && value.length >= 4
  )
}
