import { Ajv } from 'ajv'
import formats from 'ajv-formats'
import fs from 'node:fs'
import path from 'node:path'

const schemaFile = path.resolve(import.meta.dirname, '../fixtures/sarif/sarif-schema-2.1.0.json')

/** The official SARIF 2.1.0 schema (test/fixtures/sarif/README.md), with its formats checked. */
function compile() {
  const ajv = new Ajv({ allErrors: true, strict: false })
  formats.default(ajv)
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')))
}

let validate: ReturnType<typeof compile> | undefined

/** The schema's complaints about a SARIF log, as readable lines; empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  validate ??= compile()
  if (validate(log)) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
}
