// `modelbake resolve SPEC...`: the commit of each spec, for release notes and update bots. No download.
import {
  collectSpecs,
  DEFAULT_ENDPOINT,
  parseEndpoint,
  resolveToken,
  retryFromEnv
} from '../config.js'
import { HubApi, repoLabel } from '../hub/api.js'
import { HttpClient } from '../hub/http.js'
import { VERSION } from '../version.js'
import type { CliIO } from './main.js'
import { parseSubcommandArgs, reportFailure } from './subcommand.js'

export const RESOLVE_HELP = `Usage: modelbake resolve SPEC... [--models LIST] [--datasets LIST] [--endpoint URL] [--token TOKEN] [--json]

Prints the commit each branch, tag or PR ref points at, one line per spec ("org/name:main <commit>"),
or with --json: {"repos": [{"repo", "type", "revision", "commit", "label"}]}. Downloads nothing.
`

export async function runResolve(
  argv: string[],
  io: CliIO,
  readTokenFile?: (path: string) => string | undefined
): Promise<number> {
  let secrets: string[] = []
  try {
    const { values, positionals } = parseSubcommandArgs('resolve', argv, {
      models: { type: 'string', multiple: true },
      datasets: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    })
    if (values.help) {
      io.stdout.write(RESOLVE_HELP)
      return 0
    }
    const specs = collectSpecs(
      { specs: positionals, models: values.models, datasets: values.datasets },
      io.env
    )
    const endpoint = parseEndpoint(values.endpoint ?? io.env.HF_ENDPOINT ?? DEFAULT_ENDPOINT)
    const token = resolveToken(values.token, { env: io.env, readTokenFile })
    secrets = token ? [token] : []
    const http = new HttpClient({
      trustedOrigin: endpoint,
      token,
      userAgent: `modelbake/${VERSION}`,
      retry: retryFromEnv(io.env)
    })
    try {
      const api = new HubApi(endpoint, http, Boolean(token))
      const repos = await Promise.all(
        specs.map(async (spec) => ({
          repo: spec.repo,
          type: spec.type,
          revision: spec.revision,
          commit: await api.resolveRevision(spec, spec.revision),
          label: repoLabel(spec)
        }))
      )
      if (values.json) io.stdout.write(`${JSON.stringify({ repos }, null, 2)}\n`)
      else for (const r of repos) io.stdout.write(`${r.label}:${r.revision} ${r.commit}\n`)
      return 0
    } finally {
      http.close()
    }
  } catch (error) {
    return reportFailure(io, error, secrets)
  }
}
