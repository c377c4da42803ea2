// The one place that reads the Action's inputs.
import * as core from '@actions/core'
import type { RawOptions } from '../config.js'
import { camelCase, DESTINATION_FLAGS } from '../cli/args.js'
import { UsageError } from '../core/errors.js'
import { Inputs } from './constants.js'

/** "a, b\nc" → ["a", "b", "c"]: Action inputs are newline and/or comma lists. */
export function getList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

export function getInputs(): RawOptions {
  const text = (name: Inputs) => core.getInput(name)
  const token = text(Inputs.Token)
  // Mask before anything else can print it.
  if (token) core.setSecret(token)
  const nonEmpty = (value: string) => (value.trim() === '' ? undefined : [value])
  const offline = text(Inputs.Offline)
  return {
    models: nonEmpty(text(Inputs.Models)),
    datasets: nonEmpty(text(Inputs.Datasets)),
    allow: text(Inputs.AllowPatterns) ? getList(text(Inputs.AllowPatterns)) : undefined,
    ignore: text(Inputs.IgnorePatterns) ? getList(text(Inputs.IgnorePatterns)) : undefined,
    token: token || undefined,
    endpoint: text(Inputs.Endpoint) || undefined,
    cacheDir: text(Inputs.CacheDir) || undefined,
    concurrency: text(Inputs.Concurrency) || undefined,
    offline: offline === '' ? undefined : core.getBooleanInput(Inputs.Offline),
    to: text(Inputs.To) ? text(Inputs.To).split('\n') : undefined,
    lock: text(Inputs.LockFile) || undefined,
    locked: text(Inputs.Locked) === '' ? undefined : core.getBooleanInput(Inputs.Locked),
    shard: text(Inputs.Shard) || undefined,
    destinationOptions: getDestinationInputs()
  }
}

export const MODES = ['run', 'assemble'] as const
export type Mode = (typeof MODES)[number]

/** `mode`: `run` (the default, also when empty) or `assemble`. */
export function getMode(): Mode {
  const text = core.getInput(Inputs.Mode).trim()
  if (text === '') return 'run'
  const mode = MODES.find((m) => m === text.toLowerCase())
  if (!mode)
    throw new UsageError(`invalid \`${Inputs.Mode}\` "${text}"`, {
      hint: 'use `run` (fetch, the default) or `assemble` (the last job after `shard` jobs)'
    })
  return mode
}

/** `shards`: the text as given (checked with the mode, src/action/assemble.ts). */
export function getShards(): string | undefined {
  return core.getInput(Inputs.Shards).trim() || undefined
}

/** Trusted Publishers: the repo or user name to scope an OIDC-exchanged token to (src/hub/oidc.ts). */
export function getOidcResource(): string | undefined {
  return core.getInput(Inputs.OidcResource).trim() || undefined
}

/** The destinations' own inputs carry the names of their CLI flags (`base-image`, `prune`, ...). */
export function getDestinationInputs(): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const [flag, spec] of Object.entries(DESTINATION_FLAGS) as Array<[string, FlagSpec]>) {
    const value = core.getInput(flag)
    if (value.trim() === '') continue
    if (flag.includes('password') || flag.includes('secret')) core.setSecret(value)
    options[camelCase(flag)] =
      spec.type === 'boolean'
        ? core.getBooleanInput(flag)
        : spec.multiple
          ? getList(value)
          : value.trim()
  }
  return options
}

interface FlagSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
}
