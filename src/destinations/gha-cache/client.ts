// The Actions cache, through @actions/cache (the client actions/cache itself uses): the cache
// service it finds in the environment the runner gives actions (ACTIONS_RESULTS_URL and
// ACTIONS_RUNTIME_TOKEN, with ACTIONS_CACHE_SERVICE_V2 for the current service; ACTIONS_CACHE_URL for
// the legacy one on GHES), archives made with tar and zstd, and Azure Blob Storage behind signed URLs.
//
// @actions/cache writes its log (and the runner's `::` commands) to stdout, where the CLI prints its
// --json report: while it runs, stdout goes to stderr. The runner reads workflow commands from both.
import type { DownloadOptions } from '@actions/cache'

export interface CacheClient {
  /** Whether this process was given a cache service (the runner gives one to actions only). */
  available(): boolean
  /** The key that matched (`key` itself, or an entry found by prefix), or undefined. */
  restore(
    paths: string[],
    key: string,
    restoreKeys: string[],
    options?: { lookupOnly?: boolean }
  ): Promise<string | undefined>
  /** The entry's id, or -1 when it was not saved (the reason is in the log). */
  save(paths: string[], key: string): Promise<number>
}

/** Loaded on first use: the Azure and protobuf code it brings is not needed by other runs. */
export async function actionsCacheClient(): Promise<CacheClient> {
  const cache = await import('@actions/cache')
  return {
    available: () => Boolean(process.env.ACTIONS_RUNTIME_TOKEN) && cache.isFeatureAvailable(),
    restore: (paths, key, restoreKeys, options = {}) => {
      const download: DownloadOptions = { lookupOnly: options.lookupOnly ?? false }
      return onStderr(() => cache.restoreCache(paths, key, restoreKeys, download))
    },
    save: (paths, key) => onStderr(() => cache.saveCache(paths, key))
  }
}

async function onStderr<T>(work: () => Promise<T>): Promise<T> {
  const stdout = process.stdout
  const write = stdout.write
  stdout.write = ((...args: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean).apply(
      process.stderr,
      args
    )) as typeof stdout.write
  try {
    return await work()
  } finally {
    stdout.write = write
  }
}
