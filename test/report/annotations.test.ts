import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/findings.js'
import {
  WORKFLOW_COMMAND_LIMITS,
  batches,
  planAnnotations,
  toAnnotations
} from '../../src/report/annotations.js'
import { finding } from './sample-result.js'

const on = (line: number, overrides: Partial<Finding> = {}): Finding =>
  finding({ line, ...overrides })

describe('toAnnotations', () => {
  it('makes one annotation per file and line, the rules merged, most severe first', () => {
    const [merged, ...rest] = toAnnotations(
      [
        on(7, { rule: 'PGH-045', severity: 'high', title: 'TLS', message: 'no TLS' }),
        on(7, { rule: 'PGH-046', severity: 'critical', message: 'trust from anywhere' }),
        on(3, { severity: 'high', message: 'local trust' })
      ],
      'deploy'
    )
    expect(rest).toHaveLength(1)
    expect(merged).toMatchObject({
      path: 'deploy/conf/pg_hba.conf',
      startLine: 7,
      endLine: 7,
      startColumn: 1,
      level: 'failure',
      severity: 'critical',
      rules: ['PGH-046', 'PGH-045'],
      findings: 2,
      title: 'PGH-046: Client authentication never uses trust (+1 more: PGH-045)'
    })
    expect(merged?.message).toBe(
      'PGH-046 (critical): trust from anywhere\nFix: Replace trust with scram-sha-256.\n\n' +
        'PGH-045 (high): no TLS\nFix: Replace trust with scram-sha-256.'
    )
  })

  it('gives a single finding its rule id and title, and its message with the fix', () => {
    const [only] = toAnnotations([on(3, { message: 'local trust' })], '.')
    expect(only).toMatchObject({
      path: 'conf/pg_hba.conf',
      title: 'PGH-046: Client authentication never uses trust',
      message: 'local trust\nFix: Replace trust with scram-sha-256.'
    })
  })

  it('maps critical and high to failure, medium to warning, low and info to notice', () => {
    const levels = toAnnotations(
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity, i) =>
        on(i + 1, { severity })
      ),
      '.'
    ).map((a) => [a.severity, a.level])
    expect(levels).toEqual([
      ['critical', 'failure'],
      ['high', 'failure'],
      ['medium', 'warning'],
      ['low', 'notice'],
      ['info', 'notice']
    ])
  })

  it('orders by severity, then path and line', () => {
    const order = toAnnotations(
      [
        on(9, { severity: 'low' }),
        on(5, { file: 'b/pg_hba.conf' }),
        on(5, { file: 'a/pg_hba.conf' }),
        on(2)
      ],
      '.'
    ).map((a) => `${a.path}:${a.startLine}`)
    expect(order).toEqual([
      'a/pg_hba.conf:5',
      'b/pg_hba.conf:5',
      'conf/pg_hba.conf:2',
      'conf/pg_hba.conf:9'
    ])
  })

  it('keeps titles within the 255 characters the Checks API takes', () => {
    const [long] = toAnnotations([on(1, { title: 'x'.repeat(400) })], '.')
    expect(long?.title.length).toBe(255)
    expect(long?.title.endsWith('…')).toBe(true)
  })
})

describe('planAnnotations', () => {
  const many = (n: number, severity: Finding['severity']): Finding[] =>
    Array.from({ length: n }, (_, i) => on(i + 1, { severity, file: `${severity}.conf` }))

  it('shows at most 10 of each level and says how many it left out', () => {
    const annotations = toAnnotations(
      [...many(25, 'critical'), ...many(3, 'medium'), ...many(14, 'info')],
      '.'
    )
    const plan = planAnnotations(annotations, WORKFLOW_COMMAND_LIMITS)
    const count = (level: string) => plan.shown.filter((a) => a.level === level).length
    expect([count('failure'), count('warning'), count('notice')]).toEqual([10, 3, 10])
    expect(plan.hidden).toHaveLength(15 + 4)
    expect(plan.shown.filter((a) => a.level === 'failure').map((a) => a.startLine)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1)
    )
  })

  it('spends the budget on the highest severities first', () => {
    const annotations = toAnnotations([...many(8, 'high'), ...many(8, 'critical')], '.')
    const plan = planAnnotations(annotations, { ...WORKFLOW_COMMAND_LIMITS, failure: 9 })
    expect(plan.shown.map((a) => a.severity)).toEqual([
      ...Array<string>(8).fill('critical'),
      'high'
    ])
  })

  it('respects the total across levels', () => {
    const annotations = toAnnotations([...many(5, 'high'), ...many(5, 'medium')], '.')
    const plan = planAnnotations(annotations, { failure: 10, warning: 10, notice: 10, total: 6 })
    expect(plan.shown).toHaveLength(6)
    expect(plan.hidden).toHaveLength(4)
  })
})

describe('batches', () => {
  it('splits into requests of at most the given size', () => {
    expect(batches([...Array(120).keys()], 50).map((b) => b.length)).toEqual([50, 50, 20])
    expect(batches([], 50)).toEqual([])
  })
})
