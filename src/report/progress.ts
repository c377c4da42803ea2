// Progress of a run on stderr: a live bar on a terminal, plain lines now and then otherwise.
import type { Logger } from './logger.js'
import { formatBytes, formatSeconds } from './format.js'

export interface Progress {
  start(totalBytes: number, totalFiles: number): void
  bytes(count: number): void
  fileDone(): void
  finish(): void
}

export function createProgress(
  logger: Logger,
  options: { now?: () => number; plainEveryMs?: number } = {}
): Progress {
  const now = options.now ?? Date.now
  const plainEveryMs = options.plainEveryMs ?? 10_000
  let total = 0
  let files = 0
  let filesDone = 0
  let done = 0
  let startedAt = 0
  let lastDraw = 0
  let timer: NodeJS.Timeout | undefined

  const line = () => {
    const elapsed = Math.max(0.001, (now() - startedAt) / 1000)
    const rate = done / elapsed
    const eta = rate > 0 ? (total - done) / rate : Infinity
    const percent = total > 0 ? Math.min(100, (done / total) * 100) : 100
    return {
      percent,
      rate,
      eta,
      text: `${formatBytes(done)} / ${formatBytes(total)}, ${formatBytes(rate)}/s, ETA ${formatSeconds(eta)}, files ${filesDone}/${files}`
    }
  }
  const draw = () => {
    const { percent, text } = line()
    const width = 24
    const filled = Math.round((percent / 100) * width)
    logger.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}% ${text}\x1b[K`
    )
  }

  return {
    start(totalBytes, totalFiles) {
      total = totalBytes
      files = totalFiles
      startedAt = now()
      lastDraw = startedAt
      if (totalFiles > 0) logger.info(`Fetching ${totalFiles} file(s), ${formatBytes(totalBytes)}`)
      if (logger.tty && totalFiles > 0) {
        timer = setInterval(draw, 200)
        timer.unref()
      }
    },
    bytes(count) {
      done += count
      if (!logger.tty && now() - lastDraw >= plainEveryMs) {
        lastDraw = now()
        logger.info(`  … ${line().percent.toFixed(0)}%: ${line().text}`)
      }
    },
    fileDone() {
      filesDone++
    },
    finish() {
      if (timer) {
        clearInterval(timer)
        draw()
        logger.write('\n')
      }
      if (files > 0) {
        const seconds = Math.max(0.001, (now() - startedAt) / 1000)
        logger.info(
          `Fetched ${formatBytes(done)} in ${formatSeconds(seconds)} (${formatBytes(done / seconds)}/s)`
        )
      }
    }
  }
}
