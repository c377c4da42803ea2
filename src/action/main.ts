// The Action's front door: inputs → run() → outputs and a job summary. No logic of its own.
import * as core from '@actions/core'
import { buildRunOptions } from '../config.js'
import { formatError } from '../core/errors.js'
import { tokenFromOidc } from '../hub/oidc.js'
import { assemble as assemblePipeline } from '../pipeline/assemble.js'
import { reportedSnapshotPath, type RepoResult } from '../pipeline/result.js'
import { run as runPipeline, type RunReport } from '../pipeline/run.js'
import { createLogger, redactSecrets } from '../report/logger.js'
import { assembledRunReport, checkModeInputs } from './assemble.js'
import { locationKeys } from '../destinations/snapshots.js'
import { inActionTerms, Outputs } from './constants.js'
import { getInputs, getMode, getOidcResource, getShards } from './inputs.js'
import { summaryMarkdown } from './summary.js'

export interface ActionDeps {
  /** The pipeline; tests pass another to see how a failure ends. */
  pipeline?: typeof runPipeline
  /** `mode: assemble`'s pipeline, likewise. */
  assemble?: typeof assemblePipeline
}

/** The Action's entry point (src/index.ts, and `local-action run . src/action/main.ts .env`). */
export async function run(deps: ActionDeps = {}): Promise<void> {
  const pipeline = deps.pipeline ?? runPipeline
  const assemble = deps.assemble ?? assemblePipeline
  // Masked for the runner too, but the failure message must not carry them either (a hostile or
  // broken endpoint may echo the token in its error answers).
  const secrets: string[] = []
  try {
    const raw = getInputs()
    if (raw.token) secrets.push(raw.token)
    const mode = getMode()
    // Wrong combinations fail here, before a token is minted or the Hub is asked anything.
    const { shards, warnings } = checkModeInputs(mode, raw, getShards())
    for (const warning of warnings) core.warning(warning)
    // Every line goes through the secrets, including tokens that a renewal adds later.
    const logger = createLogger(
      { write: (text: string) => process.stdout.write(text) },
      { secrets }
    )
    // Trusted Publishers: an exchanged short-lived token (masked before use) replaces any HF_TOKEN,
    // and is exchanged again before it expires.
    const oidc = await tokenFromOidc({
      resource: getOidcResource(),
      raw,
      env: process.env,
      getIdToken: (audience) => core.getIDToken(audience),
      setSecret: (value) => {
        core.setSecret(value)
        secrets.push(value)
      },
      logger
    })
    if (oidc) raw.token = oidc.token
    const options = {
      ...buildRunOptions(raw, { env: process.env }),
      ...(oidc ? { tokenSource: oidc } : {})
    }
    // A token from HF_TOKEN (or its aliases) rather than the input: mask it too.
    if (options.token && options.token !== raw.token) core.setSecret(options.token)
    if (options.token) secrets.push(options.token)
    let report: RunReport
    if (mode === 'assemble') {
      report = assembledRunReport(await assemble({ ...options, shards }, { logger }))
      for (const r of report.repos)
        logger.info(
          `${r.label}@${r.revision} → ${r.commit.slice(0, 12)}: ${r.files} files assembled → ${r.snapshotPath}`
        )
    } else report = await pipeline(options, { logger })
    setOutputs(report)
    // The summary is a courtesy: where the runner offers none, the step still succeeds.
    await core.summary
      .addRaw(summaryMarkdown(report, mode))
      .write()
      .catch((error: unknown) => core.warning(`No job summary: ${formatError(error)}`))
  } catch (error) {
    // Handles thrown non-Errors too, so a failure never leaves the step green.
    core.setFailed(redactSecrets(inActionTerms(formatError(error)), secrets))
  }
}

/**
 * The keys of the JSON map outputs: the repo's label ("org/name", "datasets/org/name"), or
 * "label:revision" (the spec syntax) for a repo listed at more than one revision: the destinations'
 * `locations` use the same keys.
 */
export const outputKeys = locationKeys

function setOutputs({ repos, destinations, shard }: RunReport): void {
  const keys = outputKeys(repos)
  const map = (pick: (r: RepoResult) => string | null) =>
    JSON.stringify(Object.fromEntries(repos.map((r, i) => [keys[i], pick(r)])))
  const sum = (pick: (r: RepoResult) => number) => String(repos.reduce((s, r) => s + pick(r), 0))
  // A shard job's paths are empty (the assemble job's outputs name them).
  const snapshotOf = (r: RepoResult) => reportedSnapshotPath(r, Boolean(shard))
  core.setOutput(Outputs.SnapshotPath, (repos[0] && snapshotOf(repos[0])) ?? '')
  core.setOutput(Outputs.SnapshotPaths, map(snapshotOf))
  core.setOutput(
    Outputs.Commits,
    map((r) => r.commit)
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
  core.setOutput(Outputs.Destinations, JSON.stringify(destinations))
  for (const [name, value] of destinationOutputs(destinations)) core.setOutput(name, value)
}

/**
 * Each destination's `details` become outputs of their own, kebab-cased (`imageDigest` →
 * `image-digest`, `cacheHit` → `cache-hit`); with several destinations, the first one that sets a
 * name wins, and all of them are in the `destinations` output.
 */
const CORE_OUTPUTS = new Set<string>(Object.values(Outputs))

export function destinationOutputs(reports: RunReport['destinations']): Array<[string, string]> {
  const outputs = new Map<string, string>()
  for (const report of reports) {
    for (const [key, value] of Object.entries(report.details ?? {})) {
      const name = key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
      // A detail never replaces one of the run's own outputs (an image's `snapshotPaths`, say).
      if (outputs.has(name) || CORE_OUTPUTS.has(name) || value === undefined) continue
      outputs.set(name, typeof value === 'string' ? value : JSON.stringify(value))
    }
  }
  return [...outputs]
}
