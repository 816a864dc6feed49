import { describe, expect, it } from 'vitest'
import { renderText } from '../../src/report/text.js'
import { finding, manualRules, result } from './sample-result.js'

describe('renderText', () => {
  it('groups findings by file with line, severity, rule and remediation', () => {
    const text = renderText(
      result([
        finding({ file: 'a/pg_hba.conf', line: 3 }),
        finding({
          file: 'a/postgresql.conf',
          line: 2,
          rule: 'PGH-028',
          severity: 'info',
          message: 'port 5432'
        })
      ]),
      { failOn: 'high', color: false }
    )
    expect(text).toContain('a/pg_hba.conf\n  3:1      critical PGH-046  host line')
    expect(text).toContain('fix: Replace trust with scram-sha-256.')
    expect(text).toContain('a/postgresql.conf\n  2:1      info     PGH-028  port 5432')
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '✖ 2 findings (1 critical, 1 info) in 1 deployment; failing at high or above'
    )
  })

  it('closes with the number of manual checks and how to list them', () => {
    const scan = result([finding()])
    const text = renderText(
      { ...scan, catalog: { rules: [...scan.catalog.rules, ...manualRules] } },
      { failOn: 'high', color: false }
    )
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      '✖ 1 finding (1 critical) in 1 deployment; failing at high or above',
      '2 manual checks: run "pg-harden rules --kind manual"'
    ])
    const none = renderText(
      { ...scan, targets: [], catalog: { rules: manualRules } },
      { failOn: 'high', color: false }
    )
    expect(none).not.toContain('manual check')
  })

  it('says plainly when nothing was found to check', () => {
    const text = renderText(result([], { targets: [] }), { failOn: 'high', color: false })
    expect(text).toContain('No PostgreSQL configuration found')
  })

  it('colours only when asked', () => {
    const plain = renderText(result([finding()]), { failOn: 'high', color: false })
    const coloured = renderText(result([finding()]), { failOn: 'high', color: true })
    expect(plain).not.toContain('\u001b[')
    expect(coloured).toContain('\u001b[1;31mcritical')
  })

  it('lists unreadable files as errors', () => {
    const text = renderText(
      result([], { errors: [{ file: 'x.conf', message: 'permission denied' }] }),
      {
        failOn: 'high',
        color: false
      }
    )
    expect(text).toContain('error x.conf: permission denied')
    expect(text).toContain('1 unreadable')
  })
})
