import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Scanner } from '../../src/scan.js'
import { factsSchema, validateFacts } from '../support/facts-schema.js'

const repo = path.resolve(import.meta.dirname, '../..')

describe('the facts schema', () => {
  it('is generated from the Facts type with its constraints', () => {
    const definitions = factsSchema.definitions as Record<
      string,
      { properties?: Record<string, unknown> }
    >
    expect(definitions.Location?.properties?.line).toEqual({ type: 'integer', minimum: 1 })
    expect(factsSchema.required).toEqual(['schema_version', 'target', 'diagnostics'])
  })

  it('accepts every facts document the scanner builds for the examples and the fixtures', async () => {
    const scanner = new Scanner({ keepFacts: true })
    const result = await scanner.scan([
      path.join(repo, 'examples'),
      path.join(repo, 'test/fixtures')
    ])
    expect(result.targets.length).toBeGreaterThanOrEqual(2)
    for (const target of result.targets) {
      const ok = validateFacts(target.facts)
      expect(validateFacts.errors ?? [], target.target.name).toEqual([])
      expect(ok).toBe(true)
    }
  })

  it('rejects a document with a misspelt section or a bad location', () => {
    const base = {
      schema_version: 1,
      target: { name: 'x', source: 'repository', major: 15, major_source: 'assumed' },
      diagnostics: []
    }
    expect(validateFacts(base)).toBe(true)
    expect(validateFacts({ ...base, hba_rules: [] })).toBe(false)
    const badLine = {
      code: 'X',
      level: 'error',
      message: 'm',
      location: { file: 'a', line: 0, column: 1 }
    }
    expect(validateFacts({ ...base, diagnostics: [badLine] })).toBe(false)
    expect(validateFacts({ ...base, target: { ...base.target, major: 15.5 } })).toBe(false)
  })
})
