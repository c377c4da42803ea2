// The Action's front door: inputs → run() → outputs and a job summary. No logic of its own.
import * as core from '@actions/core'
import { buildRunOptions } from '../config.js'
import { formatError } from '../core/errors.js'
import { run as runPipeline, type RunReport } from '../pipeline/run.js'
import { createLogger } from '../report/logger.js'
import { Outputs } from './constants.js'
import { getInputs } from './inputs.js'
import { summaryMarkdown } from './summary.js'

export async function run(): Promise<void> {
  try {
    const options = buildRunOptions(getInputs(), { env: process.env })
    if (options.token) core.setSecret(options.token)
    const logger = createLogger(
      { write: (text: string) => process.stdout.write(text) },
      {
        secrets: options.token ? [options.token] : []
      }
    )
    const report = await runPipeline(options, { logger })
    setOutputs(report)
    await core.summary.addRaw(summaryMarkdown(report)).write()
  } catch (error) {
    // Handles thrown non-Errors too, so a failure never leaves the step green.
    core.setFailed(formatError(error))
  }
}

function setOutputs(report: RunReport): void {
  const byLabel = <T>(pick: (r: RunReport['repos'][number]) => T) =>
    JSON.stringify(Object.fromEntries(report.repos.map((r) => [r.label, pick(r)])))
  const sum = (pick: (r: RunReport['repos'][number]) => number) =>
    String(report.repos.reduce((s, r) => s + pick(r), 0))
  core.setOutput(Outputs.SnapshotPath, report.repos[0]?.snapshotPath ?? '')
  core.setOutput(
    Outputs.SnapshotPaths,
    byLabel((r) => r.snapshotPath)
  )
  core.setOutput(
    Outputs.Commits,
    byLabel((r) => r.commit)
  )
  core.setOutput(
    Outputs.Files,
    sum((r) => r.files)
  )
  core.setOutput(
    Outputs.Bytes,
    sum((r) => r.bytes)
  )
  core.setOutput(
    Outputs.DownloadedBytes,
    sum((r) => r.downloadedBytes)
  )
}
