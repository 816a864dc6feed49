import { describe, expect, it } from 'vitest'
import { renderJson } from '../../src/report/json.js'
import { finding, result } from './sample-result.js'

describe('renderJson', () => {
  it('keeps the documented report contract', () => {
    const report = JSON.parse(renderJson(result([finding()]), 'high')) as Record<string, unknown>
    expect(Object.keys(report)).toEqual(['findings', 'errors', 'summary'])
    expect(report.findings).toEqual([
      {
        rule: 'PGH-046',
        techniques: [46, 27],
        severity: 'critical',
        title: 'Client authentication never uses trust',
        message: 'host line for all users from 0.0.0.0/0 accepts trust authentication',
        remediation: 'Replace trust with scram-sha-256.',
        file: 'conf/pg_hba.conf',
        line: 7,
        column: 1,
        target: 'conf'
      }
    ])
    expect(report.summary).toMatchObject({
      targets: 1,
      files: 2,
      findings: 1,
      failOn: 'high',
      failed: true
    })
  })

  it('does not fail below the threshold', () => {
    const report = JSON.parse(renderJson(result([finding({ severity: 'medium' })]), 'high')) as {
      summary: { failed: boolean; bySeverity: Record<string, number> }
    }
    expect(report.summary.failed).toBe(false)
    expect(report.summary.bySeverity.medium).toBe(1)
  })
})
