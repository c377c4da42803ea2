// Human output goes to stderr through this; it removes secrets from every line it writes.

export interface Logger {
  info(line: string): void
  warn(line: string): void
  /** The stream a progress bar may redraw on, when it is a terminal. */
  readonly tty: boolean
  write(text: string): void
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***')
  return out
}

export function createLogger(
  stream: { write(text: string): unknown; isTTY?: boolean },
  options: { quiet?: boolean; secrets?: readonly string[] } = {}
): Logger {
  const secrets = options.secrets ?? []
  const emit = (text: string) => void stream.write(redactSecrets(text, secrets))
  return {
    tty: Boolean(stream.isTTY) && !options.quiet,
    info: (line) => {
      if (!options.quiet) emit(`${line}\n`)
    },
    warn: (line) => emit(`warning: ${line}\n`),
    write: (text) => {
      if (!options.quiet) emit(text)
    }
  }
}

export const silentLogger: Logger = { tty: false, info() {}, warn() {}, write() {} }
