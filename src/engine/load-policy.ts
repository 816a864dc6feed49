import * as opaModule from '@open-policy-agent/opa-wasm'
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PgHardeningError, errorMessage } from '../errors.js'
import type { Catalog } from '../findings.js'
import { parseCatalog } from './catalog.js'

export type { LoadedPolicy } from '@open-policy-agent/opa-wasm'

// The package's ESM entry puts loadPolicySync on its default export only, which its types omit.
const { loadPolicySync } = (opaModule as unknown as { default: typeof opaModule }).default

/**
 * Where the compiled policies are: beside the bundle in dist/, or in the checkout's dist/ when
 * running from sources (tests).
 */
function distFile(name: string): string {
  const candidates = [
    new URL(`./${name}`, import.meta.url),
    new URL(`../../dist/${name}`, import.meta.url)
  ]
  for (const candidate of candidates) {
    const file = fileURLToPath(candidate)
    if (fs.existsSync(file)) return file
  }
  throw new PgHardeningError(
    'POLICY_LOAD_FAILED',
    `cannot find ${name}: run "npm run build" to compile the policies`
  )
}

export interface PolicyFiles {
  wasm: Uint8Array
  catalog: Catalog
}

export function readPolicyFiles(): PolicyFiles {
  const wasmFile = distFile('policy.wasm')
  const catalogFile = distFile('catalog.json')
  try {
    return {
      wasm: fs.readFileSync(wasmFile),
      catalog: parseCatalog(JSON.parse(fs.readFileSync(catalogFile, 'utf8')))
    }
  } catch (error) {
    throw new PgHardeningError(
      'POLICY_LOAD_FAILED',
      `cannot load the compiled policies: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

export function instantiate(wasm: Uint8Array): LoadedPolicy {
  try {
    return loadPolicySync(wasm)
  } catch (error) {
    throw new PgHardeningError(
      'POLICY_LOAD_FAILED',
      `cannot instantiate the policy module: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}
