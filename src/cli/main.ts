// The CLI's front door: argv + environment → run() → stdout/stderr and an exit code.
import { buildRunOptions, type Env } from '../config.js'
import { createLogger } from '../report/logger.js'
import { formatBytes } from '../report/format.js'
import { jsonReport } from '../report/json.js'
import { run, type RunReport } from '../pipeline/run.js'
import { VERSION } from '../version.js'
import { HELP, parseCliArgs } from './args.js'
import { runResolve } from './resolve.js'
import { runVerify } from './verify.js'
import { readSpecFile, readTokenFile, reportFailure, runSecrets } from './subcommand.js'
import { runPull } from './pull.js'
import { runK8sJob } from './k8s-job.js'
import { runAssemble } from './assemble.js'

export interface CliIO {
  env: Env
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown; isTTY?: boolean }
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === 'verify') return runVerify(argv.slice(1), io)
  if (argv[0] === 'resolve') return runResolve(argv.slice(1), io, readTokenFile)
  if (argv[0] === 'pull') return runPull(argv.slice(1), io)
  if (argv[0] === 'k8s-job') return runK8sJob(argv.slice(1), io)
  if (argv[0] === 'assemble') return runAssemble(argv.slice(1), io)
  let secrets: string[] = []
  try {
    const args = parseCliArgs(argv)
    if (args.help) {
      io.stdout.write(HELP)
      return 0
    }
    if (args.version) {
      io.stdout.write(`${VERSION}\n`)
      return 0
    }
    const specFiles = args.specFilePaths.map((name) => ({ name, text: readSpecFile(name) }))
    const options = buildRunOptions(
      { ...args.raw, specFiles, destinationOptions: args.destinationOptions },
      { env: io.env, readTokenFile }
    )
    secrets = runSecrets(options.token, args.destinationOptions, io.env)
    const logger = createLogger(io.stderr, { quiet: args.quiet, secrets })
    const report = await run(options, { logger })
    if (report.dryRun) printDryRun(report, logger.info)
    if (args.json) io.stdout.write(`${JSON.stringify(jsonReport(report), null, 2)}\n`)
    return 0
  } catch (error) {
    return reportFailure(io, error, secrets)
  }
}

function printDryRun(report: RunReport, print: (line: string) => void): void {
  for (const repo of report.repos) {
    const toFetch = repo.bytes - repo.reusedBytes
    print(`${repo.label}@${repo.revision} → ${repo.commit}`)
    print(
      `  ${repo.files} files, ${formatBytes(repo.bytes)}; would download ${formatBytes(toFetch)} into ${repo.snapshotPath}`
    )
    for (const path of repo.paths) print(`    ${path}`)
  }
}
