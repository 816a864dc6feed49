import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderSarif } from '../../src/report/sarif.js'
import { Scanner } from '../../src/scan.js'
import { finding, manualRules, result } from './sample-result.js'
import { sarifSchemaErrors } from './sarif-schema.js'

interface SarifLog {
  version: string
  runs: {
    tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }
    results: {
      ruleId: string
      ruleIndex: number
      level: string
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }
      }[]
      partialFingerprints: Record<string, string>
    }[]
  }[]
}

const options = { toolVersion: '1.2.3', informationUri: 'https://example.invalid/pg-hardening' }

describe('renderSarif', () => {
  it('lists every rule of the catalogue with its security severity and tags', () => {
    const log = JSON.parse(renderSarif(result([]), options)) as SarifLog
    const rules = log.runs[0]?.tool.driver.rules ?? []
    expect(log.version).toBe('2.1.0')
    expect(rules.map((r) => r.id)).toEqual(['PGH-028', 'PGH-046'])
    expect(rules[1]?.properties).toMatchObject({ 'security-severity': '9.5' })
    expect(rules[1]?.properties.tags).toEqual(
      expect.arrayContaining(['security', 'technique-46', 'cis-5.4'])
    )
  })

  it('points each result at its file and line relative to the repository', () => {
    const log = JSON.parse(
      renderSarif(result([finding()]), { ...options, uriPrefix: 'deploy' })
    ) as SarifLog
    const first = log.runs[0]?.results[0]
    expect(first?.ruleId).toBe('PGH-046')
    expect(first?.ruleIndex).toBe(1)
    expect(first?.level).toBe('error')
    expect(first?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'deploy/conf/pg_hba.conf'
    )
    expect(first?.locations[0]?.physicalLocation.region.startLine).toBe(7)
  })

  it('keeps fingerprints when a finding moves to another line', () => {
    const a = JSON.parse(renderSarif(result([finding({ line: 7 })]), options)) as SarifLog
    const b = JSON.parse(renderSarif(result([finding({ line: 12 })]), options)) as SarifLog
    const c = JSON.parse(
      renderSarif(result([finding({ file: 'other/pg_hba.conf' })]), options)
    ) as SarifLog
    const print = (log: SarifLog): string | undefined =>
      log.runs[0]?.results[0]?.partialFingerprints['pgHardening/v1']
    expect(print(a)).toBe(print(b))
    expect(print(a)).not.toBe(print(c))
  })
})

describe('renderSarif with manual checks', () => {
  it('lists a manual check as a rule tagged manual, with the note in its help', () => {
    const scan = result([finding()])
    const text = renderSarif(
      { ...scan, catalog: { rules: [...scan.catalog.rules, ...manualRules] } },
      options
    )
    const log = JSON.parse(text) as SarifLog
    expect(sarifSchemaErrors(log)).toEqual([])
    const rules = (log.runs[0]?.tool.driver.rules ?? []) as {
      id: string
      properties: { tags: string[] }
      help: { text: string }
    }[]
    const trained = rules.find((r) => r.id === 'PGH-047')
    expect(trained?.properties.tags).toEqual(['security', 'postgresql', 'manual', 'technique-47'])
    expect(trained?.help.text).toMatch(/^Manual check: pg-hardening cannot verify this from files/)
    expect(rules.find((r) => r.id === 'PGH-046')?.properties.tags).not.toContain('manual')
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(['PGH-046'])
  })

  it('never has a result for a manual check in a real scan', async () => {
    const repo = path.resolve(import.meta.dirname, '../..')
    const scan = await new Scanner().scan([path.join(repo, 'examples/insecure')])
    const manual = scan.catalog.rules.filter((r) => r.kind === 'manual').map((r) => r.id)
    expect(manual.length).toBeGreaterThanOrEqual(14)
    const log = JSON.parse(renderSarif(scan, options)) as SarifLog
    const ruleIds = log.runs[0]?.tool.driver.rules.map((r) => r.id) ?? []
    expect(ruleIds).toEqual(expect.arrayContaining(manual))
    const resultRules = new Set(log.runs[0]?.results.map((r) => r.ruleId))
    expect(resultRules.size).toBeGreaterThan(0)
    for (const id of manual) expect(resultRules.has(id)).toBe(false)
  })
})

describe('renderSarif against the official SARIF 2.1.0 schema', () => {
  const parse = (text: string): unknown => JSON.parse(text)
  const repo = path.resolve(import.meta.dirname, '../..')

  it('accepts the log of a real scan, every rule of the catalogue included', async () => {
    const scan = await new Scanner().scan([path.join(repo, 'examples/insecure')])
    const log = parse(renderSarif(scan, { ...options, uriPrefix: 'examples/insecure' })) as SarifLog
    expect(sarifSchemaErrors(log)).toEqual([])
    expect(log.runs).toHaveLength(1)
    expect(log.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual(
      scan.catalog.rules.map((r) => r.id).sort()
    )
    expect(log.runs[0]?.results.length).toBe(scan.findings.length)
  })

  it('accepts file names that need percent-encoding and unreadable files', () => {
    const odd = finding({ file: 'conf d/pg (old)%,:#?.conf' })
    const text = renderSarif(
      result([odd], { errors: [{ file: 'bad dir/pg_hba.conf', line: 3, message: 'EACCES' }] }),
      { ...options, uriPrefix: './deploy/' }
    )
    const log = parse(text) as SarifLog & {
      runs: { invocations: { executionSuccessful: boolean }[] }[]
    }
    expect(sarifSchemaErrors(log)).toEqual([])
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'deploy/conf%20d/pg%20%28old%29%25%2C%3A%23%3F.conf'
    )
    expect(log.runs[0]?.invocations[0]?.executionSuccessful).toBe(false)
  })

  it('is a schema that can fail: a result without a message is refused', () => {
    const log = parse(renderSarif(result([finding()]), options)) as {
      runs: { results: Record<string, unknown>[] }[]
    }
    delete log.runs[0]?.results[0]?.message
    expect(sarifSchemaErrors(log).join('\n')).toContain("must have required property 'message'")
  })

  it('links each rule to its documentation page', () => {
    const log = parse(renderSarif(result([]), options)) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[]
    }
    for (const rule of log.runs[0]?.tool.driver.rules ?? []) {
      expect(rule.helpUri).toBe(`${options.informationUri}/blob/main/docs/rules/${rule.id}.md`)
    }
  })
})

describe('partialFingerprints', () => {
  const print = (log: SarifLog, i = 0): string | undefined =>
    log.runs[0]?.results[i]?.partialFingerprints['pgHardening/v1']
  const render = (findings: ReturnType<typeof finding>[]): SarifLog =>
    JSON.parse(renderSarif(result(findings), options)) as SarifLog

  it('ignore the line numbers PostgreSQL puts in its own messages', () => {
    const at = (line: number) =>
      finding({
        rule: 'PGH-000',
        line,
        message: `unrecognized configuration parameter "foo" in file "postgresql.conf" line ${line}`
      })
    expect(print(render([at(3)]))).toBe(print(render([at(40)])))
  })

  it('tell identical findings in one file apart by their order', () => {
    const log = render([finding({ line: 3 }), finding({ line: 9 })])
    expect(print(log, 0)).not.toBe(print(log, 1))
    const moved = render([finding({ line: 5 }), finding({ line: 12 })])
    expect([print(moved, 0), print(moved, 1)]).toEqual([print(log, 0), print(log, 1)])
  })
})
