import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCatalog } from '../../src/engine/catalog.js'

const repo = path.resolve(import.meta.dirname, '../..')
const techniques = path.join(repo, 'policies/techniques')
const files = fs.readdirSync(techniques).filter((f) => f.endsWith('.rego'))
const policies = files.filter((f) => !f.endsWith('_test.rego'))
const catalog = parseCatalog(
  JSON.parse(fs.readFileSync(path.join(repo, 'dist/catalog.json'), 'utf8'))
)

function packageOf(file: string): string {
  const text = fs.readFileSync(path.join(techniques, file), 'utf8')
  return /^package\s+(\S+)/m.exec(text)?.[1] ?? ''
}

/** `t46_no_trust_auth.rego` is technique 46; `t101_...` is check 101, beyond the guide. */
function numberOf(file: string): number {
  return Number(/^t(\d+)_/.exec(file)?.[1])
}

describe('policies/techniques', () => {
  it('names every file after its package, one tNN_slug package per technique file', () => {
    expect(policies.length).toBeGreaterThan(0)
    for (const file of files) {
      expect(file).toMatch(/^t(\d{2}|1\d{2})_[a-z0-9_]+\.rego$/)
      expect(packageOf(file)).toBe(`pg_hardening.techniques.${file.replace(/\.rego$/, '')}`)
    }
  })

  it('gives every policy its own _test.rego', () => {
    const missing = policies.filter((f) => !files.includes(f.replace(/\.rego$/, '_test.rego')))
    expect(missing).toEqual([])
  })
})

describe('the rule catalogue', () => {
  const bySource = new Map(catalog.rules.map((r) => [path.basename(r.source), r]))

  it('has exactly one rule per policy file: dist/catalog.json is rebuilt', () => {
    expect([...bySource.keys()].sort()).toEqual([...policies].sort())
  })

  it('numbers each rule after its file, and the file after its primary technique', () => {
    const ids = catalog.rules.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const [file, rule] of bySource) {
      const number = numberOf(file)
      expect(rule.id, file).toBe(`PGH-${String(number).padStart(3, '0')}`)
      // Technique 0 is PostgreSQL refusing the configuration, which the guide does not number;
      // checks numbered from 100 go beyond the guide and list its nearest techniques.
      if (number !== 0 && number < 100) expect(rule.techniques[0], file).toBe(number)
    }
  })

  it('keeps manual checks free of deny rules and cites the PostgreSQL manual first', () => {
    const manual = catalog.rules.filter((r) => r.kind === 'manual')
    expect(manual.length).toBeGreaterThanOrEqual(14)
    for (const rule of catalog.rules) {
      const text = fs.readFileSync(path.join(repo, rule.source), 'utf8')
      expect(/^deny\b/m.test(text), rule.id).toBe(rule.kind === 'automated')
    }
    for (const rule of manual) {
      expect(rule.inputs, rule.id).toEqual([])
      expect(rule.references[0]?.url, rule.id).toMatch(/^https:\/\/www\.postgresql\.org\/docs\//)
    }
  })

  it('has a docs page for every rule and no page for a rule that is gone', () => {
    const pages = fs.readdirSync(path.join(repo, 'docs/rules')).sort()
    expect(pages).toEqual(catalog.rules.map((r) => `${r.id}.md`).sort())
  })

  it('matches docs/rules and the README tables (scripts/build-docs.mjs --check)', () => {
    const check = spawnSync(
      process.execPath,
      [path.join(repo, 'scripts/build-docs.mjs'), '--check'],
      { encoding: 'utf8' }
    )
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })
})
