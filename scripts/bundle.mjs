// Bundles the CLI and the action into single ES modules in dist/ (committed: the action runs
// dist/index.js as is). The compiled policies sit beside them (scripts/build-policies.mjs).
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

// CommonJS dependencies call require() for Node built-ins and find their files through
// __dirname; an ES module has neither of its own. libpg-query reads libpg-query.wasm beside
// the bundle, which is why the bundle step copies it into dist/.
const requireShim = [
  "import { createRequire as __pghCreateRequire } from 'node:module';",
  'const require = __pghCreateRequire(import.meta.url);',
  'const __filename = import.meta.filename;',
  'const __dirname = import.meta.dirname;'
].join('\n')

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __PG_HARDENING_VERSION__: JSON.stringify(version) }
}

await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/index.ts')],
  outfile: path.join(root, 'dist/cli.js'),
  banner: { js: `#!/usr/bin/env node\n${requireShim}` }
})
await build({
  ...common,
  entryPoints: [path.join(root, 'src/action/index.ts')],
  outfile: path.join(root, 'dist/index.js'),
  banner: { js: requireShim }
})
fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755)
fs.copyFileSync(
  path.join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'),
  path.join(root, 'dist/libpg-query.wasm')
)
for (const file of ['cli.js', 'index.js']) {
  const size = fs.statSync(path.join(root, 'dist', file)).size
  console.error(`bundle: dist/${file} ${(size / 1024).toFixed(0)} KiB`)
}
