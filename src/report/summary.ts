import type { Severity } from '../facts/location.js'
import { SEVERITIES, severityRank } from '../facts/location.js'
import type { Finding, RuleDoc, ScanError, ScanResult } from '../findings.js'
import { atOrAbove, countBySeverity } from './findings.js'
import { encodePath, repoPath } from './repo-path.js'
import { TECHNIQUES } from './techniques.js'

/** GitHub refuses a step summary above 1 MiB (and then shows none of it). */
export const SUMMARY_LIMIT = 1024 * 1024

export interface AnnotationNote {
  /** Annotations GitHub shows, each one a file and line with its findings merged. */
  shown: number
  /** Annotations left out: GitHub would drop them. */
  hidden: number
  via: 'workflow commands' | 'check run'
  checkRunUrl?: string
}

export interface SummaryOptions {
  failOn: Severity
  /** The scanned folder's path in the repository. */
  pathPrefix: string
  /** `https://github.com/owner/repo/blob/<sha>`: each finding links to its line there. */
  blobUrl?: string
  /** Rule pages are `${docsUrl}/PGH-046.md`. */
  docsUrl: string
  annotations?: AnnotationNote
  /** Findings left out because their files are not among those the pull request changes. */
  unchanged?: number
  /** Bytes the summary may take; the findings list is cut to fit. */
  maxBytes?: number
}

export type TechniqueStatus = 'fail' | 'pass' | 'not evaluated' | 'manual check' | 'not covered'

export interface TechniqueRow {
  technique: number
  name: string
  status: TechniqueStatus
  findings: number
  rules: string[]
  /** The rules of kind manual among `rules`: checklist items, never a pass. */
  manual: string[]
}

const STATUS_LABEL: Record<TechniqueStatus, string> = {
  fail: '❌ fail',
  pass: '✅ pass',
  'not evaluated': '⚪ not evaluated',
  'manual check': '📋 manual check',
  'not covered': '➖ not covered'
}

/** How many unreadable files and notices are listed before "and N more". */
const LISTED_PROBLEMS = 50
/** Room kept for the note that says the findings list was cut. */
const NOTE_RESERVE = 1024

/**
 * The job summary: verdict, counts by severity, one row per technique, and every finding
 * grouped by rule with its fix, within `maxBytes`. Everything read from the scanned files is
 * escaped, so a value cannot break a table, open a link or inject HTML.
 */
export function renderSummary(result: ScanResult, options: SummaryOptions): string {
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT
  const head = [
    ...verdict(result, options),
    ...severityTable(result.findings),
    ...annotationNote(options),
    ...techniqueTable(techniqueRows(result)),
    ...problems('Files that could not be read', result.errors),
    ...problems('Notes', result.notices)
  ].join('\n')
  // The checklist comes last but is never cut: the findings list gives way to it.
  const checklist = manualChecklist(result, options.docsUrl)
  const budget = maxBytes - bytes(head) - bytes(checklist) - NOTE_RESERVE
  const findings = findingsSection(result, options, budget)
  return `${head}\n${findings}${checklist}`
}

function verdict(result: ScanResult, options: SummaryOptions): string[] {
  const blocking = result.findings.filter((f) => atOrAbove(f.severity, options.failOn)).length
  const unreadable = result.errors.length
  const reasons: string[] = []
  if (blocking > 0) reasons.push(`${plural(blocking, 'finding')} at \`${options.failOn}\` or above`)
  if (unreadable > 0) reasons.push(`${plural(unreadable, 'file')} could not be read`)
  const line =
    reasons.length > 0
      ? `❌ **Failed:** ${reasons.join('; ')}.`
      : `✅ **Passed:** nothing at \`${options.failOn}\` or above.`
  const targets = result.targets.length
  const manual = manualRules(result).length
  const automated = result.catalog.rules.filter((r) => r.kind === 'automated').length
  const scope =
    targets === 0
      ? 'No PostgreSQL configuration found (looked for postgresql.conf and pg_hba.conf files).'
      : `${plural(result.findings.length, 'finding')} in ${plural(targets, 'deployment')}, ` +
        `checked by ${plural(automated, 'rule')}` +
        (manual > 0 ? `; ${plural(manual, 'manual check')} listed at the end.` : '.')
  const lines = ['## pg-hardening', '', line, '', scope, '']
  if (options.unchanged !== undefined && options.unchanged > 0) {
    lines.push(
      `Only findings in files this pull request changes are reported (\`only-changed\`); ` +
        `${plural(options.unchanged, 'finding')} in other files ${options.unchanged === 1 ? 'was' : 'were'} left out.`,
      ''
    )
  }
  return lines
}

function severityTable(findings: Finding[]): string[] {
  const counts = countBySeverity(findings)
  return [
    '| Severity | Findings |',
    '| --- | ---: |',
    ...SEVERITIES.map((s) => `| ${s} | ${counts[s]} |`),
    ''
  ]
}

function annotationNote(options: SummaryOptions): string[] {
  const note = options.annotations
  if (!note) return []
  const where =
    note.via === 'check run'
      ? `in the check run${note.checkRunUrl ? ` ([details](${note.checkRunUrl}))` : ''}`
      : 'as workflow annotations'
  const shown = `${plural(note.shown, 'annotation')} shown ${where}`
  if (note.hidden === 0) return [`${shown}.`, '']
  return [
    `${shown}; **${note.hidden} not shown**: GitHub shows at most 10 error, 10 warning and 10 ` +
      'notice annotations per step (50 per job). The findings are listed below and in the SARIF file.',
    ''
  ]
}

/**
 * A technique fails when it has a finding; it passes when at least one of its automated rules
 * could read what it needs (a deployment with a pg_hba.conf for rules that read hba) and found
 * nothing; a technique whose only rules are manual is a manual check, never a pass; otherwise
 * it was not evaluated. Techniques no rule implements are not covered.
 */
export function techniqueRows(result: ScanResult): TechniqueRow[] {
  const inputs = result.targets.map((t) => new Set(t.inputs))
  const evaluated = (rule: RuleDoc): boolean =>
    rule.kind === 'automated' && inputs.some((have) => rule.inputs.every((i) => have.has(i)))
  const numbers = new Set([
    ...Object.keys(TECHNIQUES).map(Number),
    ...result.catalog.rules.flatMap((r) => r.techniques)
  ])
  return [...numbers]
    .sort((a, b) => a - b)
    .map((technique) => {
      const rules = result.catalog.rules.filter(
        (r) => r.deprecated !== true && r.techniques.includes(technique)
      )
      const manual = rules.filter((r) => r.kind === 'manual').map((r) => r.id)
      const findings = result.findings.filter((f) => f.techniques.includes(technique)).length
      const status: TechniqueStatus =
        rules.length === 0
          ? 'not covered'
          : findings > 0
            ? 'fail'
            : manual.length === rules.length
              ? 'manual check'
              : rules.some(evaluated)
                ? 'pass'
                : 'not evaluated'
      return {
        technique,
        name: TECHNIQUES[technique] ?? `Technique ${technique}`,
        status,
        findings,
        rules: rules.map((r) => r.id),
        manual
      }
    })
}

function techniqueTable(rows: TechniqueRow[]): string[] {
  return [
    '### Techniques',
    '',
    '| # | Technique | Status | Findings | Rules |',
    '| ---: | --- | --- | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.technique} | ${escapeMarkdown(r.name)} | ${statusCell(r)} | ${r.findings} | ${r.rules.join(', ')} |`
    ),
    ''
  ]
}

/** The automated part's verdict, and a reminder when the technique also has a manual check. */
function statusCell(row: TechniqueRow): string {
  const label = STATUS_LABEL[row.status]
  return row.status !== 'manual check' && row.manual.length > 0
    ? `${label} · ${STATUS_LABEL['manual check']}`
    : label
}

function manualRules(result: ScanResult): RuleDoc[] {
  return result.catalog.rules.filter((r) => r.kind === 'manual' && r.deprecated !== true)
}

/**
 * What no file can show (backups, firewalls, training) as a task list: every scan of a
 * deployment repeats it, most severe first, so it is never mistaken for a pass.
 */
function manualChecklist(result: ScanResult, docsUrl: string): string {
  const rules = manualRules(result)
  if (result.targets.length === 0 || rules.length === 0) return ''
  const sorted = [...rules].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || compare(a.id, b.id)
  )
  return [
    '',
    '### Manual checks',
    '',
    'pg-hardening cannot verify these from files; they are never counted as passed.',
    '',
    ...sorted.map(
      (r) =>
        `- [ ] [${r.id}](${docsUrl}/${r.id}.md) ${escapeMarkdown(r.title)} — ${escapeMarkdown(r.remediation)}`
    ),
    ''
  ].join('\n')
}

function problems(title: string, list: ScanError[]): string[] {
  if (list.length === 0) return []
  const lines = [`### ${title}`, '']
  for (const p of list.slice(0, LISTED_PROBLEMS)) {
    const where = p.line === undefined ? p.file : `${p.file}:${p.line}`
    lines.push(`- ${escapeMarkdown(where)}: ${escapeMarkdown(p.message)}`)
  }
  if (list.length > LISTED_PROBLEMS) lines.push(`- and ${list.length - LISTED_PROBLEMS} more`)
  lines.push('')
  return lines
}

interface RuleGroup {
  rule: string
  findings: Finding[]
}

function findingsSection(result: ScanResult, options: SummaryOptions, budget: number): string {
  if (result.findings.length === 0) return ''
  const rules = new Map(result.catalog.rules.map((r) => [r.id, r]))
  const out: string[] = []
  let used = 0
  let shown = 0
  const add = (text: string): boolean => {
    const size = bytes(text) + 1
    if (used + size > budget) return false
    out.push(text)
    used += size
    return true
  }
  add('### Findings\n')
  // Rules come most severe first, so whatever the budget cuts is the least severe.
  fill: for (const group of groupByRule(result.findings)) {
    const rows = group.findings.map((f) => findingRow(f, options))
    const header = ruleHeader(group, rules.get(group.rule), options.docsUrl)
    if (used + bytes(header) + bytes(rows[0] ?? '') + 2 > budget || !add(header)) break
    for (const row of rows) {
      if (!add(row)) break fill
      shown += 1
    }
    add('')
  }
  const left = result.findings.length - shown
  if (left > 0) {
    out.push(
      '',
      `> **${plural(left, 'finding')} not shown here:** GitHub keeps at most 1 MiB of summary ` +
        'per step. The JSON report (`report-file` output) and the SARIF file list every finding.',
      ''
    )
  }
  return out.join('\n')
}

/** Rules in order of their most severe finding, then id; findings by severity, then place. */
function groupByRule(findings: Finding[]): RuleGroup[] {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    const list = groups.get(f.rule)
    if (list) list.push(f)
    else groups.set(f.rule, [f])
  }
  const worst = (list: Finding[]): number => Math.min(...list.map((f) => severityRank(f.severity)))
  return [...groups.entries()]
    .map(([rule, list]) => ({
      rule,
      findings: [...list].sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) ||
          compare(a.file, b.file) ||
          a.line - b.line ||
          a.column - b.column
      )
    }))
    .sort((a, b) => worst(a.findings) - worst(b.findings) || compare(a.rule, b.rule))
}

function ruleHeader(group: RuleGroup, doc: RuleDoc | undefined, docsUrl: string): string {
  const title = doc ? `${group.rule}: ${escapeMarkdown(doc.title)}` : group.rule
  const fix = doc?.remediation ?? group.findings[0]?.remediation ?? ''
  return [
    `#### ${title}`,
    '',
    `${plural(group.findings.length, 'finding')} · [rule documentation](${docsUrl}/${group.rule}.md)`,
    '',
    `**Fix:** ${escapeMarkdown(fix)}`,
    '',
    '| Severity | Where | Finding |',
    '| --- | --- | --- |'
  ].join('\n')
}

function findingRow(f: Finding, options: SummaryOptions): string {
  const path = repoPath(options.pathPrefix, f.file)
  const label = escapeMarkdown(`${path}:${f.line}`)
  const where = options.blobUrl
    ? `[${label}](${options.blobUrl}/${encodePath(path)}#L${f.line})`
    : label
  return `| ${f.severity} | ${where} | ${escapeMarkdown(f.message)} |`
}

/**
 * Text as literal Markdown: line breaks become spaces (a table row is one line) and every
 * ASCII punctuation character is backslash-escaped, which CommonMark allows for all of them.
 * So `|` cannot end a cell, `<` cannot open HTML, `[`/`(` cannot make a link, `&` cannot start
 * an entity, and `:`, `.` and `@` are broken up so GitHub does not autolink a URL or address.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&')
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
