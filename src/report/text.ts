import type { Severity } from '../facts/location.js'
import { SEVERITIES } from '../facts/location.js'
import type { Finding, ScanResult } from '../findings.js'
import { summarize } from './summary-counts.js'

export interface TextOptions {
  failOn: Severity
  color: boolean
}

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m'
}
const RESET = '\u001b[0m'
const BOLD = '\u001b[1m'
const DIM = '\u001b[2m'

/** Findings grouped by file, for a person at a terminal. */
export function renderText(result: ScanResult, options: TextOptions): string {
  const paint = (code: string, text: string): string =>
    options.color ? `${code}${text}${RESET}` : text
  const lines: string[] = []
  for (const [file, findings] of groupByFile(result.findings)) {
    lines.push(paint(BOLD, file))
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(8)
      const severity = paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(8))
      lines.push(`  ${where} ${severity} ${f.rule}  ${f.message}`)
      lines.push(`  ${' '.repeat(8)} ${paint(DIM, `fix: ${oneLine(f.remediation)}`)}`)
    }
    lines.push('')
  }
  for (const error of result.errors) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}`
    lines.push(`${paint(SEVERITY_COLOR.high, 'error')} ${where}: ${error.message}`)
  }
  for (const notice of result.notices) {
    lines.push(`${paint(DIM, 'note')} ${notice.file}: ${notice.message}`)
  }
  if (result.errors.length + result.notices.length > 0) lines.push('')
  lines.push(summaryLine(result, options.failOn, paint))
  const manual = manualLine(result)
  if (manual !== undefined) lines.push(paint(DIM, manual))
  return `${lines.join('\n')}\n`
}

/** Checks no file can show are not a pass: say how many there are and where to read them. */
function manualLine(result: ScanResult): string | undefined {
  if (result.targets.length === 0) return undefined
  const count = result.catalog.rules.filter(
    (r) => r.kind === 'manual' && r.deprecated !== true
  ).length
  if (count === 0) return undefined
  const noun = count === 1 ? 'manual check' : 'manual checks'
  return `${count} ${noun}: run "pg-harden rules --kind manual"`
}

function summaryLine(
  result: ScanResult,
  failOn: Severity,
  paint: (code: string, text: string) => string
): string {
  const summary = summarize(result, failOn)
  if (summary.targets === 0) {
    return 'No PostgreSQL configuration found (looked for postgresql.conf and pg_hba.conf files).'
  }
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0)
    .map((s) => `${summary.bySeverity[s]} ${s}`)
    .join(', ')
  const targets = `${summary.targets} ${summary.targets === 1 ? 'deployment' : 'deployments'}`
  const errors = summary.errors > 0 ? `, ${summary.errors} unreadable` : ''
  if (summary.findings === 0) return paint('\u001b[32m', `✔ no findings in ${targets}${errors}`)
  const verdict = summary.failed ? `failing at ${failOn} or above` : `nothing at ${failOn} or above`
  const mark = summary.failed ? paint(SEVERITY_COLOR.critical, '✖') : '•'
  const noun = summary.findings === 1 ? 'finding' : 'findings'
  return `${mark} ${summary.findings} ${noun} (${counts}) in ${targets}${errors}; ${verdict}`
}

function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) {
    const list = groups.get(finding.file)
    if (list) list.push(finding)
    else groups.set(finding.file, [finding])
  }
  return groups
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
