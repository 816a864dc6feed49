import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { describe, expect, it } from 'vitest'
import type { RuleDoc, ScanResult } from '../../src/findings.js'
import type { SummaryOptions } from '../../src/report/summary.js'
import {
  SUMMARY_LIMIT,
  escapeMarkdown,
  renderSummary,
  techniqueRows
} from '../../src/report/summary.js'
import { catalog, finding, manualRules, result } from './sample-result.js'

const options: SummaryOptions = {
  failOn: 'high',
  pathPrefix: 'deploy',
  blobUrl: 'https://github.com/acme/db/blob/0123abc',
  docsUrl: 'https://github.com/pg-hardening/pg-hardening/blob/main/docs/rules'
}

/** GitHub renders summaries as GFM; raw HTML is let through so that an injection would show. */
function render(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] ?? '')
}

describe('renderSummary', () => {
  it('says whether the step failed and counts findings by severity', () => {
    const md = renderSummary(
      result([finding(), finding({ line: 9, severity: 'info', rule: 'PGH-028' })]),
      options
    )
    expect(md).toContain('❌ **Failed:** 1 finding at `high` or above.')
    expect(md).toContain('| critical | 1 |')
    expect(md).toContain('| info | 1 |')
    expect(md).toContain('| medium | 0 |')
    expect(renderSummary(result([]), options)).toContain('✅ **Passed:**')
  })

  it('fails when files could not be read, even without findings', () => {
    const md = renderSummary(
      result([], { errors: [{ file: 'conf/pg_hba.conf', message: 'permission denied' }] }),
      options
    )
    expect(md).toContain('❌ **Failed:** 1 file could not be read.')
    expect(md).toContain('conf\\/pg\\_hba\\.conf: permission denied')
  })

  it('links every finding to its line at the commit, with its fix and rule page', () => {
    const html = render(
      renderSummary(result([finding({ file: 'conf (old)/pg_hba.conf' })]), options)
    )
    expect(hrefs(html)).toEqual([
      'https://github.com/pg-hardening/pg-hardening/blob/main/docs/rules/PGH-046.md',
      'https://github.com/acme/db/blob/0123abc/deploy/conf%20%28old%29/pg_hba.conf#L7'
    ])
    expect(html).toContain('deploy/conf (old)/pg_hba.conf:7</a>')
    expect(html).toContain('<strong>Fix:</strong> Replace trust with scram-sha-256.')
  })

  it('keeps hostile values inside their table cell: no HTML, no links, no new rows', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '| injected | cell |',
      '[click](https://evil.example)',
      'https://evil.example/path www.evil.example evil@example.com',
      'line\nbreak\r\n| --- |',
      '`code` *em* **strong** <script>alert(1)</script> &amp; &#60;',
      '::error file=x,line=1::injected %0A'
    ]
    const md = renderSummary(
      result(hostile.map((message, i) => finding({ line: i + 1, message }))),
      { failOn: options.failOn, pathPrefix: options.pathPrefix, docsUrl: options.docsUrl }
    )
    const html = render(md)
    expect(html).not.toMatch(/<img|<script|<em>|<strong>strong|<code>code/)
    expect(hrefs(html)).toEqual([`${options.docsUrl}/PGH-046.md`])
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1] ?? '')
    const findingRows = rows.filter((r) => r.includes('deploy/conf/pg_hba.conf'))
    expect(findingRows).toHaveLength(hostile.length)
    for (const row of findingRows) expect(row.match(/<td>/g)).toHaveLength(3)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('[click](https://evil.example)')
  })

  it('notes annotations GitHub would not show, and findings left out by only-changed', () => {
    const md = renderSummary(result([finding()]), {
      ...options,
      annotations: { shown: 30, hidden: 12, via: 'workflow commands' },
      unchanged: 4
    })
    expect(md).toContain('30 annotations shown as workflow annotations; **12 not shown**')
    expect(md).toContain('4 findings in other files were left out')
  })

  it('stays within 1 MiB on 10,000 findings, cutting the least severe and saying so', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const
    const findings = Array.from({ length: 10_000 }, (_, i) =>
      finding({
        rule: 'PGH-046',
        line: i + 1,
        severity: severities[i % 5] ?? 'info',
        file: `deployments/cluster-${i % 97}/pg_hba.conf`,
        message: `pg_hba.conf rule 'host all all 0.0.0.0/0 trust' number ${i} lets anyone in`
      })
    )
    const md = renderSummary(result(findings), options)
    const size = Buffer.byteLength(md)
    expect(size).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(size).toBeGreaterThan(SUMMARY_LIMIT * 0.9)
    const shown = md.match(/^\| (critical|high|medium|low|info) \| \[/gm) ?? []
    const left = Number(/> \*\*(\d+) findings not shown here/.exec(md)?.[1])
    expect(shown.length + left).toBe(10_000)
    expect(shown.filter((row) => row.includes('critical'))).toHaveLength(2000)
    expect(md.trimEnd().endsWith('list every finding.')).toBe(true)
  })

  it('cuts to any budget it is given', () => {
    const findings = Array.from({ length: 50 }, (_, i) => finding({ line: i + 1 }))
    const md = renderSummary(result(findings), { ...options, maxBytes: 8000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(8000)
    expect(md).toMatch(/\*\*\d+ findings not shown here:\*\*/)
  })
})

function withManual(r: ScanResult, rules: RuleDoc[] = manualRules): ScanResult {
  return { ...r, catalog: { rules: [...r.catalog.rules, ...rules] } }
}

describe('renderSummary with manual checks', () => {
  it('ends with a checklist of every manual check, most severe first, with its guidance', () => {
    const md = renderSummary(withManual(result([finding()])), options)
    const checklist = md.slice(md.indexOf('### Manual checks'))
    expect(checklist.split('\n').filter((line) => line.startsWith('- [ ] '))).toEqual([
      `- [ ] [PGH-015](${options.docsUrl}/PGH-015.md) Backups run on a schedule and a restore ` +
        'is tested regularly — Schedule \\`pg\\_dump \\-Fc\\` daily \\| restore it monthly\\.',
      `- [ ] [PGH-047](${options.docsUrl}/PGH-047.md) Administrators are trained in PostgreSQL ` +
        'security — Brief everyone with superuser access once a year\\.'
    ])
    expect(md.indexOf('### Findings')).toBeLessThan(md.indexOf('### Manual checks'))
    expect(md).toContain('1 finding in 1 deployment, checked by 2 rules; 2 manual checks listed')
    const html = render(md)
    expect(html).toContain('<input type="checkbox" disabled="" /> <a href=')
    expect(html).toContain('regularly — Schedule `pg_dump -Fc` daily | restore it monthly.</li>')
  })

  it('keeps the checklist whole when the findings fill the summary', () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      finding({ line: i + 1, message: `trust rule number ${i} ${'x'.repeat(200)}` })
    )
    const md = renderSummary(withManual(result(findings)), { ...options, maxBytes: 100_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(100_000)
    expect(md).toMatch(/findings not shown here/)
    expect(md.match(/^- \[ \] /gm)).toHaveLength(2)
  })

  it('leaves the checklist out when no deployment was found', () => {
    const md = renderSummary(withManual(result([], { targets: [] })), options)
    expect(md).not.toContain('Manual checks')
    expect(md).toContain('No PostgreSQL configuration found')
  })
})

describe('techniqueRows', () => {
  const rows = (r: ScanResult) => new Map(techniqueRows(r).map((row) => [row.technique, row]))

  it('fails a technique with findings and passes one whose rules ran clean', () => {
    const byNumber = rows(result([finding()]))
    expect(byNumber.get(46)).toMatchObject({ status: 'fail', findings: 1, rules: ['PGH-046'] })
    expect(byNumber.get(28)).toMatchObject({ status: 'pass', findings: 0 })
  })

  it('says not evaluated when no deployment has the input its rules read', () => {
    const confOnly = result([])
    const target = confOnly.targets[0]
    if (target) target.inputs = ['conf']
    const byNumber = rows(confOnly)
    expect(byNumber.get(46)?.status).toBe('not evaluated')
    expect(byNumber.get(28)?.status).toBe('pass')
    expect(rows(result([], { targets: [] })).get(28)?.status).toBe('not evaluated')
  })

  it('lists the techniques no rule implements as not covered', () => {
    const all = techniqueRows(result([]))
    expect(all.map((r) => r.technique)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(all.find((r) => r.technique === 1)).toMatchObject({
      status: 'not covered',
      rules: []
    })
    expect(catalog.rules.flatMap((r) => r.techniques)).not.toContain(1)
  })
})

describe('techniqueRows with manual checks', () => {
  const rows = (r: ScanResult) => new Map(techniqueRows(r).map((row) => [row.technique, row]))

  it('shows a technique whose only rules are manual as a manual check, never a pass', () => {
    const byNumber = rows(withManual(result([])))
    expect(byNumber.get(47)).toMatchObject({
      status: 'manual check',
      findings: 0,
      rules: ['PGH-047'],
      manual: ['PGH-047']
    })
    expect(byNumber.get(15)?.status).toBe('manual check')
    expect(byNumber.get(28)).toMatchObject({ status: 'pass', manual: [] })
    const md = renderSummary(withManual(result([])), options)
    expect(md).toContain('| 47 | Train administrators | 📋 manual check | 0 | PGH-047 |')
    expect(md).not.toMatch(/\| 47 \|[^\n]*pass/)
  })

  it('keeps the automated verdict of a technique that also has a manual check, and says so', () => {
    const manual46 = manualRules.slice(0, 1).map((r) => ({ ...r, id: 'PGH-099', techniques: [46] }))
    const clean = renderSummary(withManual(result([]), manual46), options)
    expect(clean).toContain('| 46 | Avoid trust authentication | ✅ pass · 📋 manual check | 0 |')
    const failing = rows(withManual(result([finding()]), manual46)).get(46)
    expect(failing).toMatchObject({ status: 'fail', manual: ['PGH-099'] })
  })
})

describe('escapeMarkdown', () => {
  it('renders back to the same text', () => {
    const text = String.raw`a|b <c> [d](e) *f* _g_ \h & i: j. k@l #m !n ~o`
    expect(render(escapeMarkdown(text))).toBe(
      `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`
    )
  })
})
