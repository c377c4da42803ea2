// `tool-cache` → a ToolCacheDestination in RUNNER_TOOL_CACHE (set by the Actions runner);
// `tool-cache:DIR` names the folder instead (the CLI outside a runner, or another tool cache).
import { resolve } from 'node:path'
import { expandUser } from '../../core/cache-dir.js'
import { UsageError } from '../../core/errors.js'
import type { DestinationOptions } from '../registry.js'
import { ToolCacheDestination } from './tool-cache.js'

export { ToolCacheDestination, type ToolCacheOptions } from './tool-cache.js'
export { toolEntry, toolName } from './layout.js'

export function createToolCacheDestination(
  target: string,
  options: DestinationOptions
): ToolCacheDestination {
  if (target !== '' && !target.startsWith(':')) {
    throw new UsageError(`unknown destination "tool-cache${target}"`, {
      hint: 'use tool-cache (the runner’s RUNNER_TOOL_CACHE) or tool-cache:DIR'
    })
  }
  const given = target === '' ? options.env.RUNNER_TOOL_CACHE : target.slice(1)
  const dir = given?.trim() ?? ''
  if (dir === '') {
    throw new UsageError(
      target === ''
        ? 'tool-cache needs RUNNER_TOOL_CACHE, which the Actions runner sets'
        : 'tool-cache: needs a folder',
      { hint: 'run it in a job on a (self-hosted) runner, or name the folder: tool-cache:DIR' }
    )
  }
  return new ToolCacheDestination(
    resolve(expandUser(dir, options.env, 'The tool cache folder')),
    {},
    target === '' ? 'tool-cache' : `tool-cache:${dir}`
  )
}
