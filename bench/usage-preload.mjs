// Loaded with `node --import` into every Node client the benchmark starts: at exit, writes the
// process's peak RSS and CPU time to the file named by MODELBAKE_BENCH_USAGE_FILE. Plain
// JavaScript so that it loads without a TypeScript loader. Not written when the process is killed.
import { writeFileSync } from 'node:fs'

const file = process.env.MODELBAKE_BENCH_USAGE_FILE
if (file) {
  // Children of this process (if any) must not overwrite it.
  delete process.env.MODELBAKE_BENCH_USAGE_FILE
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        userSeconds: usage.userCPUTime / 1e6,
        systemSeconds: usage.systemCPUTime / 1e6
      })
    )
  })
}
