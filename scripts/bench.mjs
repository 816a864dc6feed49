// npm run bench: bundles test/bench/bench.ts and runs it with the garbage collector exposed.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-bench-build-'))
const outfile = path.join(dir, 'bench.mjs')
try {
  await build({
    entryPoints: [path.join(root, 'test/bench/bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile,
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);"
    }
  })
  // The bundle lives in a temp folder: tell it where the repository and its dist/ are.
  fs.symlinkSync(path.join(root, 'dist/policy.wasm'), path.join(dir, 'policy.wasm'))
  fs.symlinkSync(path.join(root, 'dist/catalog.json'), path.join(dir, 'catalog.json'))
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], {
    stdio: 'inherit',
    env: { ...process.env, PGH_REPO: root }
  })
  process.exitCode = run.status ?? 1
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
