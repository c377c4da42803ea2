// The Action's entry point (bundled to dist/index.js).
import { run } from './action/main.js'

await run()
