import { describe, expect, it } from 'vitest'
import { renderSarif } from '../../src/report/sarif.js'
import { finding, result } from './sample-result.js'

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
