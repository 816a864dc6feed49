import { Ajv } from 'ajv'
import fs from 'node:fs'
import path from 'node:path'

/** The facts schema the build generates from src/facts/types.ts, compiled once for the tests. */
export const factsSchema = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../policies/schema/facts.json'), 'utf8')
) as Record<string, unknown>

export const validateFacts = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true
}).compile(factsSchema)
