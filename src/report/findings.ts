import type { Location, Severity } from '../facts/location.js'
import { SEVERITIES, severityRank } from '../facts/location.js'
import type { Catalog, Finding, RuleDoc } from '../findings.js'

export interface PolicyFinding {
  package: string
  message: string
  location: Location
  severity?: Severity
}

/** Joins what the policies returned with the rule catalogue; unknown packages are our bug. */
export function toFindings(raw: PolicyFinding[], catalog: Catalog, target: string): Finding[] {
  const byPackage = rulesByPackage(catalog)
  return raw.map((item) => {
    const rule = byPackage.get(item.package)
    if (!rule) throw new Error(`policy package ${item.package} has no entry in the rule catalogue`)
    return {
      rule: rule.id,
      techniques: rule.techniques,
      severity: item.severity ?? rule.severity,
      title: rule.title,
      message: item.message,
      remediation: rule.remediation,
      file: item.location.file,
      line: item.location.line,
      column: item.location.column,
      target
    }
  })
}

const cache = new WeakMap<Catalog, Map<string, RuleDoc>>()

function rulesByPackage(catalog: Catalog): Map<string, RuleDoc> {
  let map = cache.get(catalog)
  if (!map) {
    map = new Map(catalog.rules.map((rule) => [rule.package, rule]))
    cache.set(catalog, map)
  }
  return map
}

/** Deterministic order: file, line, column, rule, then message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.rule, b.rule) ||
      compare(a.message, b.message)
  )
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold)
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const finding of findings) counts[finding.severity] += 1
  return counts
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
