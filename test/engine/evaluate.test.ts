import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Engine, readFindings } from '../../src/engine/evaluate.js'
import { instantiate, readPolicyFiles } from '../../src/engine/load-policy.js'
import { PgHardeningError } from '../../src/errors.js'
import type { Facts } from '../../src/facts/types.js'
import { initSqlParser } from '../../src/parse/sql.js'
import { Scanner, collectRoot } from '../../src/scan.js'

const repo = path.resolve(import.meta.dirname, '../..')

// The examples hold SQL migrations, which collectRoot reads with the libpg-query module.
beforeAll(async () => {
  await initSqlParser()
})

function factsOf(folder: string): Facts {
  const [facts] = [...collectRoot(path.join(repo, folder), { errors: [], notices: [] })]
  if (!facts) throw new Error(`no facts in ${folder}`)
  return facts
}

describe('the compiled policy module', () => {
  it('has one catalogue entry for every package that reports, and reports only known packages', () => {
    const { wasm, catalog } = readPolicyFiles()
    const engine = new Engine(instantiate(wasm), { defaults: {}, config: {} })
    const raw = engine.evaluate(factsOf('examples/insecure'))
    const packages = new Set(catalog.rules.map((r) => r.package))
    expect(raw.length).toBeGreaterThan(10)
    for (const finding of raw) expect(packages).toContain(finding.package)
  })

  it('fires most rules on the insecure example, in WebAssembly, with the defaults loaded', () => {
    const scanner = new Scanner()
    const fired = new Set(scanner.judge(factsOf('examples/insecure')).findings.map((f) => f.rule))
    for (const id of [
      'PGH-002',
      'PGH-004',
      'PGH-005',
      'PGH-006',
      'PGH-008',
      'PGH-009',
      'PGH-017',
      'PGH-022',
      'PGH-027',
      'PGH-045',
      'PGH-046',
      'PGH-007',
      'PGH-026',
      'PGH-032',
      'PGH-034',
      'PGH-101',
      'PGH-102',
      'PGH-001',
      'PGH-020',
      'PGH-021',
      'PGH-024',
      'PGH-049',
      'PGH-110',
      'PGH-111'
    ]) {
      expect(fired, id).toContain(id)
    }
  })

  it('is silent on facts with nothing collected', () => {
    const scanner = new Scanner()
    const empty: Facts = {
      schema_version: 1,
      target: { name: 'empty', source: 'repository', major: 15, major_source: 'assumed' },
      diagnostics: []
    }
    expect(scanner.judge(empty).findings).toEqual([])
  })
})

describe('readFindings', () => {
  const ok = { location: { file: 'pg_hba.conf', line: 3, column: 1 }, message: 'm' }

  it('reads findings keyed by package', () => {
    expect(readFindings([{ result: { findings: { t46_no_trust_auth: [ok] } } }])).toEqual([
      {
        package: 't46_no_trust_auth',
        message: 'm',
        location: { file: 'pg_hba.conf', line: 3, column: 1 }
      }
    ])
  })

  it('treats an undefined result as no findings', () => {
    expect(readFindings([])).toEqual([])
  })

  it.each([
    [{ findings: [ok] }, 'findings is not an object'],
    [{ findings: { p: [{ message: 'm' }] } }, 'lacks a message or a location'],
    [{ findings: { p: [{ ...ok, severity: 'severe' }] } }, 'has severity "severe"']
  ])('refuses a malformed result %#', (result, message) => {
    expect(() => readFindings([{ result }])).toThrow(PgHardeningError)
    expect(() => readFindings([{ result }])).toThrow(message)
  })
})
