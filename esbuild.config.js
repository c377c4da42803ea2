// Two self-contained ESM bundles: the Action (dist/index.js) and the CLI (dist/cli.js).
// esbuild, not rollup: rollup's native binaries for other platforms are not in every registry,
// and a lock file without them fails `npm ci`.
import { build } from 'esbuild'

// Some dependencies are CommonJS and call require() for Node built-ins: give the ESM bundle one.
const requireShim = [
  "import { createRequire as __modelbakeCreateRequire } from 'node:module'",
  'const require = __modelbakeCreateRequire(import.meta.url)'
].join('\n')

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Module paths appear in the bundle: keep them as written (node_modules/…), never resolved
  // through a symlink, so that every checkout builds the same bytes.
  preserveSymlinks: true,
  logLevel: 'warning'
}

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    banner: { js: requireShim }
  }),
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: `#!/usr/bin/env node\n${requireShim}` }
  })
])
