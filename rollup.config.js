// Two self-contained ESM bundles: the Action (dist/index.js) and the CLI (dist/cli.js).
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const plugins = () => [
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    outDir: 'dist',
    noEmitOnError: true
  }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json()
]

/** @returns {import('rollup').RollupOptions} */
const bundle = (input, file, banner) => ({
  input,
  output: { file, format: 'es', sourcemap: false, banner, inlineDynamicImports: true },
  plugins: plugins(),
  onwarn(warning, warn) {
    // Dependencies (@actions/*) have circular imports and `this` at top level; both are harmless.
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return
    warn(warning)
  }
})

export default [
  bundle('src/index.ts', 'dist/index.js'),
  bundle('src/cli.ts', 'dist/cli.js', '#!/usr/bin/env node')
]
