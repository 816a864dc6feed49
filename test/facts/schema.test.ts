import { Ajv2020 } from 'ajv/dist/2020.js'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { factsSchema } from '../../src/facts/schema.js'
import { Scanner } from '../../src/scan.js'

const repo = path.resolve(import.meta.dirname, '../..')
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  factsSchema
)

describe('the facts schema', () => {
  it('is the file the policies are type-checked against', () => {
    const written = JSON.parse(
      fs.readFileSync(path.join(repo, 'policies/schema/facts.json'), 'utf8')
    ) as unknown
    expect(written).toEqual(JSON.parse(JSON.stringify(factsSchema)))
  })

  it('accepts every facts document the scanner builds for the examples and the fixtures', () => {
    const scanner = new Scanner({ keepFacts: true })
    const result = scanner.scan([path.join(repo, 'examples'), path.join(repo, 'test/fixtures')])
    expect(result.targets.length).toBeGreaterThanOrEqual(2)
    for (const target of result.targets) {
      const ok = validate(target.facts)
      expect(validate.errors ?? [], target.target.name).toEqual([])
      expect(ok).toBe(true)
    }
  })

  it('rejects a document with a misspelt section or a bad location', () => {
    const base = {
      schema_version: 1,
      target: { name: 'x', source: 'repository', major: 15, major_source: 'assumed' },
      diagnostics: []
    }
    expect(validate(base)).toBe(true)
    expect(validate({ ...base, hba_rules: [] })).toBe(false)
    expect(
      validate({
        ...base,
        diagnostics: [
          { code: 'X', level: 'error', message: 'm', location: { file: 'a', line: 0, column: 1 } }
        ]
      })
    ).toBe(false)
  })
})
