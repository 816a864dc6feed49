// Loads a TypeScript module of src/ from a build script: esbuild bundles it to a temporary
// ES module, which is imported and removed. Scripts stay plain .mjs so they run before a build.
import { build } from 'esbuild'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export async function loadTs(entry) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-load-'))
  const outfile = path.join(dir, 'module.mjs')
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'error'
    })
    return await import(pathToFileURL(outfile).href)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
