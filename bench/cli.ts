// `npm run bench`: the front door. Reads argv, runs the benchmark, turns any failure into a
// message and an exit code (2: bad options, 1: a run failed).
import { join } from 'node:path'
import { ROOT } from './build.js'
import { runBench } from './main.js'
import { BenchUsageError, parseBenchArgs, USAGE } from './options.js'

try {
  const options = parseBenchArgs(process.argv.slice(2), process.env, {
    resultsDir: join(ROOT, 'bench', 'results')
  })
  if (options.help) process.stdout.write(USAGE)
  else await runBench(options)
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
  if (error instanceof BenchUsageError) console.error(`\n${USAGE}`)
  process.exitCode = error instanceof BenchUsageError ? 2 : 1
}
